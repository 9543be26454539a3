// Which thread runs a call (contract section 5): methods without a Context
// run on the server's event loop thread, methods with one on a server thread
// dedicated to the calling client thread.

#include <mp/test/foo.h>
#include <mp/test/test-setup.h>
#include <mp/util.h>

#include <gtest/gtest.h>

#include <regex>

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace mp {
namespace test {
namespace {

class TimesTwo : public FooCallback
{
public:
    int32_t call(int32_t value) override { return value * 2; }
};

TEST(Threads, SyncRunsTheFunctionOnTheLoopThread)
{
    TestSetup setup;
    std::thread::id ran_on;

    setup.server_loop->sync([&] { ran_on = std::this_thread::get_id(); });

    EXPECT_EQ(ran_on, setup.server_loop_thread);
}

TEST(Threads, MethodWithoutContextRunsOnTheServerLoopThread)
{
    TestSetup setup;

    setup.foo().recordLoopThread();

    EXPECT_EQ(setup.impl.loop_call_thread.load(), setup.server_loop_thread);
}

TEST(Threads, MethodWithContextRunsOnAWorkerThreadNotTheLoopThread)
{
    TestSetup setup;

    setup.foo().recordWorkerThread();

    EXPECT_NE(setup.impl.worker_call_thread.load(), std::thread::id{});
    EXPECT_NE(setup.impl.worker_call_thread.load(), setup.server_loop_thread);
}

TEST(Threads, OneClientThreadKeepsTheSameServerThread)
{
    TestSetup setup;
    setup.foo().recordWorkerThread();
    const std::thread::id first = setup.impl.worker_call_thread.load();

    setup.foo().recordWorkerThread();

    EXPECT_EQ(setup.impl.worker_call_thread.load(), first);
}

TEST(Threads, EachClientThreadGetsItsOwnServerThread)
{
    TestSetup setup;
    setup.foo().recordWorkerThread();
    const std::thread::id for_main_thread = setup.impl.worker_call_thread.load();

    std::thread([&] { setup.foo().recordWorkerThread(); }).join();

    EXPECT_NE(setup.impl.worker_call_thread.load(), for_main_thread);
    EXPECT_NE(setup.impl.worker_call_thread.load(), setup.server_loop_thread);
}

TEST(Threads, ServerThreadIsNamedAfterTheClientThreadItServes)
{
    TestSetup setup;
    const std::string client_thread_name = ThreadName("mptest-client");

    const std::string server_thread_name = setup.foo().serverThreadName();

    EXPECT_NE(server_thread_name.find("(serving " + client_thread_name + ")"), std::string::npos)
        << server_thread_name << " does not name " << client_thread_name;
    // "EXE-PID/TID (serving ...)": the worker's own part carries no OS thread
    // name inherited from the thread that started it.
    EXPECT_TRUE(std::regex_search(server_thread_name, std::regex("^[^/ ]+-[0-9]+/[0-9]+ \\(serving ")))
        << server_thread_name;
}

TEST(Threads, CallsFromASecondClientThreadWork)
{
    TestSetup setup;
    int32_t sum = 0;
    int32_t remainder = 0;
    int32_t quotient = 0;

    std::thread([&] {
        sum = setup.foo().add(20, 22);
        quotient = setup.foo().divide(9, 4, remainder);
    }).join();

    EXPECT_EQ(sum, 42);
    EXPECT_EQ(quotient, 2);
    EXPECT_EQ(remainder, 1);
}

TEST(Threads, ConcurrentCallsFromSeveralClientThreadsEachGetTheirOwnResults)
{
    TestSetup setup;
    constexpr int THREADS = 4;
    constexpr int CALLS = 25;
    std::atomic<int> wrong_results{0};
    std::vector<std::thread> threads;

    for (int t = 0; t < THREADS; ++t) {
        threads.emplace_back([&, t] {
            auto callback = std::make_shared<TimesTwo>();
            for (int i = 0; i < CALLS; ++i) {
                if (setup.foo().add(t * 1000, i) != t * 1000 + i) ++wrong_results;
                if (setup.foo().callShared(callback, t + i) != 2 * (t + i)) ++wrong_results;
            }
        });
    }
    for (auto& thread : threads) thread.join();

    EXPECT_EQ(wrong_results.load(), 0);
}

} // namespace
} // namespace test
} // namespace mp
