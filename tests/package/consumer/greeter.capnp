@0xf77e45daaf643691;

using Cxx = import "/capnp/c++.capnp";
using Proxy = import "/mp/proxy.capnp";

$Proxy.include("greeter.h");
$Proxy.includeTypes("greeter-types.h");

interface GreeterInit $Proxy.wrap("Greeter") {
    construct @0 (threadMap :Proxy.ThreadMap) -> (threadMap :Proxy.ThreadMap);
    greet @1 (context :Proxy.Context, name :Text) -> (result :Text);
}
