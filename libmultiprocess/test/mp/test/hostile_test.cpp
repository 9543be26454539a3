// Hostile input: a peer that sends bytes no honest client would. Each test
// serves one more connection of a running server, writes the bad input to it
// with plain send() calls, and checks what a server operator relies on: the
// server closes that connection (or, for errors Cap'n Proto reports per call,
// answers with an exception and keeps it), logs why, and a normal client on
// another connection of the same server is still answered correctly.

#include <mp/proxy-io.h>
#include <mp/test/callback-thread-saver.h>
#include <mp/test/foo.capnp.h>
#include <mp/test/foo.capnp.proxy.h>
#include <mp/test/foo.h>
#include <mp/test/raw-peer.h>
#include <mp/test/test-setup.h>

#include <capnp/rpc-twoparty.h>
#include <gtest/gtest.h>
#include <kj/async-io.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <future>
#include <iostream>
#include <mutex>
#include <optional>
#include <string>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace mp {
namespace test {
namespace {

using namespace raw;

//! Longest a test waits for the server to answer or close (a guard against a
//! hung server, not a timing check: a healthy server answers in microseconds).
constexpr int kGuardSeconds = 30;

//! A server event loop on its own thread serving FooImplementation to a
//! normal client, plus any number of raw connections the test adds. Keeps
//! the server's log lines.
class HostileServer
{
public:
    HostileServer()
    {
        int fds[2];
        if (socketpair(AF_UNIX, SOCK_STREAM, 0, fds) != 0) throw std::runtime_error("socketpair failed");
        std::promise<EventLoop*> started;
        m_thread = std::thread([this, &started, fd = fds[0]] {
            EventLoop loop("mptest-hostile", [this](bool raise, std::string message) { log(raise, message); });
            loop.m_log_level = LogLevel::Debug; // a peer that merely left is logged at Debug
            ServeStream<messages::FooInterface>(loop, fd, impl);
            started.set_value(&loop);
            loop.loop();
        });
        m_loop = started.get_future().get();
        m_client = std::make_unique<ClientThread>("mptest-good-client", fds[1]);
    }

    ~HostileServer()
    {
        for (int fd : m_raw_fds) close(fd);
        m_client.reset(); // the server loop exits once every connection is gone
        m_thread.join();
    }

    //! A new connection served like the normal client's; returns the raw end.
    int connectRaw()
    {
        int fds[2];
        if (socketpair(AF_UNIX, SOCK_STREAM, 0, fds) != 0) throw std::runtime_error("socketpair failed");
        ServeStream<messages::FooInterface>(*m_loop, fds[0], impl);
        SetReceiveTimeout(fds[1], kGuardSeconds);
        m_raw_fds.push_back(fds[1]);
        return fds[1];
    }

    //! The normal client on its own connection.
    Foo& good() { return *m_client->client; }

    //! Every line the server logged so far, one per line.
    std::string logText()
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        std::string text;
        for (const auto& line : m_log) text += line + "\n";
        return text;
    }

    //! True if the server logged that it closed a connection for reason.
    bool loggedClose(const std::string& reason)
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        for (const auto& line : m_log) {
            if (line.find("IPC: closing the connection: ") != std::string::npos &&
                line.find(reason) != std::string::npos) {
                return true;
            }
        }
        return false;
    }

    FooImplementation impl;

private:
    void log(bool raise, const std::string& message)
    {
        if (std::getenv("MPTEST_LOG")) std::cerr << "mptest-hostile: " << message << std::endl;
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_log.push_back(message);
        }
        if (raise) throw std::runtime_error(message);
    }

    std::mutex m_mutex;
    std::vector<std::string> m_log;
    std::thread m_thread;
    EventLoop* m_loop{nullptr};
    std::unique_ptr<ClientThread> m_client;
    std::vector<int> m_raw_fds;
};

//! What the server did with one raw connection after the bad input.
struct Outcome
{
    bool closed{false};       //!< the server closed the connection
    std::string abort_reason; //!< the reason it sent in an Abort message, if any
};

