// Faults: a peer process dies (SIGKILL) at any moment of a call, a process
// shuts its loop down with calls in flight, a listener refuses connections
// beyond its limit, and call tracing. Every test runs real processes or real
// sockets; a peer is killed with SIGKILL so that it gets no chance to close
// anything itself.

#include <mp/proxy-io.h>
#include <mp/test/foo.capnp.h>
#include <mp/test/foo.capnp.proxy.h>
#include <mp/test/foo.h>
#include <mp/test/loop-thread.h>
#include <mp/test/test-setup.h>
#include <mp/test/unix-listener.h>
#include <mp/util.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstring>
#include <dirent.h>
#include <future>
#include <iostream>
#include <latch>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

#ifndef MPTEST_CHILD_PATH
#error "MPTEST_CHILD_PATH must name the mptest-child executable"
#endif

namespace mp {
namespace test {
namespace {

using Clock = std::chrono::steady_clock;

//! Hang guard: nothing in these tests should take anywhere near this long.
constexpr auto kHangGuard = std::chrono::seconds(20);
//! Iterations of each phase of the kill test (four phases).
constexpr int kIterationsPerPhase = 100;

//! Number of open file descriptors of this process.
int CountOpenFds()
{
    DIR* dir = opendir("/proc/self/fd");
    if (!dir) throw std::runtime_error("cannot open /proc/self/fd");
    int count = 0;
    while (dirent* entry = readdir(dir)) {
        if (entry->d_name[0] != '.') ++count;
    }
    closedir(dir);
    return count - 1; // the descriptor opendir() itself holds
}

//! Aborts the test process if it is still alive after kHangGuard: a hung
//! IPC call cannot be recovered from inside the process, and an abort with
//! a message beats a silent ctest timeout.
class HangGuard
{
public:
    explicit HangGuard(std::string what) : m_what(std::move(what))
    {
        m_thread = std::thread([this] {
            std::unique_lock<std::mutex> lock(m_mutex);
            if (!m_cv.wait_for(lock, kHangGuard, [&] { return m_done; })) {
                std::cerr << "fault_test: HANG: " << m_what << " did not finish within " << kHangGuard.count()
                          << " s" << std::endl;
                std::abort();
            }
        });
    }
    ~HangGuard()
    {
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_done = true;
        }
        m_cv.notify_all();
        m_thread.join();
    }

private:
    std::string m_what;
    std::mutex m_mutex;
    std::condition_variable m_cv;
    bool m_done{false};
    std::thread m_thread;
};

//! An mptest-child process serving FooInterface, and a client of it in
//! this process. kill() sends SIGKILL and notes when.
class KillableChild
{
public:
    KillableChild() : m_connection("mptest-faults", SpawnProcess(m_pid, [](int fd) {
                                       return std::vector<std::string>{MPTEST_CHILD_PATH, std::to_string(fd)};
                                   }))
    {
    }
    ~KillableChild()
    {
        kill();
        reap();
    }

    Foo& foo() { return *m_connection.client; }

    void kill()
    {
        if (m_killed.exchange(true)) return;
        ::kill(m_pid, SIGKILL);
    }

