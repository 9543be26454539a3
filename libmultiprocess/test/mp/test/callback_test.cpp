// Callbacks: std::function and interface parameters that the server calls
// back into the client. A callback made while a client thread waits for the
// call that passed it runs on that waiting thread; one made later, from a
// server thread no client thread waits on, runs on a thread the client
// process provides.

#include <mp/test/foo.h>
#include <mp/test/test-setup.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

namespace mp {
namespace test {
namespace {

//! How long a test waits for something that should happen at once before it
//! gives up and fails (a hang would otherwise stall the suite).
constexpr auto kGiveUpAfter = std::chrono::seconds(30);

//! A callback that re-enters the server until value reaches zero, each level
//! nested in the previous one, and counts levels run on an unexpected thread.
class RecursingCallback : public FooCallback
{
public:
    explicit RecursingCallback(Foo& foo) : m_foo(foo) {}

    int32_t call(int32_t value) override
    {
        if (std::this_thread::get_id() != expected_thread) ++calls_on_other_threads;
        ++calls;
        if (value == 0) return 0;
        return m_foo.callRef(*this, value - 1) + 1;
    }

    std::thread::id expected_thread;
    std::atomic<int> calls{0};
    std::atomic<int> calls_on_other_threads{0};

private:
    Foo& m_foo;
};

class ThrowingCallback : public FooCallback
{
public:
    int32_t call(int32_t value) override { throw std::runtime_error("callback refused " + std::to_string(value)); }
};

class DoublingCallback : public FooCallback
{
public:
    int32_t call(int32_t value) override { return value * 2; }
};

TEST(Callbacks, FunctionParameterRunsOnTheWaitingClientThread)
{
    TestSetup setup;
    std::thread::id ran_on;

    const int32_t result = setup.foo().callFunction(
        [&](int32_t value) {
            ran_on = std::this_thread::get_id();
            return value + 1;
        },
        41);

    EXPECT_EQ(result, 42);
    EXPECT_EQ(ran_on, std::this_thread::get_id());
}

TEST(Callbacks, CallbackCanRelockARecursiveMutexTheCallerHolds)
{
    TestSetup setup;
    std::recursive_mutex mutex;
    std::lock_guard<std::recursive_mutex> held(mutex);

    // try_lock, not lock: if the callback ran on any other thread the test
    // fails with a clear message instead of deadlocking.
    const int32_t result = setup.foo().callFunction(
        [&](int32_t value) {
            if (!mutex.try_lock()) throw std::runtime_error("mutex held by another thread");
            mutex.unlock();
            return value * 3;
        },
        5);

    EXPECT_EQ(result, 15);
}

TEST(Callbacks, CallbacksRecurseFiftyLevelsOnTheCallingThread)
{
    TestSetup setup;
    RecursingCallback callback(setup.foo());
    callback.expected_thread = std::this_thread::get_id();

    const int32_t depth = setup.foo().callRef(callback, 50);

    EXPECT_EQ(depth, 50);
    EXPECT_EQ(callback.calls.load(), 51);
    EXPECT_EQ(callback.calls_on_other_threads.load(), 0);
}

TEST(Callbacks, SavedFunctionCalledFromAnUnmappedServerThreadRunsOnAClientThread)
{
    TestSetup setup;
    std::atomic<std::thread::id> ran_on;
    setup.foo().saveFunction([&](int32_t value) {
        ran_on = std::this_thread::get_id();
        return value * 7;
    });

    const int32_t result = setup.foo().callSavedFunctionFromNewThread(6);

    EXPECT_EQ(result, 42);
    // No client thread waits on the server thread that made the call, so the
    // client ran it on a thread of its own (not this one, which was waiting
    // on a different server thread).
    EXPECT_NE(ran_on.load(), std::thread::id());
    EXPECT_NE(ran_on.load(), std::this_thread::get_id());
}

TEST(Callbacks, ServerThreadNotifiesTheClientWhileNoCallIsWaiting)
{
    TestSetup setup;
    std::mutex mutex;
    std::condition_variable cv;
    std::vector<int32_t> received;
    std::set<std::thread::id> threads;

    setup.foo().notifyFromServerThread(
        [&](int32_t value) {
            std::lock_guard<std::mutex> lock(mutex);
            received.push_back(value);
            threads.insert(std::this_thread::get_id());
            cv.notify_all();
            return 0;
        },
        5);

    std::unique_lock<std::mutex> lock(mutex);
    ASSERT_TRUE(cv.wait_for(lock, kGiveUpAfter, [&] { return received.size() == 5; }));
    EXPECT_EQ(received, (std::vector<int32_t>{1, 2, 3, 4, 5}));
    EXPECT_EQ(threads.count(std::this_thread::get_id()), 0u);
}

TEST(Callbacks, FunctionReturnedByTheServerRunsThere)
{
    TestSetup setup;

    std::function<int32_t(int32_t)> times_four = setup.foo().makeMultiplier(4);

    ASSERT_TRUE(times_four);
    EXPECT_EQ(times_four(5), 20);
    EXPECT_EQ(times_four(-3), -12);
}

TEST(Callbacks, EmptyFunctionArrivesEmpty)
{
    TestSetup setup;

    // The server calls the empty function it received: std::bad_function_call
    // comes back as an error, not a crash.
    EXPECT_THROW(setup.foo().callFunction(nullptr, 1), std::runtime_error);
}

TEST(Callbacks, CallbackExceptionReachesTheServerSideCaller)
{
    TestSetup setup;

    const std::string message = setup.foo().callCatching(std::make_shared<ThrowingCallback>(), 9);

    EXPECT_NE(message.find("callback refused 9"), std::string::npos) << message;
}

TEST(Callbacks, CallbackExceptionUncaughtByTheServerReachesTheClient)
{
    TestSetup setup;

    try {
        setup.foo().callShared(std::make_shared<ThrowingCallback>(), 3);
        FAIL() << "expected an exception";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("callback refused 3"), std::string::npos) << e.what();
    }
}

TEST(Callbacks, ABlockedClientThreadDoesNotBlockAnother)
{
    TestSetup setup;
    auto blocked = std::async(std::launch::async, [&] { setup.foo().blockUntilReleased(); });
    setup.impl.waitUntilBlocked();

    // A call with a Context from this thread runs on its own server thread
    // while the other client thread's server thread is blocked.
    auto other = std::async(std::launch::async, [&] { return setup.foo().callShared(std::make_shared<DoublingCallback>(), 21); });
    const bool other_finished = other.wait_for(kGiveUpAfter) == std::future_status::ready;

    setup.foo().release();
    blocked.get();
    ASSERT_TRUE(other_finished);
    EXPECT_EQ(other.get(), 42);
}

TEST(Callbacks, FourClientThreadsMakeCallbacksInParallelEachOnItsOwnThread)
{
    TestSetup setup;
    constexpr int kThreads = 4;
    constexpr int kCallsPerThread = 200;
    std::atomic<int> wrong_thread{0};

    std::vector<std::future<int64_t>> sums;
    for (int t = 0; t < kThreads; ++t) {
        sums.push_back(std::async(std::launch::async, [&, t] {
            const std::thread::id me = std::this_thread::get_id();
            int64_t sum = 0;
            for (int i = 0; i < kCallsPerThread; ++i) {
                sum += setup.foo().callFunction(
                    [&](int32_t value) {
                        if (std::this_thread::get_id() != me) ++wrong_thread;
                        return value + t;
                    },
                    i);
            }
            return sum;
        }));
    }

    for (int t = 0; t < kThreads; ++t) {
        const int64_t expected = int64_t{kCallsPerThread} * (kCallsPerThread - 1) / 2 + int64_t{kCallsPerThread} * t;
        EXPECT_EQ(sums[t].get(), expected);
    }
    EXPECT_EQ(wrong_thread.load(), 0);
}

TEST(Callbacks, ClientDroppingItsReferenceLeavesTheServersCallbackUsable)
{
    TestSetup setup;
    auto callback = std::make_shared<DoublingCallback>();
    setup.foo().saveCallback(callback);

    callback.reset();

    EXPECT_EQ(setup.foo().callSavedOnce(8), 16);
}

TEST(Callbacks, CallingACallbackOfADisconnectedClientThrows)
{
    TestSetup setup;
    setup.foo().saveCallback(std::make_shared<DoublingCallback>());

    setup.client().reset();

    // The server still holds a proxy for the client's callback; calling it
    // reports the lost connection instead of crashing or hanging.
    EXPECT_THROW(setup.impl.callSavedOnce(1), std::runtime_error);
}

} // namespace
} // namespace test
} // namespace mp
