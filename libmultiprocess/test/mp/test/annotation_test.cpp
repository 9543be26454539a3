// Tests of mpgen annotations and schema features beyond plain methods:
// $Proxy.exception result fields and interface inheritance.

#include <mp/test/foo.h>
#include <mp/test/served-pair.h>
#include <mp/test/test-setup.h>
#include <mp/test/types-types.h>
#include <mp/test/types.capnp.proxy.h>
#include <mp/test/types.h>

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace mp {
namespace test {
namespace {

TEST(ExceptionField, DeclaredExceptionIsRethrownOnTheClientAsItsOwnType)
{
    TestSetup setup;

    try {
        setup.foo().checkedDivide(7, 0);
        FAIL() << "checkedDivide(7, 0) returned instead of throwing";
    } catch (const DivideError& e) {
        EXPECT_EQ(std::string(e.what()), "cannot divide 7 by zero");
    }
}

TEST(ExceptionField, PlainStdExceptionArrivesAsRuntimeErrorWithItsMessage)
{
    // $Proxy.exception("std::exception"): the server catches any
    // std::exception (a std::logic_error here), and the client, which
    // cannot make a std::exception that keeps a message, rethrows it as
    // std::runtime_error with the same what().
    ServedPair<messages::TypesInterface, TypesImplementation> pair;

    try {
        pair.client().failWith("plain failure");
        FAIL() << "failWith returned instead of throwing";
    } catch (const std::runtime_error& e) {
        EXPECT_EQ(std::string(e.what()), "plain failure");
    }
}

TEST(ExceptionField, ResultIsReturnedWhenNothingIsThrown)
{
    TestSetup setup;

    EXPECT_EQ(setup.foo().checkedDivide(7, 2), 3);
}

TEST(Inheritance, DerivedInterfaceServesInheritedAndOwnMethods)
{
    TestSetup setup;
    const int live_before = g_live_foo_objects.load();

    std::unique_ptr<FooCounter> counter = setup.foo().makeCounter(10);
    EXPECT_EQ(counter->increment(), 11);
    EXPECT_EQ(counter->increment(), 12);
    EXPECT_EQ(counter->getValue(), 12); // inherited from FooObject
    EXPECT_EQ(g_live_foo_objects.load(), live_before + 1);

    counter.reset(); // inherited destroy: the server object goes first
    EXPECT_EQ(g_live_foo_objects.load(), live_before);
}

} // namespace
} // namespace test
} // namespace mp