//! Sends bytes (then, if end_input, shuts down the sending side) and reads
//! until the server closes the connection.
Outcome SendAndWaitForClose(int fd, const std::string& bytes, bool end_input = false)
{
    SendAll(fd, bytes); // the server may close before reading it all
    if (end_input) shutdown(fd, SHUT_WR);
    Outcome outcome;
    std::optional<std::string> received = ReadUntilClosed(fd);
    outcome.closed = received.has_value();
    if (received) outcome.abort_reason = AbortReason(*received);
    return outcome;
}

//! The checks every test ends with: the other connection still works.
void ExpectStillServing(HostileServer& server)
{
    EXPECT_EQ(server.good().add(20, 22), 42);
    EXPECT_EQ(server.good().passString("still here"), "still here");
}

//! Sends bytes on fd (then, if end_input, shuts down the sending side) and
//! checks what every case that must close the connection shows: the server
//! closed it, gave `reason` in the Abort message it sent back (unless
//! abort is Unchecked: a peer whose input ends mid-frame gets none, and a
//! frame refused from its header alone may be answered before the rest is
//! read), logged the close with that reason, and still serves its good
//! client.
enum class Abort { Checked, Unchecked };
void ExpectClosedWithReason(HostileServer& server, int fd, const std::string& bytes, const std::string& reason,
                            Abort abort = Abort::Checked, bool end_input = false)
{
    Outcome outcome = SendAndWaitForClose(fd, bytes, end_input);

    EXPECT_TRUE(outcome.closed);
    if (abort == Abort::Checked) EXPECT_NE(outcome.abort_reason.find(reason), std::string::npos) << outcome.abort_reason;
    EXPECT_TRUE(server.loggedClose(reason)) << server.logText();
    ExpectStillServing(server);
}

//! How the server answered a call that must fail without closing the
//! connection: the exception in the call's Return.
struct CallFailure
{
    capnp::rpc::Exception::Type type;
    std::string reason;
};

//! Sends the bootstrap request (question 0) and `call` (question 1, on the
//! bootstrap capability) on fd and reads question 1's Return, which must be
//! an exception. Nullopt, with the test failed, if it is not.
std::optional<CallFailure> SendCallExpectingException(int fd, const std::string& call)
{
    if (!SendAll(fd, Bootstrap(0) + call)) {
        ADD_FAILURE() << "the server closed the connection before the call was sent";
        return std::nullopt;
    }
    std::optional<Received> reply = ReadReturn(fd, 1);
    if (!reply) {
        ADD_FAILURE() << "no Return for the call";
        return std::nullopt;
    }
    auto ret = reply->message().getReturn();
    if (!ret.isException()) {
        ADD_FAILURE() << "the call was answered with results, not an exception";
        return std::nullopt;
    }
    return CallFailure{ret.getException().getType(), ret.getException().getReason()};
}

//! After question 1 on fd failed: finishes it and asks add(a, b) as
//! question 2 on the same connection, which must be answered with the sum.
void ExpectSameConnectionAnswersAdd(int fd, int32_t a, int32_t b)
{
    ASSERT_TRUE(SendAll(fd, Finish(1) + CallAdd(2, 0, a, b)));
    std::optional<Received> sum = ReadReturn(fd, 2);
    ASSERT_TRUE(sum.has_value());
    ASSERT_TRUE(sum->message().getReturn().isResults());
    EXPECT_EQ(sum->message().getReturn().getResults().getContent().getAs<messages::FooInterface::AddResults>().getResult(),
              a + b);
}

TEST(HostileInput, NormalClientIsAnsweredBeforeAnyBadInput)
{
    HostileServer server;
    ExpectStillServing(server);
}

TEST(HostileInput, GarbageBytesCloseTheConnection)
{
    HostileServer server;
    int fd = server.connectRaw();

    ExpectClosedWithReason(server, fd, std::string("GET / HTTP/1.1\r\nHost: x\r\n\r\n") + std::string(64, '\xff'), "too many segments");
}

TEST(HostileInput, TruncatedFrameClosesTheConnection)
{
    HostileServer server;
    int fd = server.connectRaw();
    std::string frame = Bootstrap(0);
    frame.resize(frame.size() - 8); // announce every word, send all but the last

    ExpectClosedWithReason(server, fd, frame, "disconnected prematurely", Abort::Unchecked, /*end_input=*/true);
}

