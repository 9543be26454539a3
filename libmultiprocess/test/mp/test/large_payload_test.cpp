// Large byte payloads with the signatures people write: containers by value,
// by const reference, as output parameters and struct members. From 16 KiB
// on, a request points at the caller's argument and a reply at the
// implementation's result instead of holding a copy (mp/lent-bytes.h); these
// tests check that the bytes arrive intact whichever way they travel, also
// when the reply is written long after the server built it (payloads many
// times the socket's buffer, several calls in flight), and when a process
// calls an object of its own through Cap'n Proto (no socket to write to).

#include <mp/test/foo.h>
#include <mp/test/test-setup.h>

#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace mp {
namespace test {
namespace {

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

} // namespace
} // namespace test
} // namespace mp
