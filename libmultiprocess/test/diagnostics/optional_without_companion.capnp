@0xe4b1c8a1f0d2a611;
using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("diag");
using Proxy = import "/mp/proxy.capnp";
$Proxy.include("containers.h");
$Proxy.includeTypes("containers-types.h");

interface Limiter $Proxy.wrap("Limiter") {
    setLimit @0 (limit :Int32) -> ();
}
