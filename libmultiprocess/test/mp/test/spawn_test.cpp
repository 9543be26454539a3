// A server in a real child process: mptest-child, started with SpawnProcess
// and serving FooImplementation on its end of the socket pair.

#include <mp/test/foo.h>
#include <mp/test/foo-types.h>
#include <mp/test/test-setup.h>
#include <mp/test/unix-listener.h>
#include <mp/util.h>

#include <mp/exception-conversion.h>

#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <limits>
#include <memory>
#include <stdexcept>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <csignal>
#include <cstring>
#include <sys/socket.h>
#include <sys/un.h>
#include <vector>

#ifndef MPTEST_CHILD_PATH
#error "MPTEST_CHILD_PATH must name the mptest-child executable"
#endif

namespace mp {
namespace test {
namespace {

//! Spawns mptest-child and returns the parent's end of the socket.
int SpawnChild(int& pid)
{
    return SpawnProcess(pid, [](int child_fd) {
        return std::vector<std::string>{MPTEST_CHILD_PATH, std::to_string(child_fd)};
    });
}

class TimesTen : public FooCallback
{
public:
    int32_t call(int32_t value) override
    {
        thread = std::this_thread::get_id();
        return value * 10;
    }
    std::atomic<std::thread::id> thread;
};

//! A callback that kills the server process while the server waits for it,
//! so the call that passed it can never get a reply.
class KillServer : public FooCallback
{
public:
    explicit KillServer(int pid) : m_pid(pid) {}
    int32_t call(int32_t value) override
    {
        kill(m_pid, SIGKILL);
        return value;
    }

private:
    int m_pid;
};

TEST(ChildProcess, ServerKilledMidCallThrowsDisconnectedErrorNamingTheMethod)
{
    int pid = 0;
    ClientThread connection("mptest-parent", SpawnChild(pid));

    try {
        connection.client->callShared(std::make_shared<KillServer>(pid), 1);
        FAIL() << "expected DisconnectedError";
    } catch (const DisconnectedError& e) {
        EXPECT_NE(std::string(e.what()).find("callShared"), std::string::npos) << e.what();
    }
    // A later call on the stale proxy fails the same way.
    EXPECT_THROW(connection.client->add(1, 2), DisconnectedError);
    connection.client.reset();
    WaitProcess(pid);
}

TEST(ChildProcess, ServesCallsFromAnotherProcess)
{
    int pid = 0;
    ClientThread connection("mptest-parent", SpawnChild(pid));

    const int32_t server_pid = connection.client->processId();

    EXPECT_EQ(server_pid, pid);
    EXPECT_NE(server_pid, static_cast<int32_t>(getpid()));
    connection.client.reset();
    EXPECT_EQ(WaitProcess(pid), 0);
}

TEST(ChildProcess, ValuesOfSeveralTypesRoundTrip)
{
    int pid = 0;
    ClientThread connection("mptest-parent", SpawnChild(pid));
    Foo& foo = *connection.client;
    FooStruct in;
    in.name = "n";
    in.count = 3;
    in.inner.x = -4;
    in.caption = "c";
    in.payload = {9, 8};
    int32_t remainder = 0;

    EXPECT_EQ(foo.add(2, 3), 5);
    EXPECT_EQ(foo.passInt64(std::numeric_limits<int64_t>::min()), std::numeric_limits<int64_t>::min());
    EXPECT_EQ(foo.passUInt64(std::numeric_limits<uint64_t>::max()), std::numeric_limits<uint64_t>::max());
    EXPECT_EQ(foo.passFloat64(2.25), 2.25);
    EXPECT_EQ(foo.nextColor(Color::Green), Color::Blue);
    EXPECT_EQ(foo.passString("across processes"), "across processes");
    EXPECT_EQ(foo.passBytes(std::vector<unsigned char>(1 << 20, 0xab)), std::vector<unsigned char>(1 << 20, 0xab));
    const FooStruct out = foo.passStruct(in);
    EXPECT_EQ(out.name, "n");
    EXPECT_EQ(out.inner.x, -4);
    EXPECT_EQ(out.caption, "c");
    EXPECT_EQ(foo.divide(7, 2, remainder), 3);
    EXPECT_EQ(remainder, 1);
    EXPECT_EQ(foo.addFee(Money{100}).cents, 100 + FEE_CENTS);
    EXPECT_EQ(foo.makeObject(11)->getValue(), 11);

    connection.client.reset();
    EXPECT_EQ(WaitProcess(pid), 0);
}

TEST(ChildProcess, ChildCallsBackIntoParentOnTheCallingThread)
{
    int pid = 0;
    ClientThread connection("mptest-parent", SpawnChild(pid));
    auto callback = std::make_shared<TimesTen>();

    const int32_t result = connection.client->callShared(callback, 3);

    EXPECT_EQ(result, 30);
    EXPECT_EQ(callback->thread.load(), std::this_thread::get_id());
    connection.client.reset();
    EXPECT_EQ(WaitProcess(pid), 0);
}

TEST(ChildProcess, ChildErrorIsRethrownInParentAndConnectionSurvives)
{
    int pid = 0;
    ClientThread connection("mptest-parent", SpawnChild(pid));
    std::string message;

    try {
        connection.client->throwError("boom: 42");
        FAIL() << "throwError returned normally";
    } catch (const std::runtime_error& e) {
        message = e.what();
    }

    EXPECT_NE(message.find("boom: 42"), std::string::npos) << message;
    EXPECT_EQ(connection.client->add(1, 1), 2);
    connection.client.reset();
    EXPECT_EQ(WaitProcess(pid), 0);
}

TEST(ChildProcess, ChildExitsWithStatusZeroWhenTheClientDisconnects)
{
    int pid = 0;
    ClientThread connection("mptest-parent", SpawnChild(pid));
    ASSERT_EQ(connection.client->add(1, 2), 3);

    connection.client.reset();
    const int status = WaitProcess(pid);

    EXPECT_TRUE(WIFEXITED(status)) << "status " << status;
    EXPECT_EQ(WEXITSTATUS(status), 0);
}

TEST(ChildProcess, ListenConnectionsServesSeveralClientsIndependently)
{
    UnixListener listening(/*inheritable=*/true);
    int pid = 0;
    const int unused = SpawnProcess(pid, [&](int) {
        return std::vector<std::string>{MPTEST_CHILD_PATH, "--listen", std::to_string(listening.fd)};
    });
    close(listening.fd); // the child has its own copy

    {
        ClientThread first("mptest-first", listening.connect());
        ClientThread second("mptest-second", listening.connect());
        EXPECT_EQ(first.client->processId(), pid);
        EXPECT_EQ(second.client->processId(), pid);

        first.client.reset(); // one client leaving does not affect the other
        EXPECT_EQ(second.client->add(20, 22), 42);
    }
    ClientThread third("mptest-third", listening.connect());
    EXPECT_EQ(third.client->add(1, 1), 2);
    third.client.reset();

    // A listening server runs until it is stopped.
    kill(pid, SIGTERM);
    const int status = WaitProcess(pid);
    EXPECT_TRUE(WIFSIGNALED(status)) << "status " << status;
    close(unused);
}

} // namespace
} // namespace test
} // namespace mp
