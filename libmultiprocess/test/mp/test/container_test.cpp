// Conversions of containers and other standard types across a real
// connection (contract section 6): std::vector, std::set, std::map, pairs and
// tuples, std::optional, smart pointers of values, std::chrono, C strings,
// byte spans, and Cap'n Proto structs passed as is. Each test calls a
// TypesInterface server in another thread's event loop over a socketpair.

#include <mp/test/served-pair.h>
#include <mp/test/types-types.h>
#include <mp/test/types.capnp.proxy.h>
#include <mp/test/types.h>

#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <stdexcept>
#include <string>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace mp {
namespace test {
namespace {

using TypesPair = ServedPair<messages::TypesInterface, TypesImplementation>;

FooStruct MakeFooStruct(const std::string& name, int32_t count)
{
    FooStruct foo;
    foo.name = name;
    foo.count = count;
    foo.inner = FooInner{count * 2, true};
    foo.caption = "caption of " + name;
    foo.payload = {1, 2, 3};
    foo.big = std::numeric_limits<uint64_t>::max();
    return foo;
}

void ExpectSameFoo(const FooStruct& actual, const FooStruct& expected)
{
    EXPECT_EQ(actual.name, expected.name);
    EXPECT_EQ(actual.count, expected.count);
    EXPECT_EQ(actual.inner.x, expected.inner.x);
    EXPECT_EQ(actual.inner.flag, expected.inner.flag);
    EXPECT_EQ(actual.caption, expected.caption);
    EXPECT_EQ(actual.payload, expected.payload);
    EXPECT_EQ(actual.big, expected.big);
}

// ---- std::vector -----------------------------------------------------------

TEST(Vectors, IntsRoundTripInOrder)
{
    TypesPair pair;
    const std::vector<int32_t> ints{3, -1, std::numeric_limits<int32_t>::min(), std::numeric_limits<int32_t>::max()};

    EXPECT_EQ(pair.client().passInts(ints), ints);
}

TEST(Vectors, EmptyVectorStaysEmpty)
{
    TypesPair pair;

    EXPECT_TRUE(pair.client().passInts({}).empty());
}

TEST(Vectors, VectorOfBoolRoundTripsAsListOfBool)
{
    TypesPair pair;
    const std::vector<bool> bools{true, false, false, true, true, false, true, false, true};

    EXPECT_EQ(pair.client().passBools(bools), bools);
}

TEST(Vectors, NestedVectorsKeepTheirShape)
{
    TypesPair pair;
    const std::vector<std::vector<std::string>> nested{{"a", "bc"}, {}, {"", "def", "g"}};

    EXPECT_EQ(pair.client().passNestedStrings(nested), nested);
}

TEST(Vectors, WrappedStructElementsAreCopiedFieldByField)
{
    TypesPair pair;
    const std::vector<FooStruct> foos{MakeFooStruct("one", 1), MakeFooStruct("two", 2)};

    const std::vector<FooStruct> out = pair.client().passStructs(foos);

    ASSERT_EQ(out.size(), 2u);
    ExpectSameFoo(out[0], foos[0]);
    ExpectSameFoo(out[1], foos[1]);
}

TEST(Vectors, ByteVectorInAListFieldIsAListNotData)
{
    TypesPair pair;
    const std::vector<unsigned char> bytes{0, 1, 255};

    EXPECT_EQ(pair.client().passByteList(bytes), bytes);
}

TEST(Vectors, ElementOutOfRangeThrowsRangeErrorInsteadOfTruncating)
{
    TypesPair pair;
    const std::vector<int64_t> wide{1, int64_t{1} << 40, 3};

    EXPECT_THROW(pair.client().passWideInts(wide), std::range_error);
    // Elements that fit still go through.
    EXPECT_EQ(pair.client().passWideInts({1, -2}), (std::vector<int64_t>{1, -2}));
}

TEST(Vectors, InterfaceElementsBecomeRemoteObjects)
{
    TypesPair pair;

    std::vector<std::unique_ptr<FooObject>> objects = pair.client().makeObjects({7, 8, 9});

    ASSERT_EQ(objects.size(), 3u);
    EXPECT_EQ(objects[0]->getValue(), 7);
    EXPECT_EQ(objects[2]->getValue(), 9);
}

// ---- std::set, std::unordered_set ------------------------------------------

TEST(Sets, SetRoundTrips)
{
    TypesPair pair;
    const std::set<std::string> names{"pear", "apple", ""};

    EXPECT_EQ(pair.client().passSet(names), names);
    EXPECT_TRUE(pair.client().passSet({}).empty());
}

TEST(Sets, UnorderedSetRoundTrips)
{
    TypesPair pair;
    const std::unordered_set<int64_t> numbers{5, -5, std::numeric_limits<int64_t>::max()};

    EXPECT_EQ(pair.client().passUnorderedSet(numbers), numbers);
}

// ---- std::map, std::unordered_map ------------------------------------------

TEST(Maps, MapOfVectorsThroughAGenericPairStruct)
{
    TypesPair pair;
    const std::map<std::string, std::vector<int32_t>> map{{"empty", {}}, {"primes", {2, 3, 5, 7}}, {"", {-1}}};

    EXPECT_EQ(pair.client().passMapOfLists(map), map);
    EXPECT_TRUE(pair.client().passMapOfLists({}).empty());
}

TEST(Maps, MapWithWrappedStructValues)
{
    TypesPair pair;
    const std::map<std::string, FooStruct> map{{"a", MakeFooStruct("a", 1)}, {"b", MakeFooStruct("b", 2)}};

    const std::map<std::string, FooStruct> out = pair.client().passMapOfStructs(map);

    ASSERT_EQ(out.size(), 2u);
    ExpectSameFoo(out.at("a"), map.at("a"));
    ExpectSameFoo(out.at("b"), map.at("b"));
}

TEST(Maps, UnorderedMapRoundTrips)
{
    TypesPair pair;
    const std::unordered_map<int32_t, std::string> map{{1, "one"}, {-2, "minus two"}, {0, ""}};

    EXPECT_EQ(pair.client().passUnorderedMap(map), map);
}

TEST(Maps, ValueOutOfRangeInsideANestedContainerThrowsRangeError)
{
    TypesPair pair;
    const std::map<std::string, std::vector<int64_t>> map{{"ok", {1}}, {"too big", {int64_t{1} << 33}}};

    EXPECT_THROW(pair.client().passMapOfWideInts(map), std::range_error);
}

// ---- std::pair, std::tuple -------------------------------------------------

TEST(PairsAndTuples, PairMapsToAStructByFieldOrder)
{
    TypesPair pair;

    EXPECT_EQ(pair.client().passPair({42, "answer"}), (std::pair<int32_t, std::string>{42, "answer"}));
}

TEST(PairsAndTuples, TupleOfThreeMapsToAStructOfThree)
{
    TypesPair pair;
    const std::tuple<int32_t, std::string, double> triple{-7, "seven", 0.125};

    EXPECT_EQ(pair.client().passTuple(triple), triple);
}

TEST(PairsAndTuples, CompanionFieldMakesAnOptionalElementWithoutTakingAPosition)
{
    TypesPair pair;

    EXPECT_EQ(pair.client().passPairWithOptional({"set", 0}).second, std::optional<int32_t>(0));
    EXPECT_EQ(pair.client().passPairWithOptional({"unset", std::nullopt}).second, std::nullopt);
}

TEST(PairsAndTuples, PositionsFollowCodeOrderNotOrdinals)
{
    TypesPair pair;

    // struct Swapped { number @1 :Int32; text @0 :Text; }: first is number.
    EXPECT_EQ(pair.client().passSwappedPair({5, "five"}), (std::pair<int32_t, std::string>{5, "five"}));
}

// ---- std::optional ---------------------------------------------------------

TEST(Optionals, PrimitiveUsesItsHasCompanion)
{
    TypesPair pair;

    EXPECT_EQ(pair.client().passOptionalInt(std::nullopt), std::nullopt);
    // Zero is a value, not "empty".
    EXPECT_EQ(pair.client().passOptionalInt(0), std::optional<int32_t>(0));
    EXPECT_EQ(pair.client().passOptionalInt(-3), std::optional<int32_t>(-3));
}

TEST(Optionals, PointerFieldIsNullWhenEmpty)
{
    TypesPair pair;

    EXPECT_EQ(pair.client().passOptionalString(std::nullopt), std::nullopt);
    // An empty string is present.
    EXPECT_EQ(pair.client().passOptionalString(std::string()), std::optional<std::string>(""));
    EXPECT_EQ(pair.client().passOptionalString("text"), std::optional<std::string>("text"));
}

TEST(Optionals, OptionalWrappedStruct)
{
    TypesPair pair;

    EXPECT_FALSE(pair.client().passOptionalStruct(std::nullopt).has_value());
    const std::optional<FooStruct> out = pair.client().passOptionalStruct(MakeFooStruct("x", 3));
    ASSERT_TRUE(out.has_value());
    ExpectSameFoo(*out, MakeFooStruct("x", 3));
}

// ---- std::unique_ptr / std::shared_ptr of values --------------------------

TEST(Pointers, SharedPointerToConstStructIsCopiedToTheOtherSide)
{
    TypesPair pair;
    auto foo = std::make_shared<const FooStruct>(MakeFooStruct("shared", 5));

    std::shared_ptr<const FooStruct> out = pair.client().passSharedStruct(foo);

    ASSERT_NE(out, nullptr);
    EXPECT_NE(out, foo);
    ExpectSameFoo(*out, *foo);
    EXPECT_EQ(pair.client().passSharedStruct(nullptr), nullptr);
}

TEST(Pointers, UniquePointerToPrimitiveUsesItsHasCompanion)
{
    TypesPair pair;

    EXPECT_EQ(pair.client().passUniqueInt(nullptr), nullptr);
    std::unique_ptr<int32_t> out = pair.client().passUniqueInt(std::make_unique<int32_t>(0));
    ASSERT_NE(out, nullptr);
    EXPECT_EQ(*out, 0);
}

// ---- std::chrono -----------------------------------------------------------

TEST(Chrono, DurationTravelsAsItsCount)
{
    TypesPair pair;

    EXPECT_EQ(pair.client().passMilliseconds(std::chrono::milliseconds(-1500)), std::chrono::milliseconds(-1500));
    EXPECT_EQ(pair.client().passMilliseconds(std::chrono::milliseconds::max()), std::chrono::milliseconds::max());
}

TEST(Chrono, CountTooLargeForTheFieldThrowsRangeError)
{
    TypesPair pair;

    EXPECT_EQ(pair.client().passNanosecondsNarrow(std::chrono::nanoseconds(2'000'000'000)),
              std::chrono::nanoseconds(2'000'000'000));
    EXPECT_THROW(pair.client().passNanosecondsNarrow(std::chrono::seconds(3)), std::range_error);
}

TEST(Chrono, TimePointTravelsAsTimeSinceEpoch)
{
    TypesPair pair;
    const SystemTime now = std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());

    EXPECT_EQ(pair.client().passTimePoint(now), now);
}

// ---- const char*, char arrays ---------------------------------------------

TEST(Chars, CStringReachesTheServerAsText)
{
    TypesPair pair;

    EXPECT_EQ(pair.client().textLength("hello"), 5);
    EXPECT_EQ(pair.client().textLength(""), 0);
    EXPECT_EQ(pair.client().textLength(nullptr), -1);
}

TEST(Chars, CharArraysRoundTripUpToTheirFirstNul)
{
    TypesPair pair;
    FixedName in;
    strcpy(in.name, "abc");
    in.code = {'W', 'X', 'Y', 'Z'}; // full: no terminator

    const FixedName out = pair.client().passFixedName(in);

    EXPECT_STREQ(out.name, "abc");
    EXPECT_EQ(std::string(out.code.data(), out.code.size()), "WXYZ");
}

// ---- byte spans ------------------------------------------------------------

TEST(Spans, ServerReadsTheBytesOfAByteSpan)
{
    TypesPair pair;
    const std::vector<std::byte> bytes{std::byte{1}, std::byte{2}, std::byte{250}};

    EXPECT_EQ(pair.client().sumBytes(bytes), 253u);
    EXPECT_EQ(pair.impl.received_bytes, bytes);
    EXPECT_EQ(pair.client().sumBytes({}), 0u);
}

TEST(Spans, CharAndUnsignedCharSpansAreDataToo)
{
    TypesPair pair;
    const std::string text("with\0nul", 8);
    const std::array<unsigned char, 4> bytes{9, 8, 7, 6};

    EXPECT_EQ(pair.client().copyChars(text), text);
    EXPECT_EQ(pair.client().countUnsignedChars(bytes), 4u);
}

// ---- Cap'n Proto structs passed as is -------------------------------------

TEST(Messages, ServerReadsAStructReaderFromTheRequest)
{
    TypesPair pair;
    capnp::MallocMessageBuilder message;
    auto point = message.initRoot<Point>();
    point.setX(3);
    point.setY(-4);
    point.setLabel("p");

    EXPECT_EQ(pair.client().describePoint(point.asReader()), "p (3, -4)");
}

TEST(Messages, OwnedStructComesBackAsAResult)
{
    TypesPair pair;
    CapnpMessage<Point> point;
    point.builder().setX(1);
    point.builder().setY(2);
    point.builder().setLabel("origin-ish");

    const CapnpMessage<Point> moved = pair.client().movePoint(point.reader(), 10);

    EXPECT_EQ(moved.reader().getX(), 11);
    EXPECT_EQ(moved.reader().getY(), 2);
    EXPECT_EQ(std::string(moved.reader().getLabel().cStr()), "origin-ish");
}

TEST(Messages, OwnedStructComesBackAsAnOutputParameter)
{
    TypesPair pair;
    CapnpMessage<Point> point;
    point.builder().setX(5);
    point.builder().setY(-6);
    CapnpMessage<Point> mirrored;

    pair.client().mirrorPoint(point.reader(), mirrored);

    EXPECT_EQ(mirrored.reader().getX(), -5);
    EXPECT_EQ(mirrored.reader().getY(), 6);
}

TEST(Messages, CopyOfAnOwnedStructIsIndependent)
{
    CapnpMessage<Point> original;
    original.builder().setX(1);

    CapnpMessage<Point> copy = original;
    copy.builder().setX(2);

    EXPECT_EQ(original.reader().getX(), 1);
    EXPECT_EQ(copy.reader().getX(), 2);
}

} // namespace
} // namespace test
} // namespace mp
