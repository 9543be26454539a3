// SocketStream and SocketListener: non-blocking socket I/O on a LoopPort.

#include "socket-stream.h"

#include <kj/debug.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

namespace mp {

namespace {

//! The most pieces handed to one sendmsg/writev call.
constexpr size_t kMaxIovecs = 64;

//! The exception for a failed system call. Errors that mean the peer is gone
//! are DISCONNECTED, which Cap'n Proto and the library treat as a lost
//! connection rather than a bug.
kj::Exception SyscallException(const char* operation, int error)
{
    kj::Exception::Type type = kj::Exception::Type::FAILED;
    switch (error) {
    case ECONNRESET:
    case ECONNABORTED:
    case ENOTCONN:
    case EPIPE:
    case ETIMEDOUT:
    case EHOSTUNREACH:
    case ENETRESET:
        type = kj::Exception::Type::DISCONNECTED;
        break;
    default:
        break;
    }
    return kj::Exception(type, __FILE__, __LINE__, kj::str(operation, ": ", strerror(error)));
}

//! Makes fd non-blocking and close-on-exec.
void PrepareFd(int fd)
{
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) {
        throw SyscallException("fcntl(O_NONBLOCK)", errno);
    }
    int fd_flags = fcntl(fd, F_GETFD);
    if (fd_flags >= 0) fcntl(fd, F_SETFD, fd_flags | FD_CLOEXEC);
}

bool WouldBlock(int error) { return error == EAGAIN || error == EWOULDBLOCK; }

} // namespace

SocketStream::SocketStream(LoopPort& port, int fd, bool owns_fd)
    : m_port(port), m_fd((PrepareFd(fd), fd)), m_owns_fd(owns_fd), m_watch(port, fd)
{
}

kj::Promise<void> SocketStream::whenConnected()
{
    return m_watch.whenWritable().then([this] {
        int error = 0;
        socklen_t length = sizeof(error);
        if (::getsockopt(m_fd, SOL_SOCKET, SO_ERROR, &error, &length) < 0) error = errno;
        if (error != 0) return kj::Promise<void>(SyscallException("connect", error));
        return kj::Promise<void>(kj::READY_NOW);
    });
}

SocketStream::~SocketStream()
{
    KJ_DEFER(if (!m_owns_fd) (void)m_fd.release());
    // Best effort: a last message (an Abort saying why the connection is
    // closed) should still reach the peer.
    if (m_flush_registered) {
        m_port.cancel(this);
        m_flush_registered = false;
        flushNow();
        if (m_flush_registered) m_port.cancel(this);
    }
}

void SocketStream::flushNow()
{
    m_flush_registered = false;
    size_t sent = 0;
    while (sent < m_coalesced.size()) {
        iovec iov{m_coalesced.data() + sent, m_coalesced.size() - sent};
        ssize_t count = writeOnce(&iov, 1);
        if (count < 0) {
            int error = errno;
            if (WouldBlock(error)) {
                // Socket full: try again before the next wait for events
                // (its becoming writable is such an event).
                m_coalesced.erase(m_coalesced.begin(), m_coalesced.begin() + static_cast<ptrdiff_t>(sent));
                m_flush_registered = true;
                m_port.flushLater(this);
                return;
            }
            m_write_error = SyscallException("write", error);
            break;
        }
        sent += static_cast<size_t>(count);
    }
    m_coalesced.clear();
}

ssize_t SocketStream::writeOnce(iovec* iov, size_t count)
{
    while (true) {
        ssize_t written;
        if (m_is_socket) {
            msghdr message{};
            message.msg_iov = iov;
            message.msg_iovlen = count;
            written = ::sendmsg(m_fd, &message, MSG_NOSIGNAL);
        } else {
            written = ::writev(m_fd, iov, static_cast<int>(count));
        }
        if (written >= 0) return written;
        if (errno == EINTR) continue;
        if (errno == ENOTSOCK && m_is_socket) {
            // A pipe or file given as the stream: no sendmsg, and no
            // SIGPIPE to suppress.
            m_is_socket = false;
            continue;
        }
        return -1;
    }
}