    void reap()
    {
        if (!m_reaped) WaitProcess(m_pid);
        m_reaped = true;
    }

private:
    int m_pid{0};
    std::atomic<bool> m_killed{false};
    bool m_reaped{false};
    ClientThread m_connection;
};

//! Asserts that an exception is a DisconnectedError naming method.
//!
//! No call in these tests has a timeout (the library has none), so a
//! DisconnectedError can only come from the connection closing: the caller
//! learnt of the peer's death from its socket, which is what "promptly"
//! means. A caller that was never woken would hang, and HangGuard aborts
//! the test then; no wall-clock limit is asserted, since a loaded machine
//! may take any time.
void ExpectDisconnected(std::exception_ptr error, const std::string& method)
{
    if (!error) {
        ADD_FAILURE() << method << " returned normally although the peer was killed";
        return;
    }
    try {
        std::rethrow_exception(error);
    } catch (const DisconnectedError& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find(method), std::string::npos) << message;
        EXPECT_NE(message.find("disconnected"), std::string::npos) << message;
    } catch (const std::exception& e) {
        ADD_FAILURE() << method << " threw something else than DisconnectedError: " << e.what();
    }
}

//! Calls fn and checks that it throws DisconnectedError for method.
template <typename Fn>
void ExpectCallDisconnected(Fn&& fn, const std::string& method)
{
    std::exception_ptr error;
    try {
        fn();
    } catch (...) {
        error = std::current_exception();
    }
    ExpectDisconnected(error, method);
}

//! FooCallback running a function.
class FnCallback : public FooCallback
{
public:
    explicit FnCallback(std::function<void()> fn) : m_fn(std::move(fn)) {}
    int32_t call(int32_t value) override
    {
        m_fn();
        return value;
    }

private:
    std::function<void()> m_fn;
};

// Phase 1: the peer is dead before the request is sent.
void KillBeforeSend()
{
    KillableChild child;
    ASSERT_EQ(child.foo().add(1, 2), 3);

    child.kill();
    child.reap();

    ExpectCallDisconnected([&] { child.foo().add(1, 2); }, "FooInterface.add");
    // Later calls on the stale proxy fail the same way.
    ExpectCallDisconnected([&] { child.foo().passString("stale"); }, "FooInterface.passString");
}

// Phase 2: three client threads wait while the server method runs.
void KillWhileServerMethodRuns()
{
    constexpr int kThreads = 3;
    KillableChild child;
    std::latch started(kThreads);
    auto signal = std::make_shared<FnCallback>([&] { started.count_down(); });
    std::vector<std::exception_ptr> errors(kThreads);
    std::vector<std::thread> callers;
    for (int i = 0; i < kThreads; ++i) {
        callers.emplace_back([&, i] {
            try {
                child.foo().callThenBlock(signal, i);
            } catch (...) {
                errors[i] = std::current_exception();
            }
        });
    }
    started.wait();

    child.kill();

    for (auto& caller : callers) caller.join();
    for (int i = 0; i < kThreads; ++i) {
        ExpectDisconnected(errors[i], "FooInterface.callThenBlock");
    }
    ExpectCallDisconnected([&] { child.foo().add(1, 1); }, "FooInterface.add");
}

// Phase 3: the peer dies while its call back into this process runs.
void KillDuringCallback()
{
    KillableChild child;
    auto killer = std::make_shared<FnCallback>([&] { child.kill(); });

    ExpectCallDisconnected([&] { child.foo().callShared(killer, 5); }, "FooInterface.callShared");
    ExpectCallDisconnected([&] { child.foo().add(1, 1); }, "FooInterface.add");
}

// Phase 4: the peer dies while serving `destroy` (the object's destructor
// calls back here, and the callback kills it).
void KillDuringDestroy()
{
    KillableChild child;
    auto killer = std::make_shared<FnCallback>([&] { child.kill(); });
    std::unique_ptr<FooObject> object = child.foo().makeObjectWithHook(3, killer);
    ASSERT_EQ(object->getValue(), 3);

    object.reset(); // sends destroy; its failure is swallowed by the destructor

    ExpectCallDisconnected([&] { child.foo().add(1, 1); }, "FooInterface.add");
}

TEST(PeerDeath, KillingTheServerAtAnyPhaseOfACallFailsEveryWaiterPromptlyWithoutLeaks)
{
    // Warm up once so lazily created process-wide state is not counted.
    KillBeforeSend();
    const int fds_before = CountOpenFds();
    const LiveProxyCounts proxies_before = LiveProxies();
    const auto started = Clock::now();

    for (int i = 0; i < kIterationsPerPhase && !HasFailure(); ++i) {
        {
            HangGuard guard("kill before send, iteration " + std::to_string(i));
            KillBeforeSend();
        }
        {
            HangGuard guard("kill while the server method runs, iteration " + std::to_string(i));
            KillWhileServerMethodRuns();
        }
        {
            HangGuard guard("kill during a callback, iteration " + std::to_string(i));
            KillDuringCallback();
        }
        {
            HangGuard guard("kill during destroy, iteration " + std::to_string(i));
            KillDuringDestroy();
        }
    }

    EXPECT_EQ(CountOpenFds(), fds_before) << "file descriptors leaked";
    const LiveProxyCounts proxies_after = LiveProxies();
    EXPECT_EQ(proxies_after.clients, proxies_before.clients) << "ProxyClient objects leaked";
    EXPECT_EQ(proxies_after.servers, proxies_before.servers) << "ProxyServer objects leaked";
    std::cerr << "fault_test: " << 4 * kIterationsPerPhase << " killed peers in "
              << std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count() << " ms"
              << std::endl;
}

//! Serves `impl` on a server loop in this process to a spawned
//! `mptest-child --client SCENARIO` and to an in-process client.
TEST(PeerDeath, ClientProcessKilledMidCallLeavesTheServerRunningAndItsObjectsCleanedUp)
{
    HangGuard guard("ClientProcessKilledMidCall");
    const LiveProxyCounts proxies_before = LiveProxies();
    const int objects_before = g_live_foo_objects.load();
    int destroyed_before;
    {
        std::lock_guard<std::mutex> lock(g_hooked_objects.mutex);
        destroyed_before = g_hooked_objects.destroyed;
    }
    FooImplementation impl;
    std::optional<LoopThread> server(std::in_place, "mptest-server");
    int pid = 0;
    const int child_fd = SpawnProcess(pid, [](int fd) {
        return std::vector<std::string>{MPTEST_CHILD_PATH, "--client", "hold", std::to_string(fd)};
    });
    ServeStream<messages::FooInterface>(*server->loop, child_fd, impl);
    int pair[2];
    ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair), 0);
    ServeStream<messages::FooInterface>(*server->loop, pair[0], impl);
    std::optional<ClientThread> other(std::in_place, "mptest-other", pair[1]);

    // The child saved a callback, holds a HookedObject, and is now waiting
    // in blockUntilReleased, which runs on a server worker thread.
    impl.waitUntilBlocked();
    EXPECT_EQ(g_live_foo_objects.load(), objects_before + 1);
    kill(pid, SIGKILL);
    WaitProcess(pid);

    // The object the dead client held is destroyed, off the loop thread; its
    // destructor's call back into the dead client fails as disconnected.
    {
        std::unique_lock<std::mutex> lock(g_hooked_objects.mutex);
        ASSERT_TRUE(g_hooked_objects.cv.wait_for(lock, kHangGuard,
                                                 [&] { return g_hooked_objects.destroyed > destroyed_before; }));
        EXPECT_NE(g_hooked_objects.thread, server->thread_id);
        EXPECT_NE(g_hooked_objects.hook_error.find("FooCallback.call"), std::string::npos)
            << g_hooked_objects.hook_error;
        EXPECT_NE(g_hooked_objects.hook_error.find("disconnected"), std::string::npos) << g_hooked_objects.hook_error;
    }
    EXPECT_EQ(g_live_foo_objects.load(), objects_before);
    // A server thread calling the callback the dead client left gets the
    // disconnected error.
    std::string message;
    std::thread([&] {
        try {
            impl.callSavedOnce(1);
        } catch (const DisconnectedError& e) {
            message = e.what();
        }
    }).join();
    EXPECT_NE(message.find("FooCallback.call"), std::string::npos) << message;
    EXPECT_NE(message.find("disconnected"), std::string::npos) << message;
    // The server still serves its other client.
    EXPECT_EQ(other->client->add(2, 3), 5);

    // The call the dead client was waiting for returns once released; the
    // loop then ends when the last client leaves.
    impl.release();
    other.reset();
    server.reset();
    EXPECT_EQ(LiveProxies(), proxies_before);
}

