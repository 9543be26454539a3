@0xf3bf9056096d2264;

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("interfaces::messages");

using Proxy = import "/mp/proxy.capnp";
$Proxy.include("interfaces/echo.h");
$Proxy.includeTypes("interfaces/capnp-types.h");

interface Echo $Proxy.wrap("interfaces::Echo") {
    destroy @0 (context :Proxy.Context) -> ();
    echo @1 (context :Proxy.Context, text :Text) -> (result :Text);
}