kj::Promise<size_t> SocketStream::tryRead(void* buffer, size_t min_bytes, size_t max_bytes)
{
    kj::byte* out = static_cast<kj::byte*>(buffer);
    size_t done = takeReadAhead(out, max_bytes);
    if (done >= min_bytes) return done;
    return readSome(out + done, min_bytes - done, max_bytes - done, done);
}

size_t SocketStream::takeReadAhead(kj::byte* buffer, size_t max_bytes)
{
    size_t count = std::min(max_bytes, m_read_ahead_end - m_read_ahead_begin);
    if (count == 0) return 0;
    memcpy(buffer, m_read_ahead.begin() + m_read_ahead_begin, count);
    m_read_ahead_begin += count;
    return count;
}

kj::Promise<size_t> SocketStream::readSome(kj::byte* buffer, size_t min_bytes, size_t max_bytes, size_t done)
{
    while (true) {
        if (m_drained) {
            // The last read emptied the socket: wait for more rather than
            // spend a read() on learning that nothing is there yet.
            m_drained = false;
            return m_watch.whenReadable().then([this, buffer, min_bytes, max_bytes, done] {
                return readSome(buffer, min_bytes, max_bytes, done);
            });
        }
        // Only called with the read-ahead buffer empty.
        const bool ahead = max_bytes < kReadAhead;
        if (ahead && m_read_ahead == nullptr) m_read_ahead = kj::heapArray<kj::byte>(kReadAhead);
        const size_t asked = ahead ? kReadAhead : max_bytes;
        ssize_t count = ahead ? ::read(m_fd, m_read_ahead.begin(), kReadAhead) : ::read(m_fd, buffer, max_bytes);
        // A stream socket returns less than asked only when it has no more
        // bytes at the moment.
        if (count > 0 && static_cast<size_t>(count) < asked) m_drained = true;
        if (count > 0 && ahead) {
            m_read_ahead_begin = 0;
            m_read_ahead_end = static_cast<size_t>(count);
            count = static_cast<ssize_t>(takeReadAhead(buffer, max_bytes));
        }
        if (count < 0) {
            int error = errno;
            if (error == EINTR) continue;
            if (!WouldBlock(error)) return SyscallException("read", error);
            return m_watch.whenReadable().then([this, buffer, min_bytes, max_bytes, done] {
                return readSome(buffer, min_bytes, max_bytes, done);
            });
        }
        if (count == 0) return done; // end of stream: fewer bytes than asked for
        size_t got = static_cast<size_t>(count);
        done += got;
        if (got >= min_bytes) return done;
        buffer += got;
        min_bytes -= got;
        max_bytes -= got;
    }
}

kj::Promise<void> SocketStream::write(const void* buffer, size_t size)
{
    // One piece; the coalescing rules are those of the other overload. The
    // array lives in the promise until the write is done.
    auto piece = kj::heapArray<kj::ArrayPtr<const kj::byte>>(1);
    piece[0] = kj::ArrayPtr<const kj::byte>(static_cast<const kj::byte*>(buffer), size);
    auto promise = write(kj::ArrayPtr<const kj::ArrayPtr<const kj::byte>>(piece.begin(), piece.size()));
    return promise.attach(kj::mv(piece));
}

kj::Promise<void> SocketStream::write(kj::ArrayPtr<const kj::ArrayPtr<const kj::byte>> pieces)
{
    KJ_IF_MAYBE (error, m_write_error) {
        return kj::cp(*error);
    }
    size_t total = 0;
    for (const auto& piece : pieces) total += piece.size();
    if (m_coalesced.size() + total <= kCoalesceLimit) {
        for (const auto& piece : pieces) m_coalesced.insert(m_coalesced.end(), piece.begin(), piece.end());
        if (!m_flush_registered) {
            m_flush_registered = true;
            m_port.flushLater(this);
        }
        return kj::READY_NOW;
    }
    // Too big to copy: send what was coalesced first, in the same system
    // call, then the pieces themselves.
    if (m_coalesced.empty()) return writeSome(pieces, 0);
    if (m_flush_registered) {
        m_port.cancel(this);
        m_flush_registered = false;
    }
    auto coalesced = kj::heap<std::vector<kj::byte>>();
    coalesced->swap(m_coalesced);
    auto all = kj::heapArrayBuilder<kj::ArrayPtr<const kj::byte>>(pieces.size() + 1);
    all.add(kj::ArrayPtr<const kj::byte>(coalesced->data(), coalesced->size()));
    for (const auto& piece : pieces) all.add(piece);
    auto array = all.finish();
    auto promise = writeSome(kj::ArrayPtr<const kj::ArrayPtr<const kj::byte>>(array.begin(), array.size()), 0);
    return promise.attach(kj::mv(array), kj::mv(coalesced));
}

