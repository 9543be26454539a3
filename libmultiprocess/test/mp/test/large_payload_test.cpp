// Large byte payloads with the signatures people write: containers by value,
// by const reference, as output parameters and struct members. From 16 KiB
// on, a request points at the caller's argument and a reply at the
// implementation's result instead of holding a copy (mp/lent-bytes.h); these
// tests check that the bytes arrive intact whichever way they travel, also
// when the reply is written long after the server built it (payloads many
// times the socket's buffer, several calls in flight), and when a process
// calls an object of its own through Cap'n Proto (no socket to write to).

#include <mp/test/foo.h>
#include <mp/test/raw-peer.h>
#include <mp/test/test-setup.h>

#include <capnp/capability.h>
#include <capnp/rpc.capnp.h>
#include <chrono>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace mp {
namespace test {
namespace {

//! Hang guard: nothing here should take anywhere near this long.
constexpr auto kHangGuard = std::chrono::seconds(20);

constexpr uint64_t KiB = 1024;
constexpr uint64_t MiB = 1024 * KiB;

//! Sizes on both sides of what is lent: below 16 KiB, exactly 16 KiB,
//! megabytes, and sizes that are not whole 8-byte words (always copied).
const std::vector<uint64_t> kSizes = {0, 1, 16 * KiB - 8, 16 * KiB, 16 * KiB + 8, 1 * MiB, 1 * MiB + 3, 16 * MiB};

std::vector<char> PatternChars(uint64_t size, uint8_t seed)
{
    auto bytes = PatternBytes(size, seed);
    return {bytes.begin(), bytes.end()};
}

TEST(LargePayloads, ByValueByteVectorsComeBackIntactFromTheLoopThread)
{
    TestSetup setup;
    for (uint64_t size : kSizes) {
        const auto bytes = PatternBytes(size, 1);
        EXPECT_EQ(setup.foo().passBytes(bytes), bytes) << size << " bytes";
    }
}

TEST(LargePayloads, ByValueByteVectorsComeBackIntactFromAWorkerThread)
{
    TestSetup setup;
    for (uint64_t size : kSizes) {
        const auto bytes = PatternBytes(size, 2);
        EXPECT_EQ(setup.foo().passBytesOnWorker(bytes), bytes) << size << " bytes";
    }
}

TEST(LargePayloads, ConstReferenceCharVectorsComeBackIntact)
{
    TestSetup setup;
    for (uint64_t size : kSizes) {
        const auto chars = PatternChars(size, 3);
        EXPECT_EQ(setup.foo().passChars(chars), chars) << size << " bytes, loop thread";
        EXPECT_EQ(setup.foo().passCharsOnWorker(chars), chars) << size << " bytes, worker thread";
    }
}

TEST(LargePayloads, StringsOfMegabytesComeBackIntact)
{
    TestSetup setup;
    for (uint64_t size : {16 * KiB - 1, 1 * MiB, 1 * MiB + 7}) {
        const auto bytes = PatternBytes(size, 4);
        std::string text(bytes.begin(), bytes.end());
        // Text cannot hold a NUL before its end.
        for (char& c : text) c = c == '\0' ? 'x' : c;
        EXPECT_EQ(setup.foo().passString(text), text) << size << " characters";
    }
}

TEST(LargePayloads, OutputParametersArriveIntact)
{
    TestSetup setup;
    for (uint64_t size : kSizes) {
        std::vector<unsigned char> bytes{9, 9, 9};
        setup.foo().fillBytes(size, 5, bytes);
        EXPECT_EQ(bytes, PatternBytes(size, 5)) << size << " bytes";
    }
}

TEST(LargePayloads, StructMembersArriveIntact)
{
    TestSetup setup;
    FooStruct value;
    value.name = "payload";
    value.payload = PatternBytes(4 * MiB, 6);
    EXPECT_EQ(setup.foo().passStruct(value).payload, value.payload);
}

TEST(LargePayloads, CallsFromSeveralThreadsEachGetTheirOwnPayloadBack)
{
    TestSetup setup;
    constexpr int kThreads = 4;
    constexpr int kCallsEach = 6;
    std::vector<std::thread> threads;
    std::vector<int> wrong(kThreads, 0);
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int call = 0; call < kCallsEach; ++call) {
                const auto bytes = PatternBytes(2 * MiB + 8 * static_cast<uint64_t>(t), static_cast<uint8_t>(t * 16 + call));
                if (setup.foo().passBytesOnWorker(bytes) != bytes) ++wrong[t];
            }
        });
    }
    for (auto& thread : threads) thread.join();
    for (int t = 0; t < kThreads; ++t) EXPECT_EQ(wrong[t], 0) << "thread " << t;
}