TEST(HostileInput, FrameAnnouncingGigabytesIsRejectedBeforeItsBody)
{
    HostileServer server;
    int fd = server.connectRaw();

    // 2^32-1 words (32 GiB) in one segment; the body never follows.
    ExpectClosedWithReason(server, fd, SegmentTable({0xffffffff}), "too large");
}

TEST(HostileInput, FrameAnnouncingTooManySegmentsIsRejected)
{
    HostileServer server;
    int fd = server.connectRaw();

    std::string table = SegmentTable({1});
    const uint32_t count_minus_one = 0xfffffffe;
    memcpy(table.data(), &count_minus_one, sizeof(count_minus_one));
    ExpectClosedWithReason(server, fd, table, "too many segments", Abort::Unchecked);
}

TEST(HostileInput, FrameLargerThanTheTraversalLimitIsRejected)
{
    HostileServer server;
    int fd = server.connectRaw();

    // Two segments whose sum is one word over the 256 MiB limit.
    const uint32_t limit_words = 32u * 1024 * 1024;
    ExpectClosedWithReason(server, fd, SegmentTable({limit_words / 2, limit_words / 2 + 1}), "too large", Abort::Unchecked);
}

TEST(HostileInput, RootPointerOutOfBoundsClosesTheConnection)
{
    HostileServer server;
    int fd = server.connectRaw();
    // One segment of one word: a struct pointer whose target lies far
    // beyond the segment.
    std::string frame = SegmentTable({1});
    const uint64_t pointer = (uint64_t{1} << 32) | (uint64_t{1000} << 2); // struct, offset 1000, 1 data word
    frame.append(reinterpret_cast<const char*>(&pointer), sizeof(pointer));

    ExpectClosedWithReason(server, fd, frame, "out-of-bounds struct pointer");
}

TEST(HostileInput, CallToAnExportNeverIssuedClosesTheConnection)
{
    HostileServer server;
    int fd = server.connectRaw();
    std::string call = Call(0, capnp::typeId<messages::FooInterface>(), 1, [](capnp::rpc::Call::Builder call) {
        call.initTarget().setImportedCap(42);
        call.initParams().getContent().initAs<messages::FooInterface::AddParams>();
    });

    ExpectClosedWithReason(server, fd, call, "not a current export ID");
}

//! A capability descriptor naming a server export that was never issued
//! becomes a broken capability (Cap'n Proto's rule): the call that uses it
//! fails with the reason, and the connection goes on serving.
TEST(HostileInput, CapabilityTheServerNeverExportedFailsTheCallOnly)
{
    HostileServer server;
    int fd = server.connectRaw();
    // recordWorkerThread(context) whose Context.thread is capTable entry 0,
    // which claims to be the server's own export 99: never issued.
    capnp::MallocMessageBuilder builder;
    auto call = builder.initRoot<capnp::rpc::Message>().initCall();
    call.setQuestionId(1);
    call.setInterfaceId(capnp::typeId<messages::FooInterface>());
    call.setMethodId(31);
    call.getSendResultsTo().setCaller();
    call.initTarget().initPromisedAnswer().setQuestionId(0);
    auto payload = call.initParams();
    payload.initCapTable(1)[0].setReceiverHosted(99);
    // The local table only decides the index written in the pointer (0).
    capnp::BuilderCapabilityTable cap_table;
    auto params = cap_table.imbue(payload.getContent().initAs<messages::FooInterface::RecordWorkerThreadParams>());
    params.initContext().setThread(Thread::Client(capnp::newBrokenCap("placeholder")));

    std::optional<CallFailure> failure = SendCallExpectingException(fd, Frame(builder));

    ASSERT_TRUE(failure.has_value());
    EXPECT_NE(failure->reason.find("invalid 'receiverHosted' export ID"), std::string::npos) << failure->reason;
    ExpectSameConnectionAnswersAdd(fd, 3, 4);
    ExpectStillServing(server);
}

TEST(HostileInput, ReturnForAQuestionNeverAskedClosesTheConnection)
{
    HostileServer server;
    int fd = server.connectRaw();
    capnp::MallocMessageBuilder builder;
    auto ret = builder.initRoot<capnp::rpc::Message>().initReturn();
    ret.setAnswerId(77);
    ret.initResults();

    ExpectClosedWithReason(server, fd, Frame(builder), "Invalid question ID in Return message");
}

