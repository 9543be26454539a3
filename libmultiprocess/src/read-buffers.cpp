// ReadBufferStream: see read-buffers.h.

#include "read-buffers.h"

#include <kj/common.h>

#include <algorithm>

namespace mp {

namespace {

//! The smallest of a pool's free buffers.
std::vector<kj::Array<capnp::word>>::iterator Smallest(std::vector<kj::Array<capnp::word>>& buffers)
{
    return std::min_element(buffers.begin(), buffers.end(),
                            [](const auto& a, const auto& b) { return a.size() < b.size(); });
}

} // namespace

ReadBufferStream::ReadBufferStream(kj::Own<capnp::MessageStream> inner)
    : m_inner(kj::mv(inner)), m_pool(std::make_shared<Pool>())
{
}

ReadBufferStream::~ReadBufferStream() = default;

kj::Promise<kj::Maybe<capnp::MessageReaderAndFds>> ReadBufferStream::tryReadMessage(
    kj::ArrayPtr<kj::AutoCloseFd> fd_space, capnp::ReaderOptions options, kj::ArrayPtr<capnp::word> scratch)
{
    kj::Maybe<kj::Array<capnp::word>> offered;
    if (scratch.size() == 0 && !m_pool->free.empty()) {
        // The largest: the next message is most likely as large as the last
        // large one.
        auto largest = std::max_element(m_pool->free.begin(), m_pool->free.end(),
                                        [](const auto& a, const auto& b) { return a.size() < b.size(); });
        scratch = *largest;
        offered = kj::mv(*largest);
        m_pool->free.erase(largest);
    }
    return m_inner->tryReadMessage(fd_space, options, scratch)
        .then([this, offered = kj::mv(offered)](kj::Maybe<capnp::MessageReaderAndFds>&& read) mutable {
            KJ_IF_MAYBE (message, read) {
                settle(*message, kj::mv(offered));
            } else {
                KJ_IF_MAYBE (buffer, offered) {
                    m_pool->free.push_back(kj::mv(*buffer));
                }
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

void ReadBufferStream::settle(capnp::MessageReaderAndFds& message, kj::Maybe<kj::Array<capnp::word>> offered)
{
    const size_t words = MessageWords(*message.reader);
    bool used = false;
    KJ_IF_MAYBE (buffer, offered) {
        const capnp::word* first = message.reader->getSegment(0).begin();
        used = first >= buffer->begin() && first < buffer->end();
        if (used) {
            // The message owns the buffer until it is destroyed.
            ++m_pool->in_use;
            message.reader = message.reader.attach(kj::defer([pool = m_pool, buffer = kj::mv(*buffer)]() mutable {
                --pool->in_use;
                pool->free.push_back(kj::mv(buffer));
                // More were made while this one was in use: keep the larger.
                while (!pool->free.empty() && pool->free.size() + pool->in_use > kMaxSpares) {
                    pool->free.erase(Smallest(pool->free));
                }
            }));
        } else {
            m_pool->free.push_back(kj::mv(*buffer));
        }
    }
    if (words * sizeof(capnp::word) < kMinSpareBytes) {
        if (++m_small_reads >= kForgetAfterReads) {
            m_pool->free.clear();
            m_small_reads = 0;
        }
        return;
    }
    m_small_reads = 0;
    if (used || words * sizeof(capnp::word) > kMaxSpareBytes) return;
    // A large message that got a fresh allocation: keep a buffer of its
    // size for the next one (Cap'n Proto frees the message's own with it).
    if (m_pool->free.size() + m_pool->in_use < kMaxSpares) {
        m_pool->free.push_back(kj::heapArray<capnp::word>(words));
    } else if (!m_pool->free.empty()) {
        auto smallest = Smallest(m_pool->free);
        if (smallest->size() < words) *smallest = kj::heapArray<capnp::word>(words);
    }
}

} // namespace mp
