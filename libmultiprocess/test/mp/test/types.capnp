# Interfaces exercising the container, optional, pointer, chrono, char, span
# and message conversions (mp/type-*.h), for container_test.cpp.
#
# Each method echoes its argument (or reports what the server saw), so a
# test can check a round trip through a real connection. The C++ side is
# mp::test::Types in types.h; conversions are included by types-types.h.

@0x827ae46484f3427e;

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("mp::test::messages");

using Proxy = import "/mp/proxy.capnp";
$Proxy.include("mp/test/types.h");
$Proxy.includeTypes("mp/test/types-types.h");

using Foo = import "foo.capnp";

interface TypesInterface $Proxy.wrap("mp::test::Types") {
    # std::vector <-> List
    passInts @0 (value :List(Int32)) -> (result :List(Int32));
    passBools @1 (value :List(Bool)) -> (result :List(Bool));
    passNestedStrings @2 (value :List(List(Text))) -> (result :List(List(Text)));
    passStructs @3 (value :List(Foo.FooStruct)) -> (result :List(Foo.FooStruct));
    passWideInts @4 (value :List(Int32)) -> (result :List(Int32));
    passByteList @5 (value :List(UInt8)) -> (result :List(UInt8));
    makeObjects @6 (values :List(Int32)) -> (result :List(Foo.FooObject));

    # std::set, std::unordered_set <-> List
    passSet @7 (value :List(Text)) -> (result :List(Text));
    passUnorderedSet @8 (value :List(Int64)) -> (result :List(Int64));

    # std::map, std::unordered_map <-> List(struct with key and value)
    passMapOfLists @9 (value :List(Pair(Text, List(Int32)))) -> (result :List(Pair(Text, List(Int32))));
    passMapOfStructs @10 (value :List(NamedFoo)) -> (result :List(NamedFoo));
    passUnorderedMap @11 (value :List(IntText)) -> (result :List(IntText));
    passMapOfWideInts @12 (value :List(Pair(Text, List(Int32)))) -> (result :List(Pair(Text, List(Int32))));

    # std::pair, std::tuple <-> struct
    passPair @13 (value :IntText) -> (result :IntText);
    passTuple @14 (value :Triple) -> (result :Triple);
    passPairWithOptional @15 (value :MaybeCount) -> (result :MaybeCount);
    passSwappedPair @16 (value :Swapped) -> (result :Swapped);

    # std::optional: primitives with a hasX companion, pointers null when empty
    passOptionalInt @17 (value :Int32, hasValue :Bool) -> (result :Int32, hasResult :Bool);
    passOptionalString @18 (value :Text) -> (result :Text);
    passOptionalStruct @19 (value :Foo.FooStruct) -> (result :Foo.FooStruct);

    # std::unique_ptr / std::shared_ptr of values
    passSharedStruct @20 (value :Foo.FooStruct) -> (result :Foo.FooStruct);
    passUniqueInt @21 (value :Int32, hasValue :Bool) -> (result :Int32, hasResult :Bool);

    # std::chrono
    passMilliseconds @22 (value :Int64) -> (result :Int64);
    passNanosecondsNarrow @23 (value :Int32) -> (result :Int32);
    passTimePoint @24 (value :Int64) -> (result :Int64);

    # const char*, char arrays
    textLength @25 (text :Text) -> (result :Int64);
    passFixedName @26 (value :FixedName) -> (result :FixedName);

    # Byte spans, read on the server without a copy
    sumBytes @27 (bytes :Data) -> (result :UInt64);
    copyChars @28 (chars :Data) -> (result :Data);
    countUnsignedChars @29 (bytes :Data) -> (result :UInt64);

    # Cap'n Proto structs passed as is
    describePoint @30 (point :Point) -> (result :Text);
    movePoint @31 (point :Point, dx :Int32) -> (result :Point);
    mirrorPoint @32 (point :Point) -> (mirrored :Point);

    # $Proxy.exception("std::exception"): any std::exception, rethrown on
    # the client as std::runtime_error with its what()
    failWith @33 (message :Text) -> (error :Text $Proxy.exception("std::exception"));
}

# A generic entry: std::map<K, V> <-> List(Pair(K', V')).
struct Pair(K, V) {
    key @0 :K;
    value @1 :V;
}

struct NamedFoo {
    name @0 :Text;
    foo @1 :Foo.FooStruct;
}

struct IntText {
    number @0 :Int32;
    text @1 :Text;
}

struct Triple {
    number @0 :Int32;
    text @1 :Text;
    ratio @2 :Float64;
}

# std::pair<std::string, std::optional<int>>: hasCount is a companion, not a
# third position.
struct MaybeCount {
    name @0 :Text;
    count @1 :Int32;
    hasCount @2 :Bool;
}

# Positions follow code order, not ordinals: first is `number`.
struct Swapped {
    number @1 :Int32;
    text @0 :Text;
}

struct FixedName $Proxy.wrap("mp::test::FixedName") {
    name @0 :Text;
    code @1 :Text;
}

struct Point {
    x @0 :Int32;
    y @1 :Int32;
    label @2 :Text;
}
