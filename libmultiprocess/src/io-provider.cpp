// LoopLowLevelIo: kj's LowLevelAsyncIoProvider interface over LoopPort, so
// that kj's own AsyncIoProvider (and through it kj::Network) works on the
// library's event port. A thin adapter: every stream is a SocketStream.

#include "io-provider.h"

#include "loop-port.h"
#include "socket-stream.h"

#include <kj/debug.h>

#include <cerrno>
#include <sys/socket.h>

namespace mp {

namespace {

bool OwnsFd(kj::uint flags) { return (flags & kj::LowLevelAsyncIoProvider::TAKE_OWNERSHIP) != 0; }

class LoopLowLevelIo final : public kj::LowLevelAsyncIoProvider
{
public:
    explicit LoopLowLevelIo(LoopPort& port) : m_port(port) {}

    // The OwnFd&& overloads of the base class call these.
    using LowLevelAsyncIoProvider::wrapConnectingSocketFd;
    using LowLevelAsyncIoProvider::wrapInputFd;
    using LowLevelAsyncIoProvider::wrapListenSocketFd;
    using LowLevelAsyncIoProvider::wrapOutputFd;
    using LowLevelAsyncIoProvider::wrapSocketFd;

    kj::Own<kj::AsyncInputStream> wrapInputFd(int fd, kj::uint flags) override
    {
        return kj::heap<SocketStream>(m_port, fd, OwnsFd(flags));
    }

    kj::Own<kj::AsyncOutputStream> wrapOutputFd(int fd, kj::uint flags) override
    {
        return kj::heap<SocketStream>(m_port, fd, OwnsFd(flags));
    }

    kj::Own<kj::AsyncIoStream> wrapSocketFd(int fd, kj::uint flags) override
    {
        return kj::heap<SocketStream>(m_port, fd, OwnsFd(flags));
    }

    //! Starts a non-blocking connect() to addr on fd and resolves to the
    //! stream once it has connected.
    kj::Promise<kj::Own<kj::AsyncIoStream>> wrapConnectingSocketFd(int fd, const struct sockaddr* addr,
                                                                    kj::uint addrlen, kj::uint flags) override
    {
        auto stream = kj::heap<SocketStream>(m_port, fd, OwnsFd(flags));
        int result;
        do {
            result = ::connect(fd, addr, addrlen);
        } while (result < 0 && errno == EINTR);
        if (result == 0) return kj::Own<kj::AsyncIoStream>(kj::mv(stream));
        if (errno != EINPROGRESS) KJ_FAIL_SYSCALL("connect", errno);
        SocketStream& connecting = *stream;
        return connecting.whenConnected().then(
            [stream = kj::mv(stream)]() mutable { return kj::Own<kj::AsyncIoStream>(kj::mv(stream)); });
    }

    kj::Own<kj::ConnectionReceiver> wrapListenSocketFd(int fd, NetworkFilter& filter, kj::uint flags) override
    {
        return kj::heap<SocketListener>(m_port, fd, &filter, OwnsFd(flags));
    }

    kj::Timer& getTimer() override { return m_port.timer(); }

private:
    LoopPort& m_port;
};

} // namespace

kj::Own<kj::LowLevelAsyncIoProvider> NewLoopLowLevelIo(LoopPort& port) { return kj::heap<LoopLowLevelIo>(port); }

} // namespace mp
