# Interfaces used by the libmultiprocess test suite (mptest and mptest-child).
#
# Each method exercises one conversion or one calling convention; the C++
# side is mp::test::Foo and friends in foo.h, the custom type conversions are
# in foo-types.h.

@0x9ce671cf92e65392;

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("mp::test::messages");

using Proxy = import "/mp/proxy.capnp";
$Proxy.include("mp/test/foo.h");
$Proxy.includeTypes("mp/test/foo-types.h");

# The init (bootstrap) interface.
interface FooInterface $Proxy.wrap("mp::test::Foo") {
    construct @0 (threadMap :Proxy.ThreadMap) -> (threadMap :Proxy.ThreadMap);

    add @1 (a :Int32, b :Int32) -> (result :Int32);

    # Plain numbers: each returns its argument unchanged (except negate).
    passInt8 @2 (value :Int8) -> (result :Int8);
    passUInt8 @3 (value :UInt8) -> (result :UInt8);
    passInt16 @4 (value :Int16) -> (result :Int16);
    passUInt16 @5 (value :UInt16) -> (result :UInt16);
    passInt32 @6 (value :Int32) -> (result :Int32);
    passUInt32 @7 (value :UInt32) -> (result :UInt32);
    passInt64 @8 (value :Int64) -> (result :Int64);
    passUInt64 @9 (value :UInt64) -> (result :UInt64);
    negate @10 (value :Bool) -> (result :Bool);
    passFloat32 @11 (value :Float32) -> (result :Float32);
    passFloat64 @12 (value :Float64) -> (result :Float64);
    nextColor @13 (color :Int32) -> (result :Int32);

    # Strings and bytes.
    passString @14 (value :Text) -> (result :Text);
    passBytes @15 (value :Data) -> (result :Data);
    passChars @16 (value :Data) -> (result :Data);

    # Wrapped struct, copied field by field.
    passStruct @17 (value :FooStruct) -> (result :FooStruct);

    # Interfaces: a new remote object, a shared callback, a borrowed callback.
    makeObject @18 (value :Int32) -> (result :FooObject);
    callShared @19 (context :Proxy.Context, callback :FooCallback, value :Int32) -> (result :Int32);
    saveCallback @20 (context :Proxy.Context, callback :FooCallback) -> ();
    callSavedOnce @21 (context :Proxy.Context, value :Int32) -> (result :Int32);
    callRef @22 (context :Proxy.Context, callback :FooCallback, value :Int32) -> (result :Int32);

    # Errors.
    throwError @23 (message :Text) -> ();
    passNarrow @24 (value :Int32) -> (result :Int32);

    # Output and in/out parameters.
    divide @25 (a :Int32, b :Int32) -> (result :Int32, remainder :Int32);
    square @26 (value :Int32) -> (squared :Int32);
    doubleInPlace @27 (value :Int32) -> (value :Int32);

    # C++ name different from the capnp name.
    triple @28 (value :Int32) -> (result :Int32) $Proxy.name("timesThree");

    # User type with CustomBuildField/CustomReadField, carried as Text "12.34".
    addFee @29 (amount :Text) -> (result :Text);

    # Threads: these record std::this_thread::get_id() in the implementation.
    recordLoopThread @30 () -> ();
    recordWorkerThread @31 (context :Proxy.Context) -> ();

    processId @32 () -> (result :Int32);

    # Output parameter as a pointer.
    squareInto @33 (value :Int32) -> (squared :Int32);
    # Result computed as int64 on the server, sent in an Int32 field.
    shiftUp @34 (value :Int32) -> (result :Int32);
    # Signed C++ parameter sent in an unsigned field.
    passCount @35 (count :UInt32) -> (result :UInt32);

    # An exception type carried in a result field and rethrown as that type.
    checkedDivide @36 (a :Int32, b :Int32) -> (result :Int32, error :Text $Proxy.exception("mp::test::DivideError"));
    # An interface that extends another: inherited and own methods both work.
    makeCounter @37 (start :Int32) -> (result :FooObjectCounter);