//! Makes PatternBytes, counting calls.
class PatternSource : public FooBytesSource
{
public:
    std::vector<unsigned char> make(uint64_t size, uint8_t seed) override
    {
        ++calls;
        return PatternBytes(size, seed);
    }
    std::atomic<int> calls{0};
};

TEST(LargePayloads, AnObjectOfThisProcessCalledThroughCapnProtoReturnsIntactPayloads)
{
    TestSetup setup;
    FooClient& foo = *setup.client();
    Connection& connection = *foo.m_context.connection;
    EventLoop& loop = *foo.m_context.loop;
    auto source = std::make_shared<PatternSource>();
    // A capability served by this process and called by it: the request and
    // the reply never cross a socket, so the reply cannot borrow its bytes.
    std::unique_ptr<ProxyClient<messages::FooBytesSource>> local;
    loop.sync([&] {
        messages::FooBytesSource::Client capability =
            kj::heap<ProxyServer<messages::FooBytesSource>>(source, connection);
        local = std::make_unique<ProxyClient<messages::FooBytesSource>>(kj::mv(capability), &connection,
                                                                        /*destroy_connection=*/false);
    });
    for (uint64_t size : {16 * KiB, 1 * MiB, 1 * MiB + 3}) {
        EXPECT_EQ(local->make(size, 7), PatternBytes(size, 7)) << size << " bytes";
    }
    EXPECT_EQ(source->calls, 3);
    local.reset();
}


