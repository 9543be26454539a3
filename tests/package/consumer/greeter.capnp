@0xf77e45daaf643691;

using Cxx = import "/capnp/c++.capnp";
using Proxy = import "/mp/proxy.capnp";

$Proxy.include("greeter.h");
$Proxy.includeTypes("greeter-types.h");

interface GreeterInit $Proxy.wrap("Greeter") {
    construct @0 (threadMap :Proxy.ThreadMap) -> (threadMap :Proxy.ThreadMap);
    greet @1 (context :Proxy.Context, name :Text) -> (result :Text);
    # Returns the payload with every byte inverted.
    invertBytes @2 (context :Proxy.Context, payload :Data) -> (result :Data);
    # Calls visit(1) .. visit(count) and returns the sum of what it returned.
    countTo @3 (context :Proxy.Context, count :Int32, visit :Visitor) -> (result :Int64);
}

# std::function<int32_t(int32_t)>: called back in the client process.
interface Visitor $Proxy.wrap("mp::ProxyCallback<std::function<int32_t(int32_t)>>") {
    destroy @0 (context :Proxy.Context) -> ();
    call @1 (context :Proxy.Context, value :Int32) -> (result :Int32);
}
