@0xc5eaa598e09a87e2;

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("interfaces::messages");

using Proxy = import "/mp/proxy.capnp";
$Proxy.include("interfaces/handler.h");
$Proxy.includeTypes("interfaces/capnp-types.h");

# A subscription; destroying the client-side Handler ends it.
interface Handler $Proxy.wrap("interfaces::Handler") {
    destroy @0 (context :Proxy.Context) -> ();
    disconnect @1 (context :Proxy.Context) -> ();
}
