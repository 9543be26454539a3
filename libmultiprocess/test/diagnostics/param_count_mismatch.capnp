@0xd1a4a6f6b1c2e305;
using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("diag");
using Proxy = import "/mp/proxy.capnp";
$Proxy.include("greeter.h");

interface Greeter $Proxy.wrap("Greeter") {
    greet @0 (name :Text, loudly :Bool) -> (result :Text);
}
