@0xd1a4a6f6b1c2e304;
using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("diag");
using Proxy = import "/mp/proxy.capnp";
$Proxy.include("greeter.h");

interface Greeter $Proxy.wrap("NoSuchGreeter") {
    greet @0 (name :Text) -> (result :Text);
}
