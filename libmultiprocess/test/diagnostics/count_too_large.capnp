@0xd1a4a6f6b1c2e306;
using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("diag");
using Proxy = import "/mp/proxy.capnp";

interface Greeter $Proxy.wrap("Greeter") {
    greet @0 (name :Text $Proxy.count(2)) -> (result :Text);
}
