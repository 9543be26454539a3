// Objects passed as interfaces: created and destroyed remotely
// (std::unique_ptr), owned by the client and called by the server
// (std::shared_ptr), and borrowed for the duration of a call (Cls&).

#include <mp/test/foo.h>
#include <mp/test/test-setup.h>

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <thread>

namespace mp {
namespace test {
namespace {

//! A client-side callback that multiplies by ten and records the thread
//! that ran it.
class RecordingCallback : public FooCallback
{
public:
    int32_t call(int32_t value) override
    {
        ++calls;
        thread = std::this_thread::get_id();
        return value * 10;
    }

    std::atomic<int> calls{0};
    std::atomic<std::thread::id> thread;
};

//! A client-side callback that calls back into the server until value
//! reaches zero, so each level of the call is nested in the previous one.
class ReenteringCallback : public FooCallback
{
public:
    explicit ReenteringCallback(Foo& foo) : m_foo(foo) {}

    int32_t call(int32_t value) override
    {
        if (std::this_thread::get_id() != expected_thread) ++calls_on_other_threads;
        if (value == 0) return 0;
        return m_foo.callRef(*this, value - 1) + 1;
    }

    std::thread::id expected_thread;
    std::atomic<int> calls_on_other_threads{0};

private:
    Foo& m_foo;
};

TEST(Interfaces, ReturnedObjectIsCalledRemotely)
{
    TestSetup setup;

    const std::unique_ptr<FooObject> object = setup.foo().makeObject(7);

    ASSERT_NE(object, nullptr);
    EXPECT_EQ(object->getValue(), 7);
}

TEST(Interfaces, ReturnedObjectLivesInServerUntilClientResetsIt)
{
    TestSetup setup;
    const int live_before = g_live_foo_objects.load();
    std::unique_ptr<FooObject> object = setup.foo().makeObject(7);
    ASSERT_EQ(g_live_foo_objects.load(), live_before + 1);

    object.reset();

    // destroy() ran the server-side destructor before reset() returned.
    EXPECT_EQ(g_live_foo_objects.load(), live_before);
}

TEST(Interfaces, ServerCallsSharedCallbackOnTheWaitingClientThread)
{
    TestSetup setup;
    auto callback = std::make_shared<RecordingCallback>();

    const int32_t result = setup.foo().callShared(callback, 4);

    EXPECT_EQ(result, 40);
    EXPECT_EQ(callback->calls.load(), 1);
    EXPECT_EQ(callback->thread.load(), std::this_thread::get_id());
}

TEST(Interfaces, SharedCallbackKeptByServerIsCallableInALaterCall)
{
    TestSetup setup;
    auto callback = std::make_shared<RecordingCallback>();
    setup.foo().saveCallback(callback);
    ASSERT_EQ(callback->calls.load(), 0);

    const int32_t result = setup.foo().callSavedOnce(5);

    EXPECT_EQ(result, 50);
    EXPECT_EQ(callback->calls.load(), 1);
}

TEST(Interfaces, ServerDroppingSharedCallbackReleasesTheClientsObject)
{
    TestSetup setup;
    auto callback = std::make_shared<RecordingCallback>();
    setup.foo().saveCallback(callback);
    ASSERT_GT(callback.use_count(), 1);

    setup.foo().callSavedOnce(1);

    // The server's proxy was destroyed inside callSavedOnce, and its destroy
    // call released the client-side reference before the reply came back.
    EXPECT_EQ(callback.use_count(), 1);
}

TEST(Interfaces, BorrowedReferenceIsCallableDuringTheCall)
{
    TestSetup setup;
    RecordingCallback callback;

    const int32_t result = setup.foo().callRef(callback, 6);

    EXPECT_EQ(result, 60);
    EXPECT_EQ(callback.calls.load(), 1);
    EXPECT_EQ(callback.thread.load(), std::this_thread::get_id());
}

TEST(Interfaces, CallbacksReenterTheServerRecursively)
{
    TestSetup setup;
    ReenteringCallback callback(setup.foo());
    callback.expected_thread = std::this_thread::get_id();

    const int32_t depth = setup.foo().callRef(callback, 8);

    EXPECT_EQ(depth, 8);
    EXPECT_EQ(callback.calls_on_other_threads.load(), 0);
}

} // namespace
} // namespace test
} // namespace mp
