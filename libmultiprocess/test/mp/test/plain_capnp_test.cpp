// A client that speaks plain Cap'n Proto calls a libmultiprocess server.
//
// Nothing here uses the libmultiprocess runtime: the client is
// capnp::TwoPartyClient over a socket, the types are the ones capnpc-c++
// generates from foo.capnp (and mp/proxy.capnp, which it imports), and the
// callbacks are plain FooCallback::Server / Thread::Server subclasses. The
// server is a real mptest-child process, started with posix_spawn. This is
// how a client written in another language (or against bare Cap'n Proto)
// sees the library; doc/interop.md describes the rules these tests check.

#include <mp/proxy.capnp.h>
#include <mp/test/callback-thread-saver.h>
#include <mp/test/foo.capnp.h>

#include <capnp/capability.h>
#include <capnp/rpc-twoparty.h>
#include <capnp/schema.h>
#include <kj/async-io.h>
#include <kj/exception.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstring>
#include <fcntl.h>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <set>
#include <spawn.h>
#include <string>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <system_error>
#include <thread>
#include <unistd.h>
#include <utility>
#include <vector>

#ifndef MPTEST_CHILD_PATH
#error "MPTEST_CHILD_PATH must name the mptest-child executable"
#endif

extern char** environ;

namespace {

using mp::test::messages::FooCallback;
using mp::test::messages::FooFn;
using mp::test::messages::FooInterface;
using mp::test::messages::FooObject;

//! mptest-child serving FooInterface in its own process on one end of a
//! socket pair. The other end is handed to the client with takeSocket().
class ChildServer
{
public:
    ChildServer()
    {
        int fds[2];
        if (socketpair(AF_UNIX, SOCK_STREAM, 0, fds) != 0) {
            throw std::system_error(errno, std::generic_category(), "socketpair");
        }
        // Only the child's end is inherited.
        fcntl(fds[0], F_SETFD, FD_CLOEXEC);
        m_socket = fds[0];
        const std::string child_fd = std::to_string(fds[1]);
        char* argv[] = {const_cast<char*>(MPTEST_CHILD_PATH), const_cast<char*>(child_fd.c_str()), nullptr};
        const int error = posix_spawn(&m_pid, MPTEST_CHILD_PATH, nullptr, nullptr, argv, environ);
        close(fds[1]);
        if (error != 0) {
            close(fds[0]);
            throw std::system_error(error, std::generic_category(), "posix_spawn " MPTEST_CHILD_PATH);
        }
    }

    ~ChildServer()
    {
        if (m_socket >= 0) close(m_socket);
        if (m_pid > 0) waitExit();
    }

    ChildServer(const ChildServer&) = delete;
    ChildServer& operator=(const ChildServer&) = delete;

    //! The parent's end of the socket; the caller owns it.
    int takeSocket() { return std::exchange(m_socket, -1); }

    pid_t pid() const { return m_pid; }

