# Interfaces of the cross-process call benchmark (mpbench).
#
# The same schema is served twice: by the library (ProxyServer<BenchInit>
# forwarding to mpbench::Bench, see bench.h) and by a plain Cap'n Proto
# server written against the capnpc-c++ output only (plain-capnp.cpp). The
# plain server ignores the Context fields; each library method has a plain
# twin measured against it.

@0xb3c1e0f6a1d2c4e7;

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("mpbench::messages");

using Proxy = import "/mp/proxy.capnp";
$Proxy.include("bench.h");
$Proxy.includeTypes("bench-types.h");

interface BenchInit $Proxy.wrap("mpbench::Bench") {
    construct @0 (threadMap :Proxy.ThreadMap) -> (threadMap :Proxy.ThreadMap);

    # Runs on the server's event loop thread (no Context).
    add @1 (a :Int32, b :Int32) -> (result :Int32);
    # Runs on the server thread mapped to the calling client thread.
    addOnWorker @2 (context :Proxy.Context, a :Int32, b :Int32) -> (result :Int32);

    # Returns its argument.
    echo @3 (data :Data) -> (result :Data);
    echoOnWorker @4 (context :Proxy.Context, data :Data) -> (result :Data);

    # Keeps a callback; callBack(value) then calls it once and returns its
    # result, so one callBack is one call plus one nested callback.
    setCallback @5 (context :Proxy.Context, callback :BenchCallback) -> ();
    callBack @6 (context :Proxy.Context, value :Int32) -> (result :Int32);

    # The echo again, with the C++ signatures people write (see bench.h):
    # containers taken by value or by const reference and returned by value.
    # The same Data (or Text) field on the wire as echo.
    echoBytes @7 (data :Data) -> (result :Data);
    echoBytesOnWorker @8 (context :Proxy.Context, data :Data) -> (result :Data);
    echoBytesRef @9 (data :Data) -> (result :Data);
    echoBytesRefOnWorker @10 (context :Proxy.Context, data :Data) -> (result :Data);
    echoChars @11 (data :Data) -> (result :Data);
    echoCharsOnWorker @12 (context :Proxy.Context, data :Data) -> (result :Data);
    echoCharsRef @13 (data :Data) -> (result :Data);
    echoCharsRefOnWorker @14 (context :Proxy.Context, data :Data) -> (result :Data);
    echoString @15 (text :Text) -> (result :Text);
    echoStringOnWorker @16 (context :Proxy.Context, text :Text) -> (result :Text);
    echoStringRef @17 (text :Text) -> (result :Text);
    echoStringRefOnWorker @18 (context :Proxy.Context, text :Text) -> (result :Text);
}

interface BenchCallback $Proxy.wrap("mpbench::Callback") {
    destroy @0 (context :Proxy.Context) -> ();
    call @1 (context :Proxy.Context, value :Int32) -> (result :Int32);
}