TEST(Shutdown, LoopShutsDownWithCallsInFlightBothWaysAndLoopReturns)
{
    HangGuard guard("Shutdown with calls in flight");
    const LiveProxyCounts proxies_before = LiveProxies();
    const int fds_before = CountOpenFds();

    //! Notes when a call to callThenBlock has reached the implementation.
    class EnteringFoo : public FooImplementation
    {
    public:
        void callThenBlock(std::shared_ptr<FooCallback> started, int32_t value) override
        {
            entered.count_down();
            FooImplementation::callThenBlock(std::move(started), value);
        }
        std::latch entered{1};
    };
    EnteringFoo impl;
    LogCapture log;
    std::optional<LoopThread> process(std::in_place, "mptest-shutdown", log.fn());
    EventLoop& loop = *process->loop;

    // Incoming: a child process calls us; our server method waits for the
    // child's callback, which never returns.
    int incoming_pid = 0;
    const int incoming_fd = SpawnProcess(incoming_pid, [](int fd) {
        return std::vector<std::string>{MPTEST_CHILD_PATH, "--client", "hang-in-callback", std::to_string(fd)};
    });
    ServeStream<messages::FooInterface>(loop, incoming_fd, impl);
    // Outgoing: we call a child process whose server method blocks.
    int outgoing_pid = 0;
    const int outgoing_fd = SpawnProcess(outgoing_pid, [](int fd) {
        return std::vector<std::string>{MPTEST_CHILD_PATH, std::to_string(fd)};
    });
    std::unique_ptr<FooClient> outgoing = ConnectStream<messages::FooInterface>(loop, outgoing_fd);
    std::latch outgoing_started(1);
    auto signal = std::make_shared<FnCallback>([&] { outgoing_started.count_down(); });
    std::exception_ptr outgoing_error;
    std::thread caller([&] {
        try {
            outgoing->callThenBlock(signal, 1);
        } catch (...) {
            outgoing_error = std::current_exception();
        }
    });
    impl.entered.wait();
    outgoing_started.wait();

    loop.shutdown();

    // The outgoing call fails at once, saying why.
    caller.join();
    ExpectDisconnected(outgoing_error, "FooInterface.callThenBlock");
    try {
        std::rethrow_exception(outgoing_error);
    } catch (const std::exception& e) {
        EXPECT_NE(std::string(e.what()).find("shutting down"), std::string::npos) << e.what();
    }
    // The incoming call's nested callback call is cancelled, so its worker
    // thread returns and loop() returns although `outgoing` still exists.
    process->join();
    EXPECT_TRUE(log.waitFor("shutting down"));
    // The stale proxy outlives its loop: calls fail, destruction is quiet.
    ExpectCallDisconnected([&] { outgoing->add(1, 2); }, "FooInterface.add");
    outgoing.reset();
    process.reset();

    kill(incoming_pid, SIGKILL);
    kill(outgoing_pid, SIGKILL);
    WaitProcess(incoming_pid);
    WaitProcess(outgoing_pid);
    EXPECT_EQ(LiveProxies(), proxies_before);
    EXPECT_EQ(CountOpenFds(), fds_before) << "file descriptors leaked";
}

