// Accepting and serving connections.

#include "listener.h"

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
//! or the loop is destroyed, secures each (SecureAccepted, if given) and
//! serves it. Holds a loop reference while it listens. Owned by the
//! promise of its accept loop, in the loop's task set; lives on the loop
//! thread. Connections still being secured when it stops are dropped.
class Listener : private kj::TaskSet::ErrorHandler
{
public:
    Listener(EventLoop& loop, kj::Own<kj::ConnectionReceiver> receiver,
             std::function<capnp::Capability::Client(Connection&)> make_bootstrap, ListenOptions options,
             SecureAccepted secure, std::shared_ptr<Listening::State> state)
        : m_loop(loop),
          m_receiver(kj::mv(receiver)),
          m_make_bootstrap(std::move(make_bootstrap)),
          m_options(options),
          m_secure(std::move(secure)),
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
        m_securing_canceler.cancel("stopped listening");
    }

private:
    kj::Promise<void> acceptLoop()
    {
        return m_receiver->accept().then([this](kj::Own<kj::AsyncIoStream>&& stream) {
            if (m_secure) {
                // Handshakes run side by side: a slow or silent client does
                // not hold up the next one.
                auto securing = kj::evalNow([&] { return m_secure(kj::mv(stream)); });
                m_securing.add(m_securing_canceler.wrap(kj::mv(securing))
                                   .then([this](kj::Own<kj::AsyncIoStream>&& secured) { accepted(kj::mv(secured)); }));
            } else {
                accepted(kj::mv(stream));
            }
            return acceptLoop();
        });
    }

    //! A connection that could not be secured: SecureAccepted put who and
    //! why in the exception ("from PEER: REASON").
    void taskFailed(kj::Exception&& exception) override
    {
        if (m_stopped) return; // cancelled by stop()
        m_loop.log(LogLevel::Warning) << "IPC server: refused a connection " << exception.getDescription().cStr();
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
    SecureAccepted m_secure;
    std::shared_ptr<Listening::State> m_state;
    std::shared_ptr<size_t> m_open = std::make_shared<size_t>(0);
    bool m_stopped{false};
    kj::Canceler m_canceler;
    //! Accepted connections being secured (m_secure); stop() cancels them.
    kj::Canceler m_securing_canceler;
    kj::TaskSet m_securing{*this};
    std::list<std::function<void()>>::iterator m_stop_it;
    EventLoopRef m_loop_ref;
};

Listening ListenOnReceiver(EventLoop& loop, kj::Own<kj::ConnectionReceiver> receiver,
                           std::function<capnp::Capability::Client(Connection&)> make_bootstrap,
                           ListenOptions options, SecureAccepted secure, std::string address)
{
    auto state = std::make_shared<Listening::State>(loop);
    state->address = std::move(address);
    if (loop.shuttingDown()) {
        loop.log(LogLevel::Info) << "IPC server: not listening: the event loop is shutting down.";
        return Listening(state); // the receiver (and its socket) is closed here
    }
    auto listener =
        kj::heap<Listener>(loop, kj::mv(receiver), std::move(make_bootstrap), options, std::move(secure), state);
    Listener& ref = *listener;
    loop.m_task_set->add(ref.run().attach(kj::mv(listener)));
    return Listening(state);
}

Listening ListenForConnections(EventLoop& loop, int listen_fd,
                               std::function<capnp::Capability::Client(Connection&)> make_bootstrap,
                               ListenOptions options)
{
    if (loop.shuttingDown()) {
        close(listen_fd);
        loop.log(LogLevel::Info) << "IPC server: not listening: the event loop is shutting down.";
        return Listening(std::make_shared<Listening::State>(loop));
    }
    return ListenOnReceiver(loop, loop.wrapListenSocket(listen_fd), std::move(make_bootstrap), options, nullptr, {});
}

void Listening::stop()
{
    EventLoop& loop = m_state->loop;
    loop.sync([&] {
        if (m_state->listener) m_state->listener->stop();
    });
}

} // namespace mp