    //! Waits for the child to exit and returns its wait status. A child that
    //! has not exited within 10 seconds is killed (SIGKILL status).
    int waitExit()
    {
        int status = 0;
        for (int i = 0; i < 1000; ++i) {
            if (waitpid(m_pid, &status, WNOHANG) == m_pid) {
                m_pid = -1;
                return status;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        kill(m_pid, SIGKILL);
        waitpid(m_pid, &status, 0);
        m_pid = -1;
        return status;
    }

private:
    pid_t m_pid = -1;
    int m_socket = -1;
};

//! A bare Cap'n Proto two-party client on the calling thread: the server's
//! bootstrap capability is its FooInterface. Requests are waited for with
//! `.wait(waitScope())`, which also runs the client's own servers
//! (callbacks) while it waits.
class PlainClient
{
public:
    explicit PlainClient(int fd)
        : m_io(kj::setupAsyncIo()),
          m_stream(m_io.lowLevelProvider->wrapSocketFd(fd, kj::LowLevelAsyncIoProvider::TAKE_OWNERSHIP)),
          m_rpc(*m_stream),
          foo(m_rpc.bootstrap().castAs<FooInterface>())
    {
    }

    kj::WaitScope& waitScope() { return m_io.waitScope; }

private:
    kj::AsyncIoContext m_io;
    kj::Own<kj::AsyncIoStream> m_stream;
    capnp::TwoPartyClient m_rpc;

public:
    //! Declared last so that it is released before the connection.
    FooInterface::Client foo;
};

//! What a client-side callback saw, shared with the test (the callback
//! object itself belongs to the RPC system).
struct CallbackLog
{
    int calls = 0;
    int destroys = 0;
    //! Whether the last call's Context named a thread, and if so whether it
    //! was the client's own callbackThread.
    bool context_had_thread = false;
    bool context_thread_was_callback_thread = false;
};

//! A Thread capability made by the client itself (not by the server's
//! ThreadMap). Sent as Context.callbackThread it is the client thread that
//! runs callbacks; sent as Context.thread it names no server thread.
class ClientThreadServer final : public mp::Thread::Server
{
protected:
    kj::Promise<void> getName(GetNameContext context) override
    {
        context.getResults().setResult("plain-client");
        return kj::READY_NOW;
    }
};

//! Thread served by the client that reports, through `released`, when the
//! server has let go of every reference to it (capnp then destroys it).
class ReleaseReportingThread final : public mp::Thread::Server
{
public:
    explicit ReleaseReportingThread(kj::Own<kj::PromiseFulfiller<void>> released) : m_released(kj::mv(released)) {}
    ~ReleaseReportingThread() { m_released->fulfill(); }

protected:
    kj::Promise<void> getName(GetNameContext context) override
    {
        context.getResults().setResult("plain-client");
        return kj::READY_NOW;
    }

private:
    kj::Own<kj::PromiseFulfiller<void>> m_released;
};

//! FooCallback served by the client: call(value) returns value * factor.
class MultiplyCallback final : public FooCallback::Server
{
public:
    MultiplyCallback(int32_t factor, std::shared_ptr<CallbackLog> log,
                     capnp::CapabilityServerSet<mp::Thread>* client_threads)
        : m_factor(factor), m_log(std::move(log)), m_client_threads(client_threads)
    {
    }

protected:
    kj::Promise<void> call(CallContext context) override
    {
        const int32_t value = context.getParams().getValue();
        context.getResults().setResult(value * m_factor);
        ++m_log->calls;
        auto call_context = context.getParams().getContext();
        m_log->context_had_thread = call_context.hasThread();
        m_log->context_thread_was_callback_thread = false;
        if (!call_context.hasThread() || !m_client_threads) return kj::READY_NOW;
        auto thread = kj::heap<mp::Thread::Client>(call_context.getThread());
        auto promise = m_client_threads->getLocalServer(*thread);
        return promise.attach(kj::mv(thread)).then([log = m_log](kj::Maybe<mp::Thread::Server&> server) {
            log->context_thread_was_callback_thread = server != nullptr;
        });
    }

    kj::Promise<void> destroy(DestroyContext) override
    {
        ++m_log->destroys;
        return kj::READY_NOW;
    }

private:
    int32_t m_factor;
    std::shared_ptr<CallbackLog> m_log;
    capnp::CapabilityServerSet<mp::Thread>* m_client_threads;
};

//! FooFn (a std::function<int32_t(int32_t)> on the C++ side) that adds
//! `offset`, or throws when `offset` is zero, and fulfills `done` after
//! `expected_calls` calls.
class AddFn final : public FooFn::Server
{
public:
    explicit AddFn(int32_t offset, int expected_calls = 0, kj::Own<kj::PromiseFulfiller<void>> done = {})
        : m_offset(offset), m_expected_calls(expected_calls), m_done(kj::mv(done))
    {
    }

protected:
    kj::Promise<void> call(CallContext context) override
    {
        if (m_offset == 0) KJ_FAIL_REQUIRE("AddFn refuses to add zero");
        context.getResults().setResult(context.getParams().getValue() + m_offset);
        if (++m_calls == m_expected_calls && m_done) m_done->fulfill();
        return kj::READY_NOW;
    }

private:
    int32_t m_offset;
    int m_expected_calls;
    int m_calls{0};
    kj::Own<kj::PromiseFulfiller<void>> m_done;
};

//! FooCallback that always fails.
class ThrowingCallback final : public FooCallback::Server
{
protected:
    kj::Promise<void> call(CallContext) override { KJ_FAIL_REQUIRE("plain callback failed"); }
};

//! FooCallback that reports its `destroy` call (the server sends it when it
//! lets go of the callback) through `destroyed`, and then fails it if told
//! to, as a broken or hostile client might.
class DestroyReportingCallback final : public FooCallback::Server
{
public:
    DestroyReportingCallback(kj::Own<kj::PromiseFulfiller<void>> destroyed, bool fail_destroy)
        : m_destroyed(kj::mv(destroyed)), m_fail_destroy(fail_destroy)
    {
    }

protected:
    kj::Promise<void> call(CallContext context) override
    {
        context.getResults().setResult(context.getParams().getValue());
        return kj::READY_NOW;
    }

    kj::Promise<void> destroy(DestroyContext) override
    {
        m_destroyed->fulfill();
        if (m_fail_destroy) KJ_FAIL_REQUIRE("this callback refuses to be destroyed");
        return kj::READY_NOW;
    }

private:
    kj::Own<kj::PromiseFulfiller<void>> m_destroyed;
    bool m_fail_destroy;
};

//! FooCallback whose call never returns: it fulfills `called` and leaves
//! the server waiting.
class HangingCallback final : public FooCallback::Server
{
public:
    explicit HangingCallback(kj::Own<kj::PromiseFulfiller<void>> called) : m_called(kj::mv(called)) {}

protected:
    kj::Promise<void> call(CallContext) override
    {
        m_called->fulfill();
        return kj::NEVER_DONE;
    }

private:
    kj::Own<kj::PromiseFulfiller<void>> m_called;
};

//! Each test starts its own server process and connects to it. After the
//! test the client disconnects, and the server must then exit with status
//! 0: whatever the test sent, it neither crashed nor hung.
class PlainCapnpTest : public ::testing::Test
{
protected:
    PlainCapnpTest() : client(child.takeSocket()) {}

    void TearDown() override
    {
        if (client) expectServerExitsCleanlyOnDisconnect();
    }

    //! Disconnects, then checks that the server exits with status 0.
    void expectServerExitsCleanlyOnDisconnect()
    {
        client.reset();
        const int status = child.waitExit();
        EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
            << "mptest-child did not exit cleanly after the client disconnected (wait status " << status << ")";
    }

    FooInterface::Client& foo() { return client->foo; }
    kj::WaitScope& ws() { return client->waitScope(); }

    //! The server's ThreadMap, from `construct` with a null threadMap.
    mp::ThreadMap::Client serverThreadMap()
    {
        auto request = foo().constructRequest();
        return request.send().wait(ws()).getThreadMap();
    }

    //! A server thread made for this client through the server's ThreadMap.
    mp::Thread::Client makeServerThread(const char* name)
    {
        auto request = serverThreadMap().makeThreadRequest();
        request.setName(name);
        return request.send().wait(ws()).getResult();
    }

    //! workerThreadId with a Context naming thread (or none).
    uint64_t workerThreadId(std::optional<mp::Thread::Client> thread)
    {
        auto request = foo().workerThreadIdRequest();
        auto context = request.initContext();
        if (thread) context.setThread(*thread);
        return request.send().wait(ws()).getResult();
    }

    uint64_t loopThreadId() { return foo().loopThreadIdRequest().send().wait(ws()).getResult(); }

    ChildServer child;
    std::optional<PlainClient> client;
};

TEST_F(PlainCapnpTest, MethodWithoutContextIsAPlainRequestAndResponse)
{
    auto request = foo().addRequest();
    request.setA(2);
    request.setB(3);

    auto response = request.send().wait(ws());

    EXPECT_EQ(response.getResult(), 5);
}

TEST_F(PlainCapnpTest, ContextWithoutThreadRunsOnAPoolThreadWithoutConstruct)
{
    const uint64_t loop_thread = loopThreadId();

    const uint64_t call_thread = workerThreadId(std::nullopt);

    EXPECT_NE(call_thread, loop_thread);
}

TEST_F(PlainCapnpTest, ConstructWithNullThreadMapThenContextWithoutThreadWorks)
{
    auto construct = foo().constructRequest(); // threadMap left null
    EXPECT_TRUE(construct.send().wait(ws()).hasThreadMap());

    auto request = foo().recordWorkerThreadRequest();
    request.initContext();
    request.send().wait(ws());

    EXPECT_NE(workerThreadId(std::nullopt), loopThreadId());
}

TEST_F(PlainCapnpTest, CallsWithoutThreadShareASmallPool)
{
    const uint64_t loop_thread = loopThreadId();
    std::vector<kj::Promise<capnp::Response<FooInterface::WorkerThreadIdResults>>> replies;
    for (int i = 0; i < 16; ++i) {
        auto request = foo().workerThreadIdRequest();
        request.initContext();
        replies.push_back(request.send());
    }

    std::set<uint64_t> threads;
    for (auto& reply : replies) threads.insert(reply.wait(ws()).getResult());

    EXPECT_LE(threads.size(), 4u);
    EXPECT_EQ(threads.count(loop_thread), 0u);
}

TEST_F(PlainCapnpTest, MakeThreadGivesOneServerThreadThatRunsEveryCallNamingIt)
{
    mp::Thread::Client thread = makeServerThread("plain-client-main");
    const uint64_t loop_thread = loopThreadId();

    const uint64_t first = workerThreadId(thread);
    const uint64_t second = workerThreadId(thread);
    auto record = foo().recordWorkerThreadRequest();
    record.initContext().setThread(thread);
    record.send().wait(ws());
    const uint64_t third = workerThreadId(thread);

    EXPECT_EQ(first, second);
    EXPECT_EQ(first, third);
    EXPECT_NE(first, loop_thread);
    EXPECT_EQ(std::string(thread.getNameRequest().send().wait(ws()).getResult()), "plain-client-main");
}

TEST_F(PlainCapnpTest, ContextMayNameAThreadStillBeingMade)
{
    auto make_thread = serverThreadMap().makeThreadRequest();
    make_thread.setName("pipelined");
    auto made = make_thread.send();
    auto request = foo().workerThreadIdRequest();
    request.initContext().setThread(made.getResult()); // before makeThread has returned

    const uint64_t pipelined = request.send().wait(ws()).getResult();

    EXPECT_EQ(pipelined, workerThreadId(made.wait(ws()).getResult()));
}

TEST_F(PlainCapnpTest, ThreadsFromSeparateMakeThreadCallsAreDistinct)
{
    mp::Thread::Client one = makeServerThread("one");
    mp::Thread::Client two = makeServerThread("two");

    EXPECT_NE(workerThreadId(one), workerThreadId(two));
}

TEST_F(PlainCapnpTest, CallbackRunsWithTheCallbackThreadAsItsContextThread)
{
    capnp::CapabilityServerSet<mp::Thread> client_threads;
    mp::Thread::Client callback_thread = client_threads.add(kj::heap<ClientThreadServer>());
    auto log = std::make_shared<CallbackLog>();
    auto request = foo().callSharedRequest();
    auto context = request.initContext();
    context.setThread(makeServerThread("plain-client-main"));
    context.setCallbackThread(callback_thread);
    request.setCallback(kj::heap<MultiplyCallback>(10, log, &client_threads));
    request.setValue(4);

    auto response = request.send().wait(ws());

    EXPECT_EQ(response.getResult(), 40);
    EXPECT_EQ(log->calls, 1);
    EXPECT_TRUE(log->context_had_thread);
    EXPECT_TRUE(log->context_thread_was_callback_thread);
}

TEST_F(PlainCapnpTest, CallbackWithoutCallbackThreadStillRuns)
{
    auto log = std::make_shared<CallbackLog>();
    auto request = foo().callSharedRequest();
    request.initContext(); // neither thread nor callbackThread
    request.setCallback(kj::heap<MultiplyCallback>(10, log, nullptr));
    request.setValue(4);

    auto response = request.send().wait(ws());

    EXPECT_EQ(response.getResult(), 40);
    EXPECT_EQ(log->calls, 1);
    EXPECT_FALSE(log->context_had_thread);
}

TEST_F(PlainCapnpTest, MadeUpThreadIsRejectedAndTheServerKeepsServing)
{
    auto request = foo().workerThreadIdRequest();
    request.initContext().setThread(kj::heap<ClientThreadServer>());

    try {
        request.send().wait(ws());
        ADD_FAILURE() << "a Context.thread made by the client was accepted";
    } catch (const kj::Exception& e) {
        EXPECT_NE(std::string(e.getDescription().cStr()).find("Context.thread is not a thread of the serving process"),
                  std::string::npos)
            << e.getDescription().cStr();
    }

    auto add = foo().addRequest();
    add.setA(1);
    add.setB(1);
    EXPECT_EQ(add.send().wait(ws()).getResult(), 2);
}

TEST_F(PlainCapnpTest, DisconnectingWhileTheServerWaitsForACallbackLeavesItClean)
{
    auto called = kj::newPromiseAndFulfiller<void>();
    auto request = foo().callSharedRequest();
    request.initContext();
    request.setCallback(kj::heap<HangingCallback>(kj::mv(called.fulfiller)));
    request.setValue(1);
    {
        auto reply = request.send();
        called.promise.wait(ws());
    }

    // The server's pool thread is blocked in the callback: closing the
    // connection must end the call, and the server must still exit cleanly.
    expectServerExitsCleanlyOnDisconnect();
}

TEST_F(PlainCapnpTest, ServerDestroysACallbackOnceItLetsGoOfIt)
{
    auto destroyed = kj::newPromiseAndFulfiller<void>();
    auto request = foo().callSharedRequest();
    request.initContext();
    request.setCallback(kj::heap<DestroyReportingCallback>(kj::mv(destroyed.fulfiller), /*fail_destroy=*/false));
    request.setValue(7);

    EXPECT_EQ(request.send().wait(ws()).getResult(), 7);

    // callShared does not keep the callback: the server's proxy for it is
    // destroyed after the call, and its destructor sends `destroy`.
    destroyed.promise.wait(ws());
}

TEST_F(PlainCapnpTest, ServerLetsGoOfTheCallerThreadWhenTheThreadServingItEnds)
{
    auto released = kj::newPromiseAndFulfiller<void>();
    {
        mp::Thread::Client callback_thread = kj::heap<ReleaseReportingThread>(kj::mv(released.fulfiller));
        mp::Thread::Client thread = makeServerThread("plain-client-main");
        for (int call = 0; call < 3; ++call) {
            auto request = foo().workerThreadIdRequest();
            auto context = request.initContext();
            context.setThread(thread);
            context.setCallbackThread(callback_thread);
            request.send().wait(ws());
        }
        // The server thread keeps the caller's callbackThread between calls
        // (so that capnp does not import it anew for each one); releasing
        // the server thread here ends it.
    }

    // It let go of the callbackThread when it ended: nothing leaks.
    released.promise.wait(ws());
}

TEST_F(PlainCapnpTest, ServerThreadKeepsOnlyTheLastCallerThread)
{
    auto released_first = kj::newPromiseAndFulfiller<void>();
    auto released_second = kj::newPromiseAndFulfiller<void>();
    mp::Thread::Client thread = makeServerThread("plain-client-main");
    {
        mp::Thread::Client first = kj::heap<ReleaseReportingThread>(kj::mv(released_first.fulfiller));
        mp::Thread::Client second = kj::heap<ReleaseReportingThread>(kj::mv(released_second.fulfiller));
        for (mp::Thread::Client* caller : {&first, &second}) {
            auto request = foo().workerThreadIdRequest();
            auto context = request.initContext();
            context.setThread(thread);
            context.setCallbackThread(*caller);
            request.send().wait(ws());
        }
    }

    // The server thread still lives, and keeps the second caller; the first
    // one it let go of when the second came.
    released_first.promise.wait(ws());
    EXPECT_FALSE(released_second.promise.poll(ws()));

    thread = nullptr;
    released_second.promise.wait(ws());
}

TEST_F(PlainCapnpTest, PoolThreadsKeepNoCallerThread)
{
    auto released = kj::newPromiseAndFulfiller<void>();
    {
        mp::Thread::Client callback_thread = kj::heap<ReleaseReportingThread>(kj::mv(released.fulfiller));
        for (int call = 0; call < 3; ++call) {
            auto request = foo().workerThreadIdRequest();
            request.initContext().setCallbackThread(callback_thread);
            request.send().wait(ws());
        }
    }

    // Still connected: a pool thread serves whoever comes next, so it let go
    // of this caller when its call ended.
    released.promise.wait(ws());
}

TEST_F(PlainCapnpTest, CallToAServerThreadThatHasEndedKeepsNoCallerThread)
{
    // The Thread a server thread sends with its callbacks, saved by the
    // client beyond the server thread's life.
    std::optional<mp::Thread::Client> server_thread;
    {
        mp::Thread::Client thread = makeServerThread("plain-client-main");
        auto request = foo().callRefRequest();
        request.initContext().setThread(thread);
        request.setCallback(kj::heap<mp::test::CallbackThreadSaver>(server_thread));
        request.setValue(3);
        EXPECT_EQ(request.send().wait(ws()).getResult(), 3);
    }
    ASSERT_TRUE(server_thread.has_value());

    auto released = kj::newPromiseAndFulfiller<void>();
    {
        mp::Thread::Client callback_thread = kj::heap<ReleaseReportingThread>(kj::mv(released.fulfiller));
        // Releasing `thread` above ends the server thread, soon but not at
        // once: call until the server refuses (each call is a round trip).
        std::string error;
        while (error.empty()) {
            auto request = foo().workerThreadIdRequest();
            auto context = request.initContext();
            context.setThread(*server_thread);
            context.setCallbackThread(callback_thread);
            try {
                request.send().wait(ws());
            } catch (const kj::Exception& e) {
                error = e.getDescription().cStr();
            }
        }
        // The thread's wrapper still exists but its thread waits for nothing.
        EXPECT_TRUE(error.find("exited") != std::string::npos || error.find("not waiting") != std::string::npos)
            << error;
    }

    // The refused call kept nothing of the caller's.
    released.promise.wait(ws());
}

TEST_F(PlainCapnpTest, CallbackWhoseDestroyFailsLeavesTheServerServing)
{
    auto destroyed = kj::newPromiseAndFulfiller<void>();
    auto request = foo().callSharedRequest();
    request.initContext();
    request.setCallback(kj::heap<DestroyReportingCallback>(kj::mv(destroyed.fulfiller), /*fail_destroy=*/true));
    request.setValue(7);
    EXPECT_EQ(request.send().wait(ws()).getResult(), 7);
    destroyed.promise.wait(ws());

    // The failed `destroy` reached the server's proxy destructor, which
    // cannot throw: the server logs it and keeps serving.
    auto add = foo().addRequest();
    add.setA(2);
    add.setB(2);
    EXPECT_EQ(add.send().wait(ws()).getResult(), 4);
}

TEST_F(PlainCapnpTest, PoolCallsStillRunWhileAnotherPoolCallWaitsForItsCallback)
{
    auto called = kj::newPromiseAndFulfiller<void>();
    auto hanging = foo().callSharedRequest();
    hanging.initContext();
    hanging.setCallback(kj::heap<HangingCallback>(kj::mv(called.fulfiller)));
    auto hanging_reply = hanging.send();
    called.promise.wait(ws());

    // More calls than pool threads, so some land on the waiting thread
    // (which runs them while it waits).
    int returned = 0;
    for (int i = 0; i < 8; ++i) {
        workerThreadId(std::nullopt);
        ++returned;
    }

    EXPECT_EQ(returned, 8);
}

TEST_F(PlainCapnpTest, CallbackThreadIsUsedForPoolCallsToo)
{
    capnp::CapabilityServerSet<mp::Thread> client_threads;
    auto log = std::make_shared<CallbackLog>();
    auto request = foo().callRefRequest();
    request.initContext().setCallbackThread(client_threads.add(kj::heap<ClientThreadServer>()));
    request.setCallback(kj::heap<MultiplyCallback>(2, log, &client_threads));
    request.setValue(8);

    EXPECT_EQ(request.send().wait(ws()).getResult(), 16);
    EXPECT_TRUE(log->context_thread_was_callback_thread);
}

// ---- Every method of FooInterface, called the way a plain client would ----
//
// Context parameters are left unset throughout (not even initialised): the
// server treats a missing Context like one without a thread.

//! Expects request.send() to fail with a message containing `what`.
template <typename Request>
void ExpectRemoteError(Request& request, kj::WaitScope& ws, const std::string& what)
{
    try {
        request.send().wait(ws);
        ADD_FAILURE() << "expected an error containing \"" << what << "\"";
    } catch (const kj::Exception& e) {
        EXPECT_NE(std::string(e.getDescription().cStr()).find(what), std::string::npos) << e.getDescription().cStr();
    }
}

struct MethodCase
{
    //! The FooInterface method this case calls (its capnp name).
    std::string method;
    std::function<void(FooInterface::Client& foo, kj::WaitScope& ws, pid_t server_pid)> check;
};

//! Names a case in GoogleTest's output.
void PrintTo(const MethodCase& method_case, std::ostream* os) { *os << method_case.method; }

//! The bytes FooImplementation::fillBytes makes (PatternBytes in foo.h,
//! which this test does not include: it uses no libmultiprocess code).
kj::Array<kj::byte> Pattern(uint64_t size, uint8_t seed)
{
    auto bytes = kj::heapArray<kj::byte>(size);
    for (uint64_t i = 0; i < size; ++i) bytes[i] = static_cast<kj::byte>((i * 131 + i / 4093 + seed) & 0xff);
    return bytes;
}

std::vector<MethodCase> MethodCases()
{
    using Foo = FooInterface::Client;
    using WS = kj::WaitScope;
    std::vector<MethodCase> cases;
    auto add = [&](std::string method, std::function<void(Foo&, WS&, pid_t)> check) {
        cases.push_back({std::move(method), std::move(check)});
    };
    // A request passing `value` through a pass* method comes back unchanged.
#define MP_PASS_CASE(METHOD, VALUE)                                                                                    \
    add(#METHOD, [](Foo& foo, WS& ws, pid_t) {                                                                         \
        auto request = foo.METHOD##Request();                                                                         \
        request.setValue(VALUE);                                                                                       \
        EXPECT_EQ(request.send().wait(ws).getResult(), VALUE);                                                        \
    })

    add("construct", [](Foo& foo, WS& ws, pid_t) {
        EXPECT_TRUE(foo.constructRequest().send().wait(ws).hasThreadMap());
    });
    add("add", [](Foo& foo, WS& ws, pid_t) {
        auto request = foo.addRequest();
        request.setA(-7);
        request.setB(30);
        EXPECT_EQ(request.send().wait(ws).getResult(), 23);
    });
    MP_PASS_CASE(passInt8, int8_t{-128});
    MP_PASS_CASE(passUInt8, uint8_t{255});
    MP_PASS_CASE(passInt16, int16_t{-32768});
    MP_PASS_CASE(passUInt16, uint16_t{65535});
    MP_PASS_CASE(passInt32, int32_t{-2147483647});
    MP_PASS_CASE(passUInt32, uint32_t{4294967295u});
    MP_PASS_CASE(passInt64, int64_t{-9000000000000000000});
    MP_PASS_CASE(passUInt64, uint64_t{18000000000000000000u});
    MP_PASS_CASE(passFloat32, 1.5f);
    MP_PASS_CASE(passFloat64, -2.25);
    MP_PASS_CASE(passNarrow, int32_t{123456});
#undef MP_PASS_CASE
    add("passString", [](Foo& foo, WS& ws, pid_t) {
        auto request = foo.passStringRequest();
        request.setValue("h\xc3\xa9llo");
        EXPECT_EQ(std::string(request.send().wait(ws).getResult()), "h\xc3\xa9llo");
    });
    add("triple", [](Foo& foo, WS& ws, pid_t) {
        auto request = foo.tripleRequest();
        request.setValue(14);
        EXPECT_EQ(request.send().wait(ws).getResult(), 42);
    });
    add("negate", [](Foo& foo, WS& ws, pid_t) {
        auto request = foo.negateRequest();
        request.setValue(true);
        EXPECT_FALSE(request.send().wait(ws).getResult());
    });
    add("nextColor", [](Foo& foo, WS& ws, pid_t) {
        auto request = foo.nextColorRequest();
        request.setColor(3); // Blue
        EXPECT_EQ(request.send().wait(ws).getResult(), 1); // Red
    });
    add("passBytes", [](Foo& foo, WS& ws, pid_t) {
        const kj::byte bytes[] = {0, 1, 0xfe, 0xff};
        auto request = foo.passBytesRequest();
        request.setValue(kj::arrayPtr(bytes, sizeof(bytes)));
        auto response = request.send().wait(ws);
        EXPECT_EQ(response.getResult(), capnp::Data::Reader(bytes, sizeof(bytes)));
    });
    add("passChars", [](Foo& foo, WS& ws, pid_t) {
        const kj::byte chars[] = {'a', 0, 'z'};
        auto request = foo.passCharsRequest();
        request.setValue(kj::arrayPtr(chars, sizeof(chars)));
        auto response = request.send().wait(ws);
        EXPECT_EQ(response.getResult(), capnp::Data::Reader(chars, sizeof(chars)));
    });
    // Megabytes: the server's reply points at the implementation's result
    // (mp/lent-bytes.h); to a plain client it is an ordinary message.
    add("passBytesOnWorker", [](Foo& foo, WS& ws, pid_t) {
        auto bytes = Pattern(1 << 20, 1);
        auto request = foo.passBytesOnWorkerRequest();
        request.setValue(bytes);
        auto response = request.send().wait(ws);
        EXPECT_EQ(response.getResult(), capnp::Data::Reader(bytes));
    });
    add("passCharsOnWorker", [](Foo& foo, WS& ws, pid_t) {
        auto chars = Pattern((1 << 20) + 16 * 1024, 2);
        auto request = foo.passCharsOnWorkerRequest();
        request.setValue(chars);
        auto response = request.send().wait(ws);
        EXPECT_EQ(response.getResult(), capnp::Data::Reader(chars));
    });
    add("fillBytes", [](Foo& foo, WS& ws, pid_t) {
        auto request = foo.fillBytesRequest();
        request.setSize(2 << 20);
        request.setSeed(3);
        auto response = request.send().wait(ws);
        EXPECT_EQ(response.getBytes(), capnp::Data::Reader(Pattern(2 << 20, 3)));
    });
    add("passStruct", [](Foo& foo, WS& ws, pid_t) {
        const kj::byte payload[] = {9, 8, 7};
        auto request = foo.passStructRequest();
        auto value = request.initValue();
        value.setName("name");
        value.setCount(-3);
        value.initInner().setX(11);
        value.getInner().setFlag(true);
        value.setLabel("label");
        value.setPayload(kj::arrayPtr(payload, sizeof(payload)));
        value.setBig(uint64_t{1} << 63);
        // The reader points into the response, which must outlive it.
        auto response = request.send().wait(ws);
        auto result = response.getResult();
        EXPECT_EQ(std::string(result.getName()), "name");
        EXPECT_EQ(result.getCount(), -3);
        EXPECT_EQ(result.getInner().getX(), 11);
        EXPECT_TRUE(result.getInner().getFlag());
        EXPECT_EQ(std::string(result.getLabel()), "label");
        EXPECT_EQ(result.getPayload(), capnp::Data::Reader(payload, sizeof(payload)));
        EXPECT_EQ(result.getBig(), uint64_t{1} << 63);
    });
    add("makeObject", [](Foo& foo, WS& ws, pid_t) {
        auto request = foo.makeObjectRequest();
        request.setValue(77);
        FooObject::Client object = request.send().wait(ws).getResult();
        EXPECT_EQ(object.getValueRequest().send().wait(ws).getResult(), 77);
        // destroy takes a Context: left unset, it runs on a pool thread.
        object.destroyRequest().send().wait(ws);
        auto after = object.getValueRequest();
        ExpectRemoteError(after, ws, "already destroyed");
    });
    add("makeCounter", [](Foo& foo, WS& ws, pid_t) {
        auto request = foo.makeCounterRequest();
        request.setStart(5);
        auto counter = request.send().wait(ws).getResult();
        EXPECT_EQ(counter.incrementRequest().send().wait(ws).getResult(), 6);
        EXPECT_EQ(counter.getValueRequest().send().wait(ws).getResult(), 6); // inherited from FooObject
    });
    add("callShared", [](Foo& foo, WS& ws, pid_t) {
        auto log = std::make_shared<CallbackLog>();
        auto request = foo.callSharedRequest();
        request.setCallback(kj::heap<MultiplyCallback>(3, log, nullptr));
        request.setValue(5);
        EXPECT_EQ(request.send().wait(ws).getResult(), 15);
        EXPECT_EQ(log->calls, 1);
    });
    auto save_then_call = [](Foo& foo, WS& ws, pid_t) {
        auto log = std::make_shared<CallbackLog>();
        auto save = foo.saveCallbackRequest();
        save.setCallback(kj::heap<MultiplyCallback>(7, log, nullptr));
        save.send().wait(ws);
        EXPECT_EQ(log->calls, 0);
        auto call = foo.callSavedOnceRequest();
        call.setValue(6);
        EXPECT_EQ(call.send().wait(ws).getResult(), 42);
        EXPECT_EQ(log->calls, 1);
        // Saved once: a second call finds nothing saved.
        auto again = foo.callSavedOnceRequest();
        ExpectRemoteError(again, ws, "no saved callback");
    };
    add("saveCallback", save_then_call);
    add("callSavedOnce", save_then_call);
    add("callRef", [](Foo& foo, WS& ws, pid_t) {
        auto log = std::make_shared<CallbackLog>();
        auto request = foo.callRefRequest();
        request.setCallback(kj::heap<MultiplyCallback>(-1, log, nullptr));
        request.setValue(9);
        EXPECT_EQ(request.send().wait(ws).getResult(), -9);
        EXPECT_EQ(log->calls, 1);
    });
    add("throwError", [](Foo& foo, WS& ws, pid_t) {
        auto request = foo.throwErrorRequest();
        request.setMessage("plain client asked for this");
        ExpectRemoteError(request, ws, "plain client asked for this");
    });
    add("divide", [](Foo& foo, WS& ws, pid_t) {
        auto request = foo.divideRequest();
        request.setA(17);
        request.setB(5);
        auto response = request.send().wait(ws);
        EXPECT_EQ(response.getResult(), 3);
        EXPECT_EQ(response.getRemainder(), 2);
    });
    add("square", [](Foo& foo, WS& ws, pid_t) {
        auto request = foo.squareRequest();
        request.setValue(-6);
        EXPECT_EQ(request.send().wait(ws).getSquared(), 36);
    });
    add("doubleInPlace", [](Foo& foo, WS& ws, pid_t) {
        auto request = foo.doubleInPlaceRequest();
        request.setValue(21);
        EXPECT_EQ(request.send().wait(ws).getValue(), 42);
    });
    add("addFee", [](Foo& foo, WS& ws, pid_t) {
        auto request = foo.addFeeRequest();
        request.setAmount("12.34");
        EXPECT_EQ(std::string(request.send().wait(ws).getResult()), "13.84");
    });
    add("recordLoopThread", [](Foo& foo, WS& ws, pid_t) { foo.recordLoopThreadRequest().send().wait(ws); });
    add("recordWorkerThread", [](Foo& foo, WS& ws, pid_t) { foo.recordWorkerThreadRequest().send().wait(ws); });
    add("processId", [](Foo& foo, WS& ws, pid_t server_pid) {
        EXPECT_EQ(foo.processIdRequest().send().wait(ws).getResult(), server_pid);
    });
    add("squareInto", [](Foo& foo, WS& ws, pid_t) {
        auto request = foo.squareIntoRequest();
        request.setValue(12);
        EXPECT_EQ(request.send().wait(ws).getSquared(), 144);
    });
    add("shiftUp", [](Foo& foo, WS& ws, pid_t) {
        auto zero = foo.shiftUpRequest();
        zero.setValue(0);
        EXPECT_EQ(zero.send().wait(ws).getResult(), 0);
        auto one = foo.shiftUpRequest();
        one.setValue(1);
        ExpectRemoteError(one, ws, "does not fit");
    });
    add("passCount", [](Foo& foo, WS& ws, pid_t) {
        auto request = foo.passCountRequest();
        request.setCount(7);
        EXPECT_EQ(request.send().wait(ws).getResult(), 7u);
        // The C++ parameter is an int32_t: 2^31 does not fit it.
        auto too_big = foo.passCountRequest();
        too_big.setCount(uint32_t{1} << 31);
        ExpectRemoteError(too_big, ws, "does not fit");
    });
    add("checkedDivide", [](Foo& foo, WS& ws, pid_t) {
        auto ok = foo.checkedDivideRequest();
        ok.setA(9);
        ok.setB(2);
        auto ok_response = ok.send().wait(ws);
        EXPECT_EQ(ok_response.getResult(), 4);
        EXPECT_FALSE(ok_response.hasError());
        // The error is a result field, not a failed call.
        auto by_zero = foo.checkedDivideRequest();
        by_zero.setA(1);
        by_zero.setB(0);
        EXPECT_EQ(std::string(by_zero.send().wait(ws).getError()), "cannot divide 1 by zero");
    });
    add("callFunction", [](Foo& foo, WS& ws, pid_t) {
        auto request = foo.callFunctionRequest();
        request.setFn(kj::heap<AddFn>(100));
        request.setValue(5);
        EXPECT_EQ(request.send().wait(ws).getResult(), 105);
    });
    auto save_function_then_call = [](Foo& foo, WS& ws, pid_t) {
        auto save = foo.saveFunctionRequest();
        save.setFn(kj::heap<AddFn>(1));
        save.send().wait(ws);
        auto call = foo.callSavedFunctionFromNewThreadRequest();
        call.setValue(41);
        EXPECT_EQ(call.send().wait(ws).getResult(), 42);
    };
    add("saveFunction", save_function_then_call);
    add("callSavedFunctionFromNewThread", save_function_then_call);
    add("notifyFromServerThread", [](Foo& foo, WS& ws, pid_t) {
        auto done = kj::newPromiseAndFulfiller<void>();
        auto request = foo.notifyFromServerThreadRequest();
        request.setFn(kj::heap<AddFn>(1, 3, kj::mv(done.fulfiller)));
        request.setCount(3);
        request.send().wait(ws);
        done.promise.wait(ws); // three calls arrive after the reply
    });
    add("makeMultiplier", [](Foo& foo, WS& ws, pid_t) {
        auto request = foo.makeMultiplierRequest();
        request.setFactor(6);
        auto fn = request.send().wait(ws).getResult();
        auto call = fn.callRequest();
        call.setValue(7);
        EXPECT_EQ(call.send().wait(ws).getResult(), 42);
    });
    add("callCatching", [](Foo& foo, WS& ws, pid_t) {
        auto request = foo.callCatchingRequest();
        request.setCallback(kj::heap<ThrowingCallback>());
        request.setValue(1);
        EXPECT_NE(std::string(request.send().wait(ws).getResult()).find("plain callback failed"), std::string::npos);
    });
    auto block_then_release = [](Foo& foo, WS& ws, pid_t) {
        auto blocked = foo.blockUntilReleasedRequest().send();
        // release runs on the loop thread; keep calling it until the blocked
        // call has returned (the first may arrive before the block starts).
        while (!blocked.poll(ws)) foo.releaseRequest().send().wait(ws);
        blocked.wait(ws);
    };
    add("blockUntilReleased", block_then_release);
    add("release", block_then_release);
    add("serverThreadName", [](Foo& foo, WS& ws, pid_t) {
        EXPECT_NE(std::string(foo.serverThreadNameRequest().send().wait(ws).getResult()).find("mptest"),
                  std::string::npos);
    });
    add("workerThreadId", [](Foo& foo, WS& ws, pid_t) {
        const uint64_t worker = foo.workerThreadIdRequest().send().wait(ws).getResult();
        EXPECT_NE(worker, foo.loopThreadIdRequest().send().wait(ws).getResult());
    });
    add("loopThreadId", [](Foo& foo, WS& ws, pid_t) {
        // Calls without a Context all run on the one loop thread.
        const uint64_t first = foo.loopThreadIdRequest().send().wait(ws).getResult();
        EXPECT_EQ(foo.loopThreadIdRequest().send().wait(ws).getResult(), first);
    });
    add("callThenBlock", [](Foo& foo, WS& ws, pid_t) {
        auto log = std::make_shared<CallbackLog>();
        auto request = foo.callThenBlockRequest();
        request.setStarted(kj::heap<MultiplyCallback>(1, log, nullptr));
        request.setValue(4);
        auto blocked = request.send();
        // The callback runs before the block; release until the call returns.
        while (!blocked.poll(ws)) foo.releaseRequest().send().wait(ws);
        blocked.wait(ws);
        EXPECT_EQ(log->calls, 1);
    });
    add("makeObjectWithHook", [](Foo& foo, WS& ws, pid_t) {
        auto log = std::make_shared<CallbackLog>();
        auto request = foo.makeObjectWithHookRequest();
        request.setValue(9);
        request.setOnDestroy(kj::heap<MultiplyCallback>(1, log, nullptr));
        {
            FooObject::Client object = request.send().wait(ws).getResult();
            EXPECT_EQ(object.getValueRequest().send().wait(ws).getResult(), 9);
        }
        // Released without `destroy`: the server destroys the object off its
        // loop thread, and the destructor calls the hook back here.
        while (log->calls == 0) foo.loopThreadIdRequest().send().wait(ws);
        EXPECT_EQ(log->calls, 1);
    });
    return cases;
}

TEST(PlainCapnpMethodTable, CoversEveryMethodOfFooInterface)
{
    std::set<std::string> in_table;
    for (const auto& method_case : MethodCases()) in_table.insert(method_case.method);

    std::set<std::string> in_schema;
    for (auto method : capnp::Schema::from<FooInterface>().getMethods()) {
        in_schema.insert(method.getProto().getName());
    }

    EXPECT_EQ(in_table, in_schema);
}

class EveryMethod : public PlainCapnpTest, public ::testing::WithParamInterface<MethodCase>
{
};

TEST_P(EveryMethod, CanBeCalledByAPlainClient)
{
    GetParam().check(foo(), ws(), child.pid());
}

INSTANTIATE_TEST_SUITE_P(FooInterface, EveryMethod, ::testing::ValuesIn(MethodCases()),
                         [](const ::testing::TestParamInfo<MethodCase>& info) { return info.param.method; });

} // namespace