TEST(ListenLimits, ConnectionBeyondTheLimitIsClosedAndLoggedAndStopClosesTheSocket)
{
    HangGuard guard("ListenLimits");
    FooImplementation impl;
    UnixListener listener;
    LogCapture log;
    std::optional<LoopThread> server(std::in_place, "mptest-listen", log.fn());
    server->loop->setLogLevel(LogLevel::Debug);
    Listening listening =
        ListenConnections<messages::FooInterface>(*server->loop, listener.fd, impl, ListenOptions{.max_connections = 2});

    auto first = std::make_unique<ClientThread>("mptest-first", listener.connect());
    ClientThread second("mptest-second", listener.connect());
    EXPECT_EQ(first->client->add(1, 1), 2);
    EXPECT_EQ(second.client->add(2, 2), 4);

    // The third is accepted and closed at once. Its client was made on its
    // loop thread before loop() ran, so its ThreadMap exchange (construct)
    // waits for the first call, which sees the connection gone.
    {
        ClientThread third("mptest-third", listener.connect());
        EXPECT_THROW(third.client->add(1, 1), DisconnectedError);
    }
    EXPECT_TRUE(log.waitFor("refusing a connection"));
    EXPECT_EQ(log.matching({"refusing a connection", "max_connections"}).size(), 1u);

    // Once a client leaves, there is room for another.
    first.reset();
    ASSERT_TRUE(log.waitFor("client disconnected"));
    ClientThread fourth("mptest-fourth", listener.connect());
    EXPECT_EQ(fourth.client->add(3, 3), 6);

    // Stopping the listener closes its socket; served clients stay up.
    listening.stop();
    EXPECT_EQ(listener.tryConnect(), -1);
    EXPECT_EQ(errno, ECONNREFUSED);
    EXPECT_EQ(second.client->add(4, 4), 8);
    EXPECT_EQ(fourth.client->add(5, 5), 10);
}

