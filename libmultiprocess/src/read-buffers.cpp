// ReadBufferStream: see read-buffers.h.

#include "read-buffers.h"

#include <kj/common.h>

namespace mp {

ReadBufferStream::ReadBufferStream(kj::Own<capnp::MessageStream> inner) : ForwardingMessageStream(kj::mv(inner)) {}

ReadBufferStream::~ReadBufferStream() = default;

kj::Promise<kj::Maybe<capnp::MessageReaderAndFds>> ReadBufferStream::tryReadMessage(
    kj::ArrayPtr<kj::AutoCloseFd> fd_space, capnp::ReaderOptions options, kj::ArrayPtr<capnp::word> scratch)
{
    // The largest: the next message is most likely as large as the last
    // large one.
    BufferPool::Buffer offered = scratch.size() == 0 ? m_buffers.takeLargest() : nullptr;
    if (offered) scratch = *offered;
    return m_inner->tryReadMessage(fd_space, options, scratch)
        .then([this, offered = std::move(offered)](kj::Maybe<capnp::MessageReaderAndFds>&& read) mutable {
            KJ_IF_MAYBE (message, read) {
                settle(*message, std::move(offered));
            }
            return kj::mv(read);
        });
}

size_t ReadBufferStream::MessageWords(capnp::MessageReader& message)
{
    size_t words = 0;
    // MessageReader::getSegment returns an empty array past the last one.
    for (unsigned id = 0;; ++id) {
        const size_t size = message.getSegment(id).size();
        if (size == 0) return words;
        words += size;
    }
}

void ReadBufferStream::settle(capnp::MessageReaderAndFds& message, BufferPool::Buffer offered)
{
    const size_t words = MessageWords(*message.reader);
    const capnp::word* first = message.reader->getSegment(0).begin();
    const bool used = offered && first >= offered->begin() && first < offered->end();
    // The message owns the buffer until it is destroyed; an unused one goes
    // back now.
    if (used) message.reader = message.reader.attach(kj::mv(offered));
    offered.reset();
    if (words * sizeof(capnp::word) < kMinSpareBytes) {
        m_buffers.noteIdle();
        return;
    }
    m_buffers.noteUsed();
    // A large message that got a fresh allocation (Cap'n Proto frees it with
    // the message): keep a buffer of its size for the next one.
    if (!used && words * sizeof(capnp::word) <= kMaxSpareBytes) m_buffers.reserve(words);
}

} // namespace mp
