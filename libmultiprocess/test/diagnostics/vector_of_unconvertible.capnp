@0xe4b1c8a1f0d2a613;
using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("diag");
using Proxy = import "/mp/proxy.capnp";
$Proxy.include("containers.h");
$Proxy.includeTypes("containers-types.h");

interface Bag $Proxy.wrap("Bag") {
    add @0 (items :List(Int32)) -> ();
}