TEST(ListenLimits, ShutdownStopsListeningAndClosesServedConnections)
{
    HangGuard guard("ShutdownStopsListening");
    FooImplementation impl;
    UnixListener listener;
    std::optional<LoopThread> server(std::in_place, "mptest-listen");
    ListenConnections<messages::FooInterface>(*server->loop, listener.fd, impl);
    ClientThread client("mptest-client", listener.connect());
    EXPECT_EQ(client.client->add(1, 1), 2);

    server->loop->shutdown();

    EXPECT_EQ(listener.tryConnect(), -1);
    EXPECT_THROW(client.client->add(1, 1), DisconnectedError);
    server->join(); // loop() returned: nothing was left holding it
}

TEST(Tracing, OneCallIsTracedAsFourLinesWhenTheLevelIsTrace)
{
    HangGuard guard("Tracing");
    FooImplementation impl;
    LogCapture server_log;
    LogCapture client_log;
    int pair[2];
    ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair), 0);
    LoopThread server("mptest-server", server_log.fn());
    LoopThread client_loop("mptest-client", client_log.fn());
    server.loop->setLogLevel(LogLevel::Trace);
    client_loop.loop->setLogLevel(LogLevel::Trace);
    ServeStream<messages::FooInterface>(*server.loop, pair[0], impl);
    auto client = ConnectStream<messages::FooInterface>(*client_loop.loop, pair[1]);

    EXPECT_EQ(client->add(20, 22), 42);

    EXPECT_EQ(client_log.matching({"IPC trace: client send FooInterface.add", "mptest-client", "a = 20", "b = 22"}).size(), 1u);
    EXPECT_EQ(server_log.matching({"IPC trace: server recv FooInterface.add", "mptest-server", "a = 20", "b = 22"}).size(), 1u);
    EXPECT_EQ(server_log.matching({"IPC trace: server reply FooInterface.add", "result = 42"}).size(), 1u);
    EXPECT_EQ(client_log.matching({"IPC trace: client recv FooInterface.add", "result = 42"}).size(), 1u);
    // A method running on a worker thread is traced too.
    client->recordWorkerThread();
    EXPECT_EQ(server_log.matching({"server reply FooInterface.recordWorkerThread"}).size(), 1u);
    client.reset();
}

TEST(Tracing, NothingIsTracedAtTheDefaultLevel)
{
    LogCapture server_log;
    LogCapture client_log;
    FooImplementation impl;
    int pair[2];
    ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair), 0);
    LoopThread server("mptest-server", server_log.fn());
    LoopThread client_loop("mptest-client", client_log.fn());
    server.loop->setLogLevel(LogLevel::Info);
    client_loop.loop->setLogLevel(LogLevel::Info);
    ServeStream<messages::FooInterface>(*server.loop, pair[0], impl);
    auto client = ConnectStream<messages::FooInterface>(*client_loop.loop, pair[1]);

    EXPECT_EQ(client->add(1, 2), 3);

    EXPECT_TRUE(server_log.matching({"IPC trace"}).empty());
    EXPECT_TRUE(client_log.matching({"IPC trace"}).empty());
    client.reset();
}

} // namespace
} // namespace test
} // namespace mp
