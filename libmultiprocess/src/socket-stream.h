// SocketStream and SocketListener: a connected socket as the kj byte stream
// Cap'n Proto's two-party RPC reads and writes, and a listening socket that
// accepts them, both on a LoopPort.
//
// They stand in for kj's LowLevelAsyncIoProvider::wrapSocketFd and
// wrapListenSocketFd, which only work with kj's own event port (see
// loop-port.h for why the library has its own). Like every object of the
// loop, they are used only by the thread running the loop.

#ifndef MP_SRC_SOCKET_STREAM_H
#define MP_SRC_SOCKET_STREAM_H

#include "loop-port.h"

#include <kj/async-io.h>
#include <kj/io.h>

#include <sys/uio.h>
#include <vector>

namespace mp {

//! A connected stream socket (or pipe-like descriptor), owned: closed when
//! the stream is destroyed. Writes never raise SIGPIPE; a peer that went
//! away fails reads and writes with a kj DISCONNECTED exception.
//!
//! Small reads go through a read-ahead buffer: Cap'n Proto reads a message
//! as its segment table and then its body, and one read() of up to
//! kReadAhead bytes usually brings both (one system call per message instead
//! of two). Large reads go straight into the caller's buffer.
//!
//! Small writes are coalesced: a write of up to kCoalesceLimit bytes is
//! copied and reported done at once, and the bytes go out when the loop next
//! waits for events (LoopPort::flushPending), together with whatever else
//! was written in the meantime (for example the requests of several client
//! threads when one thread drives the loop for all of them). A write error
//! found then fails later writes; the peer's loss shows up as the end of the
//! stream on the read side, as usual.
class SocketStream final : public kj::AsyncIoStream, private PendingFlush
{
public:
    //! Makes fd non-blocking. With owns_fd false the descriptor is left
    //! open when the stream is destroyed (kj's wrap*Fd without
    //! TAKE_OWNERSHIP).
    SocketStream(LoopPort& port, int fd, bool owns_fd = true);
    ~SocketStream();

    //! For a socket whose non-blocking connect() is in progress: resolves
    //! once it has connected, rejects with the reason it failed.
    kj::Promise<void> whenConnected();

    kj::Promise<size_t> tryRead(void* buffer, size_t min_bytes, size_t max_bytes) override;
    kj::Promise<void> write(const void* buffer, size_t size) override;
    kj::Promise<void> write(kj::ArrayPtr<const kj::ArrayPtr<const kj::byte>> pieces) override;
    kj::Promise<void> whenWriteDisconnected() override;
    void shutdownWrite() override;
    void abortRead() override;
    kj::Maybe<int> getFd() const override { return m_fd.get(); }

private:
    //! Reads until at least min_bytes more have arrived (or end of stream),
    //! `done` bytes having been read already.
    kj::Promise<size_t> readSome(kj::byte* buffer, size_t min_bytes, size_t max_bytes, size_t done);
    //! Writes pieces, the first of which starts `skip` bytes in.
    kj::Promise<void> writeSome(kj::ArrayPtr<const kj::ArrayPtr<const kj::byte>> pieces, size_t skip);
    //! Copies up to max_bytes of read-ahead bytes to buffer; returns how many.
    size_t takeReadAhead(kj::byte* buffer, size_t max_bytes);
    //! One sendmsg (writev on a non-socket) of iov, retried on EINTR.
    //! Returns the bytes written, or -1 with errno set.
    ssize_t writeOnce(iovec* iov, size_t count);
    //! PendingFlush: writes coalesced bytes out without blocking.
    void flushNow() override;

    static constexpr size_t kReadAhead = 4096;
    static constexpr size_t kCoalesceLimit = 16 * 1024;

    LoopPort& m_port;
    //! Bytes written but not yet sent (see the class comment).
    std::vector<kj::byte> m_coalesced;
    bool m_flush_registered{false};
    kj::Maybe<kj::Exception> m_write_error;

    kj::AutoCloseFd m_fd;
    bool m_owns_fd;
    FdWatch m_watch; // after m_fd: unregistered before the descriptor closes
    bool m_is_socket{true};
    //! Bytes read from the socket but not yet asked for: [begin, end) of
    //! m_read_ahead (allocated on first use).
    kj::Array<kj::byte> m_read_ahead;
    size_t m_read_ahead_begin{0};
    size_t m_read_ahead_end{0};
    //! The last read() returned fewer bytes than asked for, so the socket
    //! was empty: the next read waits for it to become readable first (one
    //! system call per message saved; FdWatch remembers an edge that came
    //! in between).
    bool m_drained{false};
};

//! A listening socket, owned. accept() yields SocketStreams.
class SocketListener final : public kj::ConnectionReceiver
{
public:
    //! filter (kj's NetworkFilter, from kj::Network) refuses peers by
    //! address: their connections are closed as soon as accepted. Null
    //! accepts all. owns_fd as for SocketStream.
    SocketListener(LoopPort& port, int fd, kj::LowLevelAsyncIoProvider::NetworkFilter* filter = nullptr,
                   bool owns_fd = true);
    ~SocketListener();

    kj::Promise<kj::Own<kj::AsyncIoStream>> accept() override;
    //! The bound TCP port (0 for other sockets).
    kj::uint getPort() override;
    void getsockname(struct sockaddr* addr, kj::uint* length) override;

private:
    LoopPort& m_port;
    kj::AutoCloseFd m_fd;
    bool m_owns_fd;
    kj::LowLevelAsyncIoProvider::NetworkFilter* m_filter;
    FdWatch m_watch;
};

} // namespace mp

#endif // MP_SRC_SOCKET_STREAM_H