//! A peer may answer a call after reading only the start of its request.
//! The call then ends while the rest of the request is still being written,
//! and the caller has its buffer back (here it overwrites it; a by-value
//! argument would be freed): the bytes written after that must still be the
//! ones the caller passed, so the request must not point into its buffer.
TEST(LargePayloads, ACallAnsweredBeforeItsRequestIsReadStillSendsTheCallersBytes)
{
    int fds[2];
    ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
    const int peer = fds[0];
    raw::SetReceiveTimeout(peer, 10);
    ClientThread client("mptest-client", fds[1]);

    constexpr size_t kSize = 8 * MiB;
    std::vector<char> chars(kSize, 'A');
    std::promise<void> returned;
    std::future<void> call_over = returned.get_future();
    std::string error;
    std::thread caller([&] {
        try {
            client.client->passChars(chars);
        } catch (const std::exception& e) {
            error = e.what();
        }
        // The call is over: the caller's buffer is its own again.
        std::fill(chars.begin(), chars.end(), 'Z');
        returned.set_value();
    });
    // On an early ASSERT failure: closing the socket ends the call.
    struct Cleanup
    {
        int fd;
        std::thread& thread;
        ~Cleanup()
        {
            ::close(fd);
            thread.join();
        }
    } cleanup{peer, caller};

    // Reads a frame's segment table; returns the segment sizes in words.
    auto read_table = [&]() -> std::vector<uint32_t> {
        uint32_t first[2];
        if (!raw::ReadExactly(peer, first, sizeof(first))) return {};
        const uint32_t count = first[0] + 1;
        std::vector<uint32_t> table(first, first + 2);
        const size_t table_words = (count + 2) / 2;
        table.resize(table_words * 2);
        if (table_words > 1) raw::ReadExactly(peer, table.data() + 2, (table_words - 1) * sizeof(capnp::word));
        return std::vector<uint32_t>(table.begin() + 1, table.begin() + 1 + count);
    };
    auto read_words = [&](size_t words) {
        auto out = kj::heapArray<capnp::word>(words);
        EXPECT_TRUE(raw::ReadExactly(peer, out.begin(), words * sizeof(capnp::word)));
        return out;
    };

    bool bootstrapped = false;
    std::optional<uint32_t> call_question;
    std::vector<uint32_t> call_sizes;
    kj::Array<capnp::word> call_segment0;
    while (!call_question) {
        std::vector<uint32_t> sizes = read_table();
        ASSERT_FALSE(sizes.empty());
        auto seg0 = read_words(sizes[0]);
        kj::ArrayPtr<const capnp::word> segs[1] = {seg0};
        capnp::SegmentArrayMessageReader reader(kj::arrayPtr(segs, 1));
        auto message = reader.getRoot<capnp::rpc::Message>();
        if (message.isCall() && message.getCall().getMethodId() == 0) {
            // construct(): answered with no thread map.
            capnp::MallocMessageBuilder builder;
            auto ret = builder.initRoot<capnp::rpc::Message>().initReturn();
            ret.setAnswerId(message.getCall().getQuestionId());
            ret.setReleaseParamCaps(false);
            ret.initResults().getContent().initAs<messages::FooInterface::ConstructResults>();
            ASSERT_TRUE(raw::SendAll(peer, raw::Frame(builder)));
            for (size_t i = 1; i < sizes.size(); ++i) read_words(sizes[i]);
            continue;
        }
        if (message.isBootstrap()) {
            ASSERT_EQ(sizes.size(), 1u);
            capnp::MallocMessageBuilder builder;
            auto ret = builder.initRoot<capnp::rpc::Message>().initReturn();
            ret.setAnswerId(message.getBootstrap().getQuestionId());
            ret.setReleaseParamCaps(false);
            auto payload = ret.initResults();
            payload.initCapTable(1)[0].setSenderHosted(0);
            capnp::BuilderCapabilityTable table;
            table.imbue(payload.getContent()).setAs<capnp::Capability>(
                capnp::Capability::Client(capnp::newBrokenCap("placeholder")));
            ASSERT_TRUE(raw::SendAll(peer, raw::Frame(builder)));
            bootstrapped = true;
        } else if (message.isCall()) {
            call_question = message.getCall().getQuestionId();
            call_sizes = sizes;
            call_segment0 = kj::mv(seg0);
        } else {
            // Finish and the like: read the rest of the frame.
            for (size_t i = 1; i < sizes.size(); ++i) read_words(sizes[i]);
        }
    }
    ASSERT_TRUE(bootstrapped);

    // Answer the call before reading the rest of it.
    {
        capnp::MallocMessageBuilder builder;
        auto ret = builder.initRoot<capnp::rpc::Message>().initReturn();
        ret.setAnswerId(*call_question);
        ret.setReleaseParamCaps(false);
        ret.initException().setReason("answered before reading the request");
        ASSERT_TRUE(raw::SendAll(peer, raw::Frame(builder)));
    }
    ASSERT_EQ(call_over.wait_for(kHangGuard), std::future_status::ready) << "the call did not end on the early Return";
    EXPECT_NE(error.find("answered before reading the request"), std::string::npos) << error;

    // The rest of the request, as the client writes it now that the caller
    // has overwritten its buffer: every payload byte must still be an 'A'.
    size_t passed = 0, overwritten = 0;
    auto count = [&](kj::ArrayPtr<const capnp::word> words) {
        for (unsigned char b : words.asBytes()) {
            if (b == 'A') ++passed;
            if (b == 'Z') ++overwritten;
        }
    };
    count(call_segment0);
    for (size_t i = 1; i < call_sizes.size(); ++i) count(read_words(call_sizes[i]));
    EXPECT_EQ(overwritten, 0u) << overwritten
                               << " request bytes were read from the caller's buffer after the call had returned";
    EXPECT_GE(passed, kSize) << "the payload did not arrive whole";
}

} // namespace
} // namespace test
} // namespace mp
