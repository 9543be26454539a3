# The worked example of doc/usage.md: a process that keeps named counters
# for another. tally.h holds the C++ classes these interfaces wrap.

@0xa6f4f5315c68c397;

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("tally::messages");

using Proxy = import "/mp/proxy.capnp";
$Proxy.include("tally.h");
$Proxy.includeTypes("tally-types.h");

# The init (bootstrap) interface: the object the serving process offers.
interface TallyInit $Proxy.wrap("tally::Init") {
    construct @0 (threadMap :Proxy.ThreadMap) -> (threadMap :Proxy.ThreadMap);
    makeCounter @1 (context :Proxy.Context, name :Text) -> (result :Counter);
}

# A counter that lives in the serving process and is owned by the client.
interface Counter $Proxy.wrap("tally::Counter") {
    destroy @0 (context :Proxy.Context) -> ();
    add @1 (context :Proxy.Context, amount :Int32) -> (result :Int64);
    stats @2 () -> (result :Stats);
    replay @3 (context :Proxy.Context, visit :Visitor) -> (visited :Int32);
}

# std::function<void(int64_t)>, called back in the client process.
interface Visitor $Proxy.wrap("mp::ProxyCallback<std::function<void(int64_t)>>") {
    destroy @0 (context :Proxy.Context) -> ();
    call @1 (context :Proxy.Context, total :Int64) -> ();
}

struct Stats $Proxy.wrap("tally::Stats") {
    name @0 :Text;
    total @1 :Int64;
    additions @2 :Int32;
}
