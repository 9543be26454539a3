// The runtime a program uses directly: the event loop, connections, and the
// functions that connect to, serve and listen on sockets. Also brings in the
// call machinery the generated code uses (client-call.h, server-call.h).

#ifndef MP_PROXY_IO_H
#define MP_PROXY_IO_H

#include <mp/client-call.h>
#include <mp/connection.h>
#include <mp/event-loop.h>
#include <mp/proxy.h>
#include <mp/server-call.h>
#include <mp/thread-context.h>
#include <mp/util.h>

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <unistd.h>

namespace mp {

//! Wraps a connected stream socket for the loop (takes ownership of fd).
//! Loop thread only.
kj::Own<kj::AsyncIoStream> WrapSocket(EventLoop& loop, int fd);

//! Serves a bootstrap capability on a connected socket: the connection is
//! owned by the loop and destroyed when the peer disconnects. Returns it, or
//! null (and closes the stream) if the loop is shutting down. Loop thread.
Connection* ServeConnection(EventLoop& loop, kj::Own<kj::AsyncIoStream>&& stream,
                            std::function<capnp::Capability::Client(Connection&)> make_bootstrap);

//! Options for ListenConnections.
struct ListenOptions
{
    //! Most connections served at once from this listener; 0 means no limit.
    //! A connection accepted while the limit is reached is closed at once
    //! (its peer sees the connection drop) and a warning is logged.
    size_t max_connections{0};
};

class Listener;

//! A running ListenConnections listener, to stop it. Copyable; a copy
//! refers to the same listener.
class Listening
{
public:
    //! Stops accepting connections and closes the listening socket;
    //! connections already accepted stay up. Does nothing if the listener
    //! has already stopped (by stop() or EventLoop::shutdown()). Call from
    //! any thread while the loop runs.
    void stop();

    //! Where the listener listens, as an address string ("unix:PATH",
    //! "tcp:HOST:PORT" with the port actually bound); empty for a listener
    //! made from a socket by ListenConnections. Any thread.
    const std::string& address() const { return m_state->address; }

    //! Shared by the handle and the listener (loop thread only, but for
    //! `address`, set before the handle is returned and never changed).
    struct State
    {
        explicit State(EventLoop& loop_in) : loop(loop_in) {}
        EventLoop& loop;
        Listener* listener{nullptr}; // null once the listener is gone
        std::string address;
    };
    explicit Listening(std::shared_ptr<State> state) : m_state(std::move(state)) {}

private:
    std::shared_ptr<State> m_state;
};

//! Accepts connections on a listening socket (whose ownership is taken)
//! until stopped, serving make_bootstrap's capability on each. A listener
//! keeps the loop running. Loop thread.
Listening ListenForConnections(EventLoop& loop, int listen_fd,
                               std::function<capnp::Capability::Client(Connection&)> make_bootstrap,
                               ListenOptions options = {});

//! Connects to the init object served on the other end of a connected
//! stream socket (fd, whose ownership is taken). The returned client owns
//! the connection: destroying it closes the connection. If the init
//! interface has a `construct` method it is called first, exchanging
//! ThreadMaps with the server. Call from any thread but the loop's.
template <typename InitInterface>
std::unique_ptr<ProxyClient<InitInterface>> ConnectStream(EventLoop& loop, int fd)
{
    typename InitInterface::Client init_client(nullptr);
    std::unique_ptr<Connection> connection;
    loop.sync([&] {
        if (loop.shuttingDown()) {
            ::close(fd);
            throw std::runtime_error("ConnectStream: the event loop is shutting down");
        }
        connection = std::make_unique<Connection>(loop, WrapSocket(loop, fd));
        init_client = connection->m_rpc_system->bootstrap(ServerVatId().vat_id).template castAs<InitInterface>();
    });
    // The proxy takes the connection over (destroy_connection): it destroys
    // it, on the loop thread, when the proxy goes or the server does.
    return std::make_unique<ProxyClient<InitInterface>>(std::move(init_client), connection.release(),
                                                        /*destroy_connection=*/true);
}

//! Makes the capability serving init over connection (a ProxyServer that
//! does not own init).
template <typename InitInterface, typename InitImpl>
capnp::Capability::Client MakeBootstrap(Connection& connection, InitImpl& init)
{
    // The init object belongs to the caller of ServeStream or
    // ListenConnections, who keeps it for as long as the loop serves it.
    return kj::heap<ProxyServer<InitInterface>>(NotOwned(init), connection);
}

//! Serves init as the bootstrap (init) object on a connected stream socket
//! (fd, whose ownership is taken). The loop keeps running while the peer
//! stays connected. Call from any thread.
template <typename InitInterface, typename InitImpl>
void ServeStream(EventLoop& loop, int fd, InitImpl& init)
{
    loop.sync([&] {
        ServeConnection(loop, WrapSocket(loop, fd),
                        [&init](Connection& connection) { return MakeBootstrap<InitInterface>(connection, init); });
    });
}

//! Accepts connections on a listening socket (fd, whose ownership is taken)
//! and serves init on each, until the loop shuts down. Call from any thread.
template <typename InitInterface, typename InitImpl>
void ListenConnections(EventLoop& loop, int fd, InitImpl& init)
{
    ListenConnections<InitInterface>(loop, fd, init, ListenOptions{});
}

//! Same, with options (e.g. a limit on simultaneous connections); returns a
//! handle that stops the listener. Call from any thread.
template <typename InitInterface, typename InitImpl>
Listening ListenConnections(EventLoop& loop, int fd, InitImpl& init, ListenOptions options)
{
    std::optional<Listening> listening;
    loop.sync([&] {
        listening.emplace(ListenForConnections(
            loop, fd, [&init](Connection& connection) { return MakeBootstrap<InitInterface>(connection, init); },
            options));
    });
    return *listening;
}

} // namespace mp

#endif // MP_PROXY_IO_H
