// Test helpers for speaking to a served connection without the library: the
// bytes of Cap'n Proto stream frames and rpc.capnp messages, built by hand or
// with MallocMessageBuilder, and a blocking reader for what the server sends
// back. Used by hostile_test.cpp (bad input over a socket) and by the seed
// corpus generator of the fuzz target.

#ifndef MP_TEST_RAW_PEER_H
#define MP_TEST_RAW_PEER_H

#include <mp/test/foo.capnp.h>

#include <capnp/message.h>
#include <capnp/rpc.capnp.h>
#include <capnp/serialize.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <functional>
#include <optional>
#include <string>
#include <sys/socket.h>
#include <sys/time.h>
#include <vector>

namespace mp {
namespace test {
namespace raw {

//! The bytes of one message in stream framing (segment table, then segments).
inline std::string Frame(capnp::MessageBuilder& builder)
{
    kj::Array<capnp::word> words = capnp::messageToFlatArray(builder);
    auto bytes = words.asBytes();
    return std::string(reinterpret_cast<const char*>(bytes.begin()), bytes.size());
}

//! A segment table announcing the given segment sizes (in words), with no
//! segment data after it: the first bytes of a frame as a peer would send
//! them. The table is padded to a whole word as the framing requires.
inline std::string SegmentTable(const std::vector<uint32_t>& sizes)
{
    std::vector<uint32_t> table;
    table.push_back(static_cast<uint32_t>(sizes.size() - 1));
    table.insert(table.end(), sizes.begin(), sizes.end());
    if (table.size() % 2) table.push_back(0);
    return std::string(reinterpret_cast<const char*>(table.data()), table.size() * sizeof(uint32_t));
}

//! Bootstrap request for the peer's bootstrap (init) capability.
inline std::string Bootstrap(uint32_t question)
{
    capnp::MallocMessageBuilder builder;
    builder.initRoot<capnp::rpc::Message>().initBootstrap().setQuestionId(question);
    return Frame(builder);
}

//! A Call message; fill sets the target and params (interface and method
//! ids are set from the arguments, results go to the caller).
inline std::string Call(uint32_t question, uint64_t interface_id, uint16_t method_id,
                        const std::function<void(capnp::rpc::Call::Builder)>& fill)
{
    capnp::MallocMessageBuilder builder;
    auto call = builder.initRoot<capnp::rpc::Message>().initCall();
    call.setQuestionId(question);
    call.setInterfaceId(interface_id);
    call.setMethodId(method_id);
    call.getSendResultsTo().setCaller();
    fill(call);
    return Frame(builder);
}

//! Calls FooInterface.add(a, b) on the answer to the bootstrap question.
inline std::string CallAdd(uint32_t question, uint32_t bootstrap_question, int32_t a, int32_t b)
{
    return Call(question, capnp::typeId<messages::FooInterface>(), 1, [&](capnp::rpc::Call::Builder call) {
        call.initTarget().initPromisedAnswer().setQuestionId(bootstrap_question);
        auto params = call.initParams().getContent().initAs<messages::FooInterface::AddParams>();
        params.setA(a);
        params.setB(b);
    });
}

//! Finish for a question, so the peer can release its answer.
inline std::string Finish(uint32_t question)
{
    capnp::MallocMessageBuilder builder;
    builder.initRoot<capnp::rpc::Message>().initFinish().setQuestionId(question);
    return Frame(builder);
}

//! Sets a receive timeout on fd: a guard that turns a server that never
//! answers into a test failure instead of a hung test.
inline void SetReceiveTimeout(int fd, int seconds)
{
    timeval timeout{};
    timeout.tv_sec = seconds;
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
}

//! Writes all of bytes; false if the peer has closed the socket (never
//! raises SIGPIPE).
inline bool SendAll(int fd, const std::string& bytes)
{
    size_t done = 0;
    while (done < bytes.size()) {
        ssize_t n = send(fd, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        done += static_cast<size_t>(n);
    }
    return true;
}

//! Reads until the peer closes the connection (end of file or reset).
//! Returns what it sent, or nullopt if the receive timeout expired first.
inline std::optional<std::string> ReadUntilClosed(int fd)
{
    std::string received;
    char buffer[4096];
    for (;;) {
        ssize_t n = recv(fd, buffer, sizeof(buffer), 0);
        if (n > 0) {
            received.append(buffer, static_cast<size_t>(n));
        } else if (n == 0 || errno == ECONNRESET) {
            return received;
        } else if (errno != EINTR) {
            return std::nullopt; // EAGAIN: the timeout guard expired
        }
    }
}

//! Reads exactly size bytes; false on end of file, error or timeout.
inline bool ReadExactly(int fd, void* out, size_t size)
{
    auto* bytes = static_cast<char*>(out);
    size_t done = 0;
    while (done < size) {
        ssize_t n = recv(fd, bytes + done, size - done, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        done += static_cast<size_t>(n);
    }
    return true;
}

//! One message read from the stream. Movable: the reader (which points into
//! the words and into itself) stays where it was made, on the heap.
class Received
{
public:
    explicit Received(kj::Array<capnp::word> words)
        : m_words(kj::mv(words)), m_reader(kj::heap<capnp::FlatArrayMessageReader>(m_words))
    {
    }
    capnp::rpc::Message::Reader message() { return m_reader->getRoot<capnp::rpc::Message>(); }

private:
    kj::Array<capnp::word> m_words;
    kj::Own<capnp::FlatArrayMessageReader> m_reader;
};

//! Reads the next framed message (at most 16 segments, 1 MiB); nullopt if the
//! connection closed or the timeout guard expired.
inline std::optional<Received> ReadMessage(int fd)
{
    uint32_t first[2];
    if (!ReadExactly(fd, first, sizeof(first))) return std::nullopt;
    const uint32_t count = first[0] + 1;
    if (count > 16) return std::nullopt;
    std::vector<uint32_t> table(first, first + 2);
    const size_t table_words = (count + 2) / 2;
    table.resize(table_words * 2);
    if (table_words > 1 && !ReadExactly(fd, table.data() + 2, (table_words - 1) * sizeof(capnp::word))) {
        return std::nullopt;
    }
    size_t total = 0;
    for (uint32_t i = 0; i < count; ++i) total += table[1 + i];
    if (total > (1 << 17)) return std::nullopt;
    auto words = kj::heapArray<capnp::word>(table_words + total);
    memcpy(words.begin(), table.data(), table_words * sizeof(capnp::word));
    if (!ReadExactly(fd, words.begin() + table_words, total * sizeof(capnp::word))) return std::nullopt;
    return Received(kj::mv(words));
}

//! Reads messages until the Return for question; nullopt if none came.
inline std::optional<Received> ReadReturn(int fd, uint32_t question)
{
    for (;;) {
        std::optional<Received> received = ReadMessage(fd);
        if (!received) return std::nullopt;
        auto message = received->message();
        if (message.isReturn() && message.getReturn().getAnswerId() == question) return received;
    }
}

//! The reason of the Abort message among bytes (everything the server sent
//! before closing), or "" if it sent none.
inline std::string AbortReason(const std::string& bytes)
{
    auto words = kj::heapArray<capnp::word>((bytes.size() + 7) / 8);
    memset(words.begin(), 0, words.asBytes().size());
    memcpy(words.begin(), bytes.data(), bytes.size());
    kj::ArrayPtr<const capnp::word> rest = words;
    while (rest.size() > 0) {
        try {
            capnp::FlatArrayMessageReader reader(rest);
            auto message = reader.getRoot<capnp::rpc::Message>();
            if (message.isAbort()) return message.getAbort().getReason();
            rest = kj::arrayPtr(reader.getEnd(), rest.end());
        } catch (const kj::Exception&) {
            break;
        }
    }
    return "";
}

} // namespace raw
} // namespace test
} // namespace mp

#endif // MP_TEST_RAW_PEER_H
