@0xd1a4a6f6b1c2e303;
using Proxy = import "/mp/proxy.capnp";

interface Greeter $Proxy.wrap("Greeter") {
    greet @0 (name :Txet) -> (result :Text);
}
