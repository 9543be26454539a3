// Accepting and serving connections.

#include <mp/proxy-io.h>

#include <unistd.h>

namespace mp {

kj::Own<kj::AsyncIoStream> WrapSocket(EventLoop& loop, int fd)
{
    return loop.wrapSocket(fd);
}

Connection* ServeConnection(EventLoop& loop, kj::Own<kj::AsyncIoStream>&& stream,
                            std::function<capnp::Capability::Client(Connection&)> make_bootstrap)
{
    if (loop.shuttingDown()) {
        loop.log(LogLevel::Info) << "IPC server: refusing a connection: the event loop is shutting down.";
        return nullptr; // the stream (and its socket) is closed here
    }
    loop.m_incoming_connections.emplace_front(std::make_unique<Connection>(loop, kj::mv(stream), make_bootstrap));
    auto it = loop.m_incoming_connections.begin();
    (*it)->onDisconnect([&loop, it] {
        loop.log(LogLevel::Debug) << "IPC server: client disconnected.";
        loop.m_incoming_connections.erase(it);
    });
    return it->get();
}

//! Accepts connections until stopped (Listening::stop, EventLoop::shutdown)
//! or the loop is destroyed. Holds a loop reference while it listens.
//! Owned by the promise of its accept loop, in the loop's task set; lives
//! on the loop thread.
class Listener
{
public:
    Listener(EventLoop& loop, int fd, std::function<capnp::Capability::Client(Connection&)> make_bootstrap,
             ListenOptions options, std::shared_ptr<Listening::State> state)
        : m_loop(loop),
          m_receiver(loop.wrapListenSocket(fd)),
          m_make_bootstrap(std::move(make_bootstrap)),
          m_options(options),
          m_state(std::move(state)),
          m_loop_ref(loop)
    {
        m_loop.m_listener_stops.push_front([this] { stop(); });
        m_stop_it = m_loop.m_listener_stops.begin();
        m_state->listener = this;
    }

    ~Listener()
    {
        m_state->listener = nullptr;
        m_loop.m_listener_stops.erase(m_stop_it);
    }

    Listener(const Listener&) = delete;
    Listener& operator=(const Listener&) = delete;

    //! The accept loop; resolves once stopped.
    kj::Promise<void> run()
    {
        return m_canceler.wrap(acceptLoop()).catch_([this](kj::Exception&& e) {
            if (!m_stopped) {
                m_loop.log(LogLevel::Warning) << "IPC server: stopped listening after an error: "
                                              << e.getDescription().cStr();
            }
        });
    }

    //! Stops accepting and closes the listening socket now. This object
    //! (and its loop reference) goes with the accept loop's promise, a
    //! moment later.
    void stop()
    {
        if (m_stopped) return;
        m_stopped = true;
        m_loop.log(LogLevel::Info) << "IPC server: stopped listening.";
        // Destroys the pending accept(), the only user of the receiver.
        m_canceler.cancel("stopped listening");
        m_receiver = nullptr;
    }

private:
    kj::Promise<void> acceptLoop()
    {
        return m_receiver->accept().then([this](kj::Own<kj::AsyncIoStream>&& stream) {
            accepted(kj::mv(stream));
            return acceptLoop();
        });
    }

    void accepted(kj::Own<kj::AsyncIoStream>&& stream)
    {
        if (m_options.max_connections != 0 && *m_open >= m_options.max_connections) {
            m_loop.log(LogLevel::Warning) << "IPC server: refusing a connection: " << *m_open
                                          << " connection(s) already open, the limit set by ListenOptions::"
                                             "max_connections.";
            return; // the stream (and its socket) is closed here
        }
        Connection* connection = ServeConnection(m_loop, kj::mv(stream), m_make_bootstrap);
        if (!connection) return;
        ++*m_open;
        // Shared, not a pointer to this listener: the connection may outlive it.
        connection->onDisconnect([open = m_open] { --*open; });
    }

    EventLoop& m_loop;
    kj::Own<kj::ConnectionReceiver> m_receiver;
    std::function<capnp::Capability::Client(Connection&)> m_make_bootstrap;
    ListenOptions m_options;
    std::shared_ptr<Listening::State> m_state;
    std::shared_ptr<size_t> m_open = std::make_shared<size_t>(0);
    bool m_stopped{false};
    kj::Canceler m_canceler;
    std::list<std::function<void()>>::iterator m_stop_it;
    EventLoopRef m_loop_ref;
};

Listening ListenForConnections(EventLoop& loop, int listen_fd,
                               std::function<capnp::Capability::Client(Connection&)> make_bootstrap,
                               ListenOptions options)
{
    auto state = std::make_shared<Listening::State>(loop);
    if (loop.shuttingDown()) {
        close(listen_fd);
        loop.log(LogLevel::Info) << "IPC server: not listening: the event loop is shutting down.";
        return Listening(state);
    }
    auto listener = kj::heap<Listener>(loop, listen_fd, std::move(make_bootstrap), options, state);
    Listener& ref = *listener;
    loop.m_task_set->add(ref.run().attach(kj::mv(listener)));
    return Listening(state);
}

void Listening::stop()
{
    EventLoop& loop = m_state->loop;
    loop.sync([&] {
        if (m_state->listener) m_state->listener->stop();
    });
}

} // namespace mp
