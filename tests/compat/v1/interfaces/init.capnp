# The bootstrap interface mpnode serves on its socket (interfaces::Init).

@0xcff9f4bb61bbeb77;

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("interfaces::messages");

using Proxy = import "/mp/proxy.capnp";
$Proxy.include("interfaces/init.h");
$Proxy.includeTypes("interfaces/capnp-types.h");

using Chain = import "chain.capnp";
using Echo = import "echo.capnp";
using Node = import "node.capnp";

interface Init $Proxy.wrap("interfaces::Init") {
    construct @0 (threadMap :Proxy.ThreadMap) -> (threadMap :Proxy.ThreadMap);
    makeNode @1 (context :Proxy.Context) -> (result :Node.Node);
    makeChain @2 (context :Proxy.Context) -> (result :Chain.Chain);
    makeEcho @3 (context :Proxy.Context) -> (result :Echo.Echo);
}
