// Accepting and serving connections.

#include <mp/proxy-io.h>

namespace mp {

kj::Own<kj::AsyncIoStream> WrapSocket(EventLoop& loop, int fd)
{
    return loop.m_io_context.lowLevelProvider->wrapSocketFd(fd, kj::LowLevelAsyncIoProvider::TAKE_OWNERSHIP);
}

void ServeConnection(EventLoop& loop, kj::Own<kj::AsyncIoStream>&& stream,
                     std::function<capnp::Capability::Client(Connection&)> make_bootstrap)
{
    loop.m_incoming_connections.emplace_front(std::make_unique<Connection>(loop, kj::mv(stream), make_bootstrap));
    auto it = loop.m_incoming_connections.begin();
    (*it)->onDisconnect([&loop, it] {
        loop.log(LogLevel::Debug) << "IPC server: client disconnected.";
        loop.m_incoming_connections.erase(it);
    });
}

namespace {

//! Accepts connections until the loop is destroyed. Holds a loop reference:
//! a listening server keeps its loop running.
class Listener
{
public:
    Listener(EventLoop& loop, int fd, std::function<capnp::Capability::Client(Connection&)> make_bootstrap)
        : m_loop(loop),
          m_receiver(loop.m_io_context.lowLevelProvider->wrapListenSocketFd(
              fd, kj::LowLevelAsyncIoProvider::TAKE_OWNERSHIP)),
          m_make_bootstrap(std::move(make_bootstrap)),
          m_loop_ref(loop)
    {
    }

    kj::Promise<void> acceptLoop()
    {
        return m_receiver->accept().then([this](kj::Own<kj::AsyncIoStream>&& stream) {
            ServeConnection(m_loop, kj::mv(stream), m_make_bootstrap);
            return acceptLoop();
        });
    }

private:
    EventLoop& m_loop;
    kj::Own<kj::ConnectionReceiver> m_receiver;
    std::function<capnp::Capability::Client(Connection&)> m_make_bootstrap;
    EventLoopRef m_loop_ref;
};

} // namespace

void ListenForConnections(EventLoop& loop, int listen_fd,
                          std::function<capnp::Capability::Client(Connection&)> make_bootstrap)
{
    auto listener = kj::heap<Listener>(loop, listen_fd, std::move(make_bootstrap));
    Listener& ref = *listener;
    loop.m_task_set.add(ref.acceptLoop().attach(kj::mv(listener)));
}

} // namespace mp
