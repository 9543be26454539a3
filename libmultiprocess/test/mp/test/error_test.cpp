// Errors: exceptions thrown by the server reach the client, and values that
// do not fit their wire field are rejected before they are sent.

#include <mp/test/foo.h>
#include <mp/test/test-setup.h>

#include <gtest/gtest.h>

#include <cstdint>
#include <exception>
#include <stdexcept>
#include <string>

namespace mp {
namespace test {
namespace {

TEST(Errors, ServerExceptionIsRethrownOnClientWithItsMessage)
{
    TestSetup setup;
    std::string message;

    try {
        setup.foo().throwError("boom: 42");
        FAIL() << "throwError returned normally";
    } catch (const std::runtime_error& e) {
        message = e.what();
    }

    EXPECT_NE(message.find("boom: 42"), std::string::npos) << message;
}

TEST(Errors, ConnectionKeepsWorkingAfterAServerException)
{
    TestSetup setup;
    EXPECT_THROW(setup.foo().throwError("boom: 42"), std::runtime_error);

    const int32_t sum = setup.foo().add(1, 2);

    EXPECT_EQ(sum, 3);
}

TEST(Errors, ValueTooLargeForItsFieldThrowsOnClientWithoutReachingServer)
{
    TestSetup setup;
    const int64_t too_big = int64_t{1} << 40;
    std::string message;

    try {
        setup.foo().passNarrow(too_big);
        FAIL() << "passNarrow accepted a value that does not fit an Int32";
    } catch (const std::exception& e) {
        message = e.what();
    }

    EXPECT_NE(message.find("value"), std::string::npos) << "error does not name the field: " << message;
    EXPECT_NE(message.find(std::to_string(too_big)), std::string::npos) << "error does not show the value: " << message;
    EXPECT_EQ(setup.impl.narrow_calls.load(), 0);
}

TEST(Errors, NegativeValueForAnUnsignedFieldThrowsOnClientWithoutReachingServer)
{
    TestSetup setup;

    EXPECT_THROW(setup.foo().passCount(-1), std::exception);

    EXPECT_EQ(setup.impl.count_calls.load(), 0);
}

TEST(Errors, ServerResultTooLargeForItsFieldIsAnErrorOnTheClient)
{
    TestSetup setup;

    EXPECT_THROW(setup.foo().shiftUp(3), std::exception);

    // The failure did not break the connection.
    EXPECT_EQ(setup.foo().shiftUp(0), 0);
}

TEST(Errors, ValueThatFitsANarrowerFieldIsPassedUnchanged)
{
    TestSetup setup;

    const int64_t result = setup.foo().passNarrow(-123456);

    EXPECT_EQ(result, -123456);
    EXPECT_EQ(setup.impl.narrow_calls.load(), 1);
}

} // namespace
} // namespace test
} // namespace mp