    # std::function parameters and results (interface FooFn below).
    callFunction @38 (context :Proxy.Context, fn :FooFn, value :Int32) -> (result :Int32);
    saveFunction @39 (context :Proxy.Context, fn :FooFn) -> ();
    # Calls the saved function from a new server thread that no client
    # thread is waiting on, while this call waits for it.
    callSavedFunctionFromNewThread @40 (context :Proxy.Context, value :Int32) -> (result :Int32);
    # Returns immediately; a server thread then calls fn(1) .. fn(count).
    notifyFromServerThread @41 (fn :FooFn, count :Int32) -> ();
    makeMultiplier @42 (factor :Int32) -> (result :FooFn);

    # Calls the callback and returns the message of the exception it threw.
    callCatching @43 (context :Proxy.Context, callback :FooCallback, value :Int32) -> (result :Text);

    # Blocks its server thread until release() is called.
    blockUntilReleased @44 (context :Proxy.Context) -> ();
    release @45 () -> ();

    # The name of the server thread running the call (see ThreadContext).
    serverThreadName @46 (context :Proxy.Context) -> (result :Text);

    # Which server thread runs a call, as an opaque number (equal numbers,
    # same thread), for clients that cannot see the server's memory (plain
    # Cap'n Proto clients in plain_capnp_test.cpp).
    workerThreadId @47 (context :Proxy.Context) -> (result :UInt64);
    loopThreadId @48 () -> (result :UInt64);

    # Faults (fault_test.cpp). Calls started.call(value), so the caller
    # knows the server method is running, then blocks like
    # blockUntilReleased until release().
    callThenBlock @49 (context :Proxy.Context, started :FooCallback, value :Int32) -> ();
    # A FooObject whose destructor calls onDestroy.call(value) (and ignores
    # its failure), on whichever thread destroys the object.
    makeObjectWithHook @50 (value :Int32, onDestroy :FooCallback) -> (result :FooObject);

    # Large byte payloads (large_payload_test.cpp), which the request and
    # the reply point at instead of copying (mp/lent-bytes.h): by value and
    # by const reference on a worker thread, and as an output parameter.
    passBytesOnWorker @51 (context :Proxy.Context, value :Data) -> (result :Data);
    passCharsOnWorker @52 (context :Proxy.Context, value :Data) -> (result :Data);
    fillBytes @53 (context :Proxy.Context, size :UInt64, seed :UInt8) -> (bytes :Data);
}

# Makes byte payloads (large_payload_test.cpp calls one in its own process
# through Cap'n Proto).
interface FooBytesSource $Proxy.wrap("mp::test::FooBytesSource") {
    make @0 (size :UInt64, seed :UInt8) -> (result :Data);
}

# An object created by the server and owned by the client (std::unique_ptr).
interface FooObject $Proxy.wrap("mp::test::FooObject") {
    destroy @0 (context :Proxy.Context) -> ();
    getValue @1 () -> (result :Int32);
}

# Extends FooObject: getValue and destroy are inherited. (Cap'n Proto's C++
# generator needs a base interface declared before the interfaces extending it
# in the same file.)
interface FooObjectCounter extends(FooObject) $Proxy.wrap("mp::test::FooCounter") {
    increment @0 () -> (result :Int32);
}

# An object owned by the client and called by the server.
interface FooCallback $Proxy.wrap("mp::test::FooCallback") {
    destroy @0 (context :Proxy.Context) -> ();
    call @1 (context :Proxy.Context, value :Int32) -> (result :Int32);
}

# A std::function<int32_t(int32_t)>.
interface FooFn $Proxy.wrap("mp::ProxyCallback<std::function<int32_t(int32_t)>>") {
    destroy @0 (context :Proxy.Context) -> ();
    call @1 (context :Proxy.Context, value :Int32) -> (result :Int32);
}

struct FooInner $Proxy.wrap("mp::test::FooInner") {
    x @0 :Int32;
    flag @1 :Bool;
}

struct FooStruct $Proxy.wrap("mp::test::FooStruct") {
    name @0 :Text;
    count @1 :Int32;
    inner @2 :FooInner;
    label @3 :Text $Proxy.name("caption");
    payload @4 :Data;
    big @5 :UInt64;
}
