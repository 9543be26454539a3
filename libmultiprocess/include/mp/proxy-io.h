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

namespace mp {

//! Wraps a connected stream socket for the loop (takes ownership of fd).
//! Loop thread only.
kj::Own<kj::AsyncIoStream> WrapSocket(EventLoop& loop, int fd);

//! Serves a bootstrap capability on a connected socket: the connection is
//! owned by the loop and destroyed when the peer disconnects. Loop thread.
void ServeConnection(EventLoop& loop, kj::Own<kj::AsyncIoStream>&& stream,
                     std::function<capnp::Capability::Client(Connection&)> make_bootstrap);

//! Accepts connections on a listening socket for as long as the loop runs,
//! serving make_bootstrap's capability on each. Loop thread.
void ListenForConnections(EventLoop& loop, int listen_fd,
                          std::function<capnp::Capability::Client(Connection&)> make_bootstrap);

//! Connects to the init object served on the other end of a connected
//! stream socket (fd, whose ownership is taken). The returned client owns
//! the connection: destroying it closes the connection. If the init
//! interface has a `construct` method it is called first, exchanging
//! ThreadMaps with the server. Call from any thread but the loop's.
template <typename InitInterface>
std::unique_ptr<ProxyClient<InitInterface>> ConnectStream(EventLoop& loop, int fd)
{
    typename InitInterface::Client init_client(nullptr);
    Connection* connection = nullptr;
    loop.sync([&] {
        connection = new Connection(loop, WrapSocket(loop, fd));
        init_client = connection->m_rpc_system->bootstrap(ServerVatId().vat_id).template castAs<InitInterface>();
        connection->onDisconnect([&loop, connection] {
            loop.log(LogLevel::Warning) << "IPC client: the server closed the connection or exited.";
            delete connection;
        });
    });
    return std::make_unique<ProxyClient<InitInterface>>(std::move(init_client), connection,
                                                        /*destroy_connection=*/true);
}

//! Makes the capability serving impl over connection (a ProxyServer that
//! does not own impl).
template <typename InitInterface, typename InitImpl>
capnp::Capability::Client MakeBootstrap(Connection& connection, InitImpl& init)
{
    // The init object belongs to the caller and outlives the connection.
    std::shared_ptr<InitImpl> not_owned(&init, [](InitImpl*) {});
    return kj::heap<ProxyServer<InitInterface>>(std::move(not_owned), connection);
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
//! and serves init on each. Call from any thread.
template <typename InitInterface, typename InitImpl>
void ListenConnections(EventLoop& loop, int fd, InitImpl& init)
{
    loop.sync([&] {
        ListenForConnections(loop, fd, [&init](Connection& connection) {
            return MakeBootstrap<InitInterface>(connection, init);
        });
    });
}

} // namespace mp

#endif // MP_PROXY_IO_H