TEST(HostileInput, ReleaseOfACapabilityNeverHeldClosesTheConnection)
{
    HostileServer server;
    int fd = server.connectRaw();
    capnp::MallocMessageBuilder builder;
    auto release = builder.initRoot<capnp::rpc::Message>().initRelease();
    release.setId(1234);
    release.setReferenceCount(1);

    ExpectClosedWithReason(server, fd, Frame(builder), "Tried to release invalid export ID");
}

//! Cap'n Proto reports an unknown method or interface to the caller, as an
//! exception in the Return, and keeps the connection: a newer client calling
//! a method this server lacks must get an error it can handle, not a
//! disconnect. The same connection then answers a valid call.
TEST(HostileInput, UnknownMethodIdIsAnsweredWithAnErrorAndTheConnectionStays)
{
    HostileServer server;
    int fd = server.connectRaw();
    std::string unknown = Call(1, capnp::typeId<messages::FooInterface>(), 999, [](capnp::rpc::Call::Builder call) {
        call.initTarget().initPromisedAnswer().setQuestionId(0);
        call.initParams().getContent().initAs<messages::FooInterface::AddParams>();
    });

    std::optional<CallFailure> failure = SendCallExpectingException(fd, unknown);

    ASSERT_TRUE(failure.has_value());
    EXPECT_EQ(failure->type, capnp::rpc::Exception::Type::UNIMPLEMENTED);
    ExpectSameConnectionAnswersAdd(fd, 2, 3);
    EXPECT_NE(server.logText().find("called method 999 of interface"), std::string::npos) << server.logText();
    ExpectStillServing(server);
}

TEST(HostileInput, UnknownInterfaceIdIsAnsweredWithAnErrorAndTheConnectionStays)
{
    HostileServer server;
    int fd = server.connectRaw();
    std::string unknown = Call(1, 0x123456789abcdef0, 1, [](capnp::rpc::Call::Builder call) {
        call.initTarget().initPromisedAnswer().setQuestionId(0);
        call.initParams().getContent().initAs<messages::FooInterface::AddParams>();
    });

    std::optional<CallFailure> failure = SendCallExpectingException(fd, unknown);

    ASSERT_TRUE(failure.has_value());
    EXPECT_EQ(failure->type, capnp::rpc::Exception::Type::UNIMPLEMENTED);
    ExpectSameConnectionAnswersAdd(fd, 4, 5);
    EXPECT_NE(server.logText().find("of interface 0x123456789abcdef0 on a FooInterface"), std::string::npos)
        << server.logText();
    ExpectStillServing(server);
}

//! A null capability where the C++ method takes a reference (callRef's
//! FooCallback&) fails the call; before the fix the server dereferenced a
//! null pointer and crashed, taking every connection with it.
TEST(HostileInput, NullCapabilityForAReferenceParameterFailsTheCallOnly)
{
    HostileServer server;
    int fd = server.connectRaw();
    std::string call = Call(1, capnp::typeId<messages::FooInterface>(), 22, [](capnp::rpc::Call::Builder call) {
        call.initTarget().initPromisedAnswer().setQuestionId(0);
        auto params = call.initParams().getContent().initAs<messages::FooInterface::CallRefParams>();
        params.initContext();
        params.setValue(5); // callback left null
    });

    std::optional<CallFailure> failure = SendCallExpectingException(fd, call);

    ASSERT_TRUE(failure.has_value());
    EXPECT_NE(failure->reason.find("null capability"), std::string::npos) << failure->reason;
    ExpectSameConnectionAnswersAdd(fd, 8, 8);
    ExpectStillServing(server);
}