kj::Promise<void> SocketStream::writeSome(kj::ArrayPtr<const kj::ArrayPtr<const kj::byte>> pieces, size_t skip)
{
    while (true) {
        // Drop pieces already written (and empty ones).
        while (pieces.size() > 0 && skip >= pieces[0].size()) {
            skip -= pieces[0].size();
            pieces = pieces.slice(1, pieces.size());
        }
        if (pieces.size() == 0) return kj::READY_NOW;

        iovec iov[kMaxIovecs];
        size_t count = std::min(pieces.size(), kMaxIovecs);
        for (size_t i = 0; i < count; ++i) {
            size_t offset = i == 0 ? skip : 0;
            iov[i].iov_base = const_cast<kj::byte*>(pieces[i].begin() + offset);
            iov[i].iov_len = pieces[i].size() - offset;
        }
        ssize_t written = writeOnce(iov, count);
        if (written < 0) {
            int error = errno;
            if (!WouldBlock(error)) return SyscallException("write", error);
            return m_watch.whenWritable().then([this, pieces, skip] { return writeSome(pieces, skip); });
        }
        skip += static_cast<size_t>(written);
    }
}

kj::Promise<void> SocketStream::whenWriteDisconnected() { return m_watch.whenHungUp(); }

void SocketStream::shutdownWrite()
{
    if (m_flush_registered) {
        m_port.cancel(this);
        flushNow();
        if (m_flush_registered) {
            m_port.cancel(this);
            m_flush_registered = false;
        }
    }
    if (::shutdown(m_fd, SHUT_WR) < 0 && errno != ENOTCONN) throw SyscallException("shutdown", errno);
}

void SocketStream::abortRead() { ::shutdown(m_fd, SHUT_RD); }

SocketListener::SocketListener(LoopPort& port, int fd, kj::LowLevelAsyncIoProvider::NetworkFilter* filter,
                               bool owns_fd)
    : m_port(port), m_fd((PrepareFd(fd), fd)), m_owns_fd(owns_fd), m_filter(filter), m_watch(port, fd)
{
}

SocketListener::~SocketListener()
{
    if (!m_owns_fd) (void)m_fd.release();
}

kj::uint SocketListener::getPort()
{
    sockaddr_storage address{};
    socklen_t length = sizeof(address);
    if (::getsockname(m_fd, reinterpret_cast<sockaddr*>(&address), &length) < 0) return 0;
    if (address.ss_family == AF_INET) return ntohs(reinterpret_cast<sockaddr_in*>(&address)->sin_port);
    if (address.ss_family == AF_INET6) return ntohs(reinterpret_cast<sockaddr_in6*>(&address)->sin6_port);
    return 0;
}

void SocketListener::getsockname(struct sockaddr* addr, kj::uint* length)
{
    socklen_t socklen = *length;
    if (::getsockname(m_fd, addr, &socklen) < 0) throw SyscallException("getsockname", errno);
    *length = socklen;
}

kj::Promise<kj::Own<kj::AsyncIoStream>> SocketListener::accept()
{
    while (true) {
        sockaddr_storage peer{};
        socklen_t peer_length = sizeof(peer);
        int fd = ::accept4(m_fd, reinterpret_cast<sockaddr*>(&peer), &peer_length, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd >= 0) {
            if (m_filter && !m_filter->shouldAllow(reinterpret_cast<sockaddr*>(&peer), peer_length)) {
                ::close(fd); // refused by the network's filter
                continue;
            }
            return kj::Own<kj::AsyncIoStream>(kj::heap<SocketStream>(m_port, fd));
        }
        int error = errno;
        switch (error) {
        case EINTR:
        case ECONNABORTED:
        case EPROTO:
            continue; // that client gave up; take the next one
        default:
            break;
        }
        if (!WouldBlock(error)) return SyscallException("accept", error);
        return m_watch.whenReadable().then([this] { return accept(); });
    }
}

} // namespace mp
