// Conversions of plain C++ types across a real connection (contract section 6):
// each test calls the server in another thread's event loop over a socketpair
// and checks what comes back.

#include <mp/test/foo.h>
#include <mp/test/foo-types.h>
#include <mp/test/test-setup.h>

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace mp {
namespace test {
namespace {

template <typename T>
constexpr T Min()
{
    return std::numeric_limits<T>::min();
}

template <typename T>
constexpr T Max()
{
    return std::numeric_limits<T>::max();
}

TEST(PlainTypes, SignedIntegersOfEveryWidthRoundTripAtTheirLimits)
{
    TestSetup setup;
    Foo& foo = setup.foo();

    EXPECT_EQ(foo.passInt8(Min<int8_t>()), Min<int8_t>());
    EXPECT_EQ(foo.passInt8(Max<int8_t>()), Max<int8_t>());
    EXPECT_EQ(foo.passInt16(Min<int16_t>()), Min<int16_t>());
    EXPECT_EQ(foo.passInt16(Max<int16_t>()), Max<int16_t>());
    EXPECT_EQ(foo.passInt32(Min<int32_t>()), Min<int32_t>());
    EXPECT_EQ(foo.passInt32(Max<int32_t>()), Max<int32_t>());
    EXPECT_EQ(foo.passInt64(Min<int64_t>()), Min<int64_t>());
    EXPECT_EQ(foo.passInt64(Max<int64_t>()), Max<int64_t>());
    EXPECT_EQ(foo.passInt64(-1), -1);
}

TEST(PlainTypes, UnsignedIntegersOfEveryWidthRoundTripAtTheirLimits)
{
    TestSetup setup;
    Foo& foo = setup.foo();

    EXPECT_EQ(foo.passUInt8(Max<uint8_t>()), Max<uint8_t>());
    EXPECT_EQ(foo.passUInt16(Max<uint16_t>()), Max<uint16_t>());
    EXPECT_EQ(foo.passUInt32(Max<uint32_t>()), Max<uint32_t>());
    EXPECT_EQ(foo.passUInt64(Max<uint64_t>()), Max<uint64_t>());
    EXPECT_EQ(foo.passUInt64(0), 0u);
}

TEST(PlainTypes, TwoArgumentsReachTheServerInOrder)
{
    TestSetup setup;

    EXPECT_EQ(setup.foo().add(40, 2), 42);
}

TEST(PlainTypes, BoolReachesServerAndComesBack)
{
    TestSetup setup;
    Foo& foo = setup.foo();

    EXPECT_FALSE(foo.negate(true));
    EXPECT_TRUE(foo.negate(false));
}

TEST(PlainTypes, FloatingPointValuesRoundTripBitExactly)
{
    TestSetup setup;
    Foo& foo = setup.foo();

    EXPECT_EQ(foo.passFloat32(1.5f), 1.5f);
    EXPECT_EQ(foo.passFloat32(Max<float>()), Max<float>());
    EXPECT_EQ(foo.passFloat32(std::numeric_limits<float>::denorm_min()), std::numeric_limits<float>::denorm_min());
    EXPECT_EQ(foo.passFloat64(-0.1), -0.1);
    EXPECT_EQ(foo.passFloat64(std::numeric_limits<double>::infinity()), std::numeric_limits<double>::infinity());
    EXPECT_TRUE(std::signbit(foo.passFloat64(-0.0)));
    EXPECT_TRUE(std::isnan(foo.passFloat64(std::numeric_limits<double>::quiet_NaN())));
}

TEST(PlainTypes, EnumClassTravelsAsItsIntegerValue)
{
    TestSetup setup;
    Foo& foo = setup.foo();

    EXPECT_EQ(foo.nextColor(Color::Red), Color::Green);
    EXPECT_EQ(foo.nextColor(Color::Blue), Color::Red);
}

TEST(PlainTypes, StringsRoundTripIncludingEmptyAndUtf8)
{
    TestSetup setup;
    Foo& foo = setup.foo();

    EXPECT_EQ(foo.passString(""), "");
    EXPECT_EQ(foo.passString("hello"), "hello");
    EXPECT_EQ(foo.passString("gr\xc3\xbc\xc3\x9f dich \xe2\x82\xac"), "gr\xc3\xbc\xc3\x9f dich \xe2\x82\xac");
    const std::string long_text(100000, 'x');
    EXPECT_EQ(foo.passString(long_text), long_text);
}

TEST(PlainTypes, UnsignedCharVectorRoundTripsAllByteValues)
{
    TestSetup setup;
    std::vector<unsigned char> bytes;
    for (int i = 0; i < 256; ++i) bytes.push_back(static_cast<unsigned char>(i));

    EXPECT_EQ(setup.foo().passBytes(bytes), bytes);
}

TEST(PlainTypes, EmptyByteVectorRoundTripsAsEmpty)
{
    TestSetup setup;
    Foo& foo = setup.foo();

    EXPECT_TRUE(foo.passBytes({}).empty());
    EXPECT_TRUE(foo.passChars({}).empty());
}

TEST(PlainTypes, OneMebibytePayloadRoundTripsIntact)
{
    TestSetup setup;
    std::vector<unsigned char> payload(1 << 20);
    for (size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<unsigned char>((i * 131) ^ (i >> 8));

    const std::vector<unsigned char> echoed = setup.foo().passBytes(payload);

    ASSERT_EQ(echoed.size(), payload.size());
    EXPECT_TRUE(echoed == payload);
}

TEST(PlainTypes, CharVectorRoundTripsIncludingNulAndHighBytes)
{
    TestSetup setup;
    const std::vector<char> chars{'a', '\0', 'b', static_cast<char>(0xff), static_cast<char>(0x80)};

    EXPECT_EQ(setup.foo().passChars(chars), chars);
}

TEST(WrappedStruct, FieldsAreCopiedIncludingNestedStructAndRenamedField)
{
    TestSetup setup;
    FooStruct in;
    in.name = "widget";
    in.count = -7;
    in.inner.x = 99;
    in.inner.flag = true;
    in.caption = "shown as label";
    in.payload = {1, 2, 3, 0, 255};
    in.big = Max<uint64_t>() - 1;

    const FooStruct out = setup.foo().passStruct(in);

    EXPECT_EQ(out.name, "widget");
    EXPECT_EQ(out.count, -7);
    EXPECT_EQ(out.inner.x, 99);
    EXPECT_TRUE(out.inner.flag);
    EXPECT_EQ(out.caption, "shown as label");
    EXPECT_EQ(out.payload, (std::vector<unsigned char>{1, 2, 3, 0, 255}));
    EXPECT_EQ(out.big, Max<uint64_t>() - 1);
}

TEST(WrappedStruct, DefaultConstructedStructRoundTripsAsDefault)
{
    TestSetup setup;

    const FooStruct out = setup.foo().passStruct(FooStruct{});

    EXPECT_EQ(out.name, "");
    EXPECT_EQ(out.count, 0);
    EXPECT_EQ(out.inner.x, 0);
    EXPECT_FALSE(out.inner.flag);
    EXPECT_EQ(out.caption, "");
    EXPECT_TRUE(out.payload.empty());
    EXPECT_EQ(out.big, 0u);
}

TEST(OutputParams, ReturnValueAndOutputParamAreBothFilled)
{
    TestSetup setup;
    int32_t remainder = -1;

    const int32_t quotient = setup.foo().divide(17, 5, remainder);

    EXPECT_EQ(quotient, 3);
    EXPECT_EQ(remainder, 2);
}

TEST(OutputParams, OutputOnlyParamIsFilled)
{
    TestSetup setup;
    int32_t squared = 0;

    setup.foo().square(12, squared);

    EXPECT_EQ(squared, 144);
}

TEST(OutputParams, InOutParamIsSentAndUpdated)
{
    TestSetup setup;
    int32_t value = 21;

    setup.foo().doubleInPlace(value);

    EXPECT_EQ(value, 42);
}

TEST(OutputParams, OutputPointerParamIsFilled)
{
    TestSetup setup;
    int32_t squared = 0;

    setup.foo().squareInto(9, &squared);

    EXPECT_EQ(squared, 81);
}

TEST(ProxyName, MethodIsCalledThroughItsCppName)
{
    TestSetup setup;

    EXPECT_EQ(setup.foo().timesThree(14), 42);
}

TEST(CustomType, MoneyRoundTripsThroughCustomBuildAndReadField)
{
    TestSetup setup;

    const Money total = setup.foo().addFee(Money{1234});

    EXPECT_EQ(total.cents, 1234 + FEE_CENTS);
    // Only the CustomReadField overload in foo-types.h sets decoded_from_text,
    // and it accepts nothing but "D.CC" text, so both the request and the
    // reply went through the custom conversion as Text.
    EXPECT_TRUE(total.decoded_from_text);
    EXPECT_TRUE(setup.impl.lastFeeInput().decoded_from_text);
    EXPECT_EQ(setup.impl.lastFeeInput().cents, 1234);
}

TEST(CustomType, NegativeMoneyKeepsItsSignAcrossTheWire)
{
    TestSetup setup;

    const Money total = setup.foo().addFee(Money{-1000});

    EXPECT_EQ(total.cents, -1000 + FEE_CENTS);
}

} // namespace
} // namespace test
} // namespace mp