//! Parameters whose pointers do not match the schema (a chain of structs
//! 100 deep where Text is expected) fail that call only: the server reads
//! params by the schema, so depth it does not follow costs nothing.
TEST(HostileInput, ParamsOfTheWrongShapeFailTheCallOnly)
{
    HostileServer server;
    int fd = server.connectRaw();
    capnp::MallocMessageBuilder builder;
    auto call = builder.initRoot<capnp::rpc::Message>().initCall();
    call.setQuestionId(1);
    call.setInterfaceId(capnp::typeId<messages::FooInterface>());
    call.setMethodId(14); // passString(value :Text)
    call.getSendResultsTo().setCaller();
    call.initTarget().initPromisedAnswer().setQuestionId(0);
    // value: a chain of 100 structs, each holding the next in its pointer.
    capnp::AnyStruct::Builder level = call.initParams().getContent().initAsAnyStruct(0, 1);
    for (int depth = 0; depth < 100; ++depth) {
        level = level.getPointerSection()[0].initAsAnyStruct(0, 1);
    }

    ASSERT_TRUE(SendCallExpectingException(fd, Frame(builder)).has_value());
    ExpectSameConnectionAnswersAdd(fd, 1, 1);
    ExpectStillServing(server);
}

TEST(HostileInput, ManyBadConnectionsInARowLeaveTheServerServing)
{
    HostileServer server;
    const std::vector<std::string> inputs = {
        std::string(16, '\0'), SegmentTable({0xffffffff}), std::string(3, 'x'), Bootstrap(0).substr(0, 12),
        Bootstrap(0) + std::string(24, '\x7f')};

    for (const std::string& input : inputs) {
        Outcome outcome = SendAndWaitForClose(server.connectRaw(), input, /*end_input=*/true);
        EXPECT_TRUE(outcome.closed);
    }

    ExpectStillServing(server);
}

TEST(HostileInput, CallNamingAThreadThatIsNotWaitingIsRefused)
{
    // A server whose application thread (here `app`) calls a client's
    // callback on its own, outside any request: the client is then given
    // that thread's callbackThread. A peer that later names it in a call of
    // its own, when that thread waits for nothing, is refused; the job is
    // not left queued on a thread that may never wait again (it used to be,
    // and when the thread exited after the loop was gone, settling it used
    // the destroyed loop).
    int fds[2];
    ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
    FooImplementation impl;
    std::promise<void> serving;
    std::thread server([&] {
        EventLoop loop("mptest-hostile", TestLog);
        ServeStream<messages::FooInterface>(loop, fds[0], impl);
        serving.set_value();
        loop.loop();
    });
    serving.get_future().wait();

    auto io = kj::setupAsyncIo();
    auto called = kj::newPromiseAndCrossThreadFulfiller<void>();
    std::promise<void> callback_saved;
    std::promise<void> let_app_exit;
    std::thread app([&] {
        callback_saved.get_future().wait();
        // Waits for a reply only during this call, then idles.
        EXPECT_EQ(impl.callSavedOnce(4), 4);
        called.fulfiller->fulfill();
        let_app_exit.get_future().wait();
    });

    {
        auto stream = io.lowLevelProvider->wrapSocketFd(fds[1], kj::LowLevelAsyncIoProvider::TAKE_OWNERSHIP);
        capnp::TwoPartyClient rpc(*stream);
        auto foo = rpc.bootstrap().castAs<messages::FooInterface>();
        std::optional<Thread::Client> app_thread;
        auto save = foo.saveCallbackRequest();
        save.initContext();
        save.setCallback(kj::heap<mp::test::CallbackThreadSaver>(app_thread));
        save.send().wait(io.waitScope);
        callback_saved.set_value();
        // `app` calls the callback; this loop serves that call.
        called.promise.wait(io.waitScope);
        ASSERT_TRUE(app_thread.has_value());

        auto request = foo.workerThreadIdRequest();
        request.initContext().setThread(*app_thread);
        try {
            request.send().wait(io.waitScope);
            ADD_FAILURE() << "a call naming a thread that waits for nothing was run";
        } catch (const kj::Exception& e) {
            EXPECT_NE(std::string(e.getDescription().cStr()).find("is not waiting for a reply"), std::string::npos)
                << e.getDescription().cStr();
        }
        // The connection is still served.
        auto add = foo.addRequest();
        add.setA(2);
        add.setB(3);
        EXPECT_EQ(add.send().wait(io.waitScope).getResult(), 5);
    } // disconnects: the server's loop returns and is destroyed

    server.join();
    // The thread exits after the loop is gone, with nothing queued.
    let_app_exit.set_value();
    app.join();
}

} // namespace
} // namespace test
} // namespace mp
