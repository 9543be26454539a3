// PlaintextGuard: a plaintext listener recognizing a TLS client.

#include "plaintext-guard.h"

#include <kj/debug.h>

namespace mp {

namespace {

//! A TLS record starts with its content type (22 for a handshake) and the
//! protocol's major version (3). A Cap'n Proto message starts with its
//! segment count minus one as a little-endian 32-bit number: bytes 22, 3
//! would announce at least 791 segments, more than the 512 Cap'n Proto
//! accepts, so no message that starts so was ever going to be read.
bool LooksLikeTlsHandshake(const kj::byte* data, size_t size)
{
    return size >= 2 && data[0] == 22 && data[1] == 3;
}

class PlaintextGuard final : public kj::AsyncIoStream
{
public:
    PlaintextGuard(kj::Own<kj::AsyncIoStream> inner, std::string peer) : m_inner(kj::mv(inner)), m_peer(std::move(peer))
    {
    }

    kj::Promise<size_t> tryRead(void* buffer, size_t min_bytes, size_t max_bytes) override
    {
        if (m_checked) return m_inner->tryRead(buffer, min_bytes, max_bytes);
        // Cap'n Proto's first read asks for a whole word; two bytes decide.
        return m_inner->tryRead(buffer, min_bytes, max_bytes).then([this, buffer](size_t count) -> size_t {
            if (count < 2 && count > 0) return count; // decided by a later read
            m_checked = true;
            if (LooksLikeTlsHandshake(static_cast<const kj::byte*>(buffer), count)) {
                KJ_FAIL_REQUIRE(kj::str("the client ", m_peer.c_str(),
                                        " is speaking TLS, but this listener is plaintext (TLS is off); "
                                        "connect without TLS, or listen with TLS"));
            }
            return count;
        });
    }

    kj::Promise<void> write(const void* buffer, size_t size) override { return m_inner->write(buffer, size); }
    kj::Promise<void> write(kj::ArrayPtr<const kj::ArrayPtr<const kj::byte>> pieces) override
    {
        return m_inner->write(pieces);
    }
    kj::Promise<void> whenWriteDisconnected() override { return m_inner->whenWriteDisconnected(); }
    void shutdownWrite() override { m_inner->shutdownWrite(); }
    void abortRead() override { m_inner->abortRead(); }
    kj::Maybe<int> getFd() const override { return m_inner->getFd(); }

private:
    kj::Own<kj::AsyncIoStream> m_inner;
    std::string m_peer;
    bool m_checked{false};
};

} // namespace

kj::Own<kj::AsyncIoStream> NewPlaintextGuard(kj::Own<kj::AsyncIoStream> stream, std::string peer)
{
    return kj::heap<PlaintextGuard>(kj::mv(stream), std::move(peer));
}

} // namespace mp
