// Connecting to and listening on addresses written as strings (mp/address.h):
// Unix sockets, and TCP between hosts. TCP needs a StreamSecurity (TLS, from
// mp/tls.h and the multiprocess_tls library) unless plaintext is explicitly
// allowed. See doc/usage.md ("Several hosts") for how to use it and
// doc/design.md for what happens on the loop.
//
// The fd-based functions of mp/proxy-io.h (ConnectStream, ServeStream,
// ListenConnections) are unchanged; these are built on the same Connection.

#ifndef MP_NETWORK_H
#define MP_NETWORK_H

#include <mp/address.h>
#include <mp/proxy-io.h>

#include <kj/async-io.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace mp {

//! Secures each TCP connection before Cap'n Proto uses it: MakeTlsSecurity()
//! (mp/tls.h) returns the TLS one. Shared by every connection and listener
//! given it (std::shared_ptr), possibly on several loops at once, so its
//! const methods must be safe to call from several loop threads; each
//! stream they return belongs to the loop of the stream given.
class StreamSecurity
{
public:
    virtual ~StreamSecurity() = default;

    //! Secures a stream this process connected to `address` (e.g. a TLS
    //! client handshake checking the server's certificate). The promise
    //! fails if the peer cannot be trusted or does not speak the protocol.
    //! Loop thread.
    virtual kj::Promise<kj::Own<kj::AsyncIoStream>> secureClient(kj::Own<kj::AsyncIoStream> stream,
                                                                  const SocketAddress& address) const = 0;

    //! Secures a stream a listener accepted. Loop thread.
    virtual kj::Promise<kj::Own<kj::AsyncIoStream>> secureServer(kj::Own<kj::AsyncIoStream> stream) const = 0;

    //! Why a connection failed, in words a user can act on, for an error
    //! raised while it was set up: by secureClient()/secureServer(), or by
    //! the first exchange over the secured stream (with TLS 1.3 a client
    //! learns that the server refused its certificate only then).
    //! `is_server`: the error is the listening side's.
    virtual std::string explainFailure(const kj::Exception& error, bool is_server) const = 0;

    //! A short name for log lines ("TLS").
    virtual std::string name() const = 0;
};

//! How ConnectAddress and ListenAddress set up connections. Only TCP
//! addresses use it; Unix sockets are protected by file permissions.
struct NetworkOptions
{
    //! Required for tcp: addresses unless allow_plaintext_tcp is set.
    std::shared_ptr<const StreamSecurity> security;

    //! Lets tcp: addresses go without `security`: then anyone who can
    //! reach the port may call every method, and anyone on the way may read
    //! and change the traffic. Each connection and listener logs a warning.
    bool allow_plaintext_tcp{false};

    //! A TCP peer that acknowledges nothing for this long is taken for gone
    //! (a cable cut, a host that crashed: no reset ever comes): the kernel
    //! drops the connection (TCP_USER_TIMEOUT; when idle, keepalive probes
    //! start after half of it), and calls waiting on it fail with
    //! DisconnectedError. Detection takes between this and about 1.2x it.
    std::chrono::milliseconds peer_timeout{std::chrono::seconds(30)};

    //! Bound on setting a connection up: connecting, the TLS handshake and
    //! (client side) the server's first answer. A listener drops a client
    //! whose handshake takes longer.
    std::chrono::milliseconds setup_timeout{std::chrono::seconds(30)};
};

//! A connection made by ConnectToAddress, before it is given to a proxy.
struct AddressConnection
{
    //! Owned here until ConnectAddress hands it to the init proxy
    //! (destroy_connection), which then destroys it when the proxy goes or
    //! the server does. Dropped here, it is destroyed on the loop thread.
    std::unique_ptr<Connection, DestroyOnLoopThread> connection;
    //! The server's bootstrap capability. Loop thread only: copy, cast or
    //! drop it inside loop.sync().
    capnp::Capability::Client bootstrap{nullptr};
};

//! Connects to address and waits until the server has answered (for TCP:
//! connected, handshake done, bootstrap capability received), so that a
//! refusal is reported here, not at the first call. Blocks the calling
//! thread, which must not be the loop thread (std::logic_error for TCP).
//! Throws std::invalid_argument for a TCP address without security or
//! plaintext allowed, or port 0, and std::runtime_error ("cannot connect to
//! tcp:...: REASON") otherwise.
AddressConnection ConnectToAddress(EventLoop& loop, const SocketAddress& address, const NetworkOptions& options);

//! Listens on address and serves make_bootstrap's capability on each
//! connection, as ListenForConnections does for a listening socket. A Unix
//! socket is created with mode 0600 (only this user may connect); a stale
//! socket file is replaced, a live one is an error. For TCP each accepted
//! connection is first secured (a failure is logged, with the peer's
//! address and the reason, and the connection dropped). Throws
//! std::invalid_argument or std::runtime_error with the reason it cannot
//! listen. Any thread; from the loop thread only for addresses that need no
//! DNS lookup.
Listening ListenOnAddress(EventLoop& loop, const SocketAddress& address,
                          std::function<capnp::Capability::Client(Connection&)> make_bootstrap,
                          const NetworkOptions& options, ListenOptions listen_options = {});

//! Connects to the init object served at address ("unix:PATH",
//! "tcp:HOST:PORT", see mp/address.h): ConnectStream for an address. The
//! returned client owns the connection. Errors as ConnectToAddress and
//! ParseSocketAddress. Call from any thread but the loop's.
template <typename InitInterface>
std::unique_ptr<ProxyClient<InitInterface>> ConnectAddress(EventLoop& loop, std::string_view address,
                                                           const NetworkOptions& options = {})
{
    AddressConnection connected = ConnectToAddress(loop, ParseSocketAddress(address), options);
    typename InitInterface::Client init_client(nullptr);
    loop.sync([&] {
        init_client = connected.bootstrap.template castAs<InitInterface>();
        connected.bootstrap = nullptr;
    });
    return std::make_unique<ProxyClient<InitInterface>>(std::move(init_client), connected.connection.release(),
                                                        /*destroy_connection=*/true);
}

//! Serves init on every connection to address, until stopped or the loop
//! shuts down: ListenConnections for an address. init must outlive the
//! listener. Returns the handle that stops it; Listening::address() says
//! where it listens (with the port chosen for "tcp:HOST:0"). Errors as
//! ListenOnAddress and ParseSocketAddress.
template <typename InitInterface, typename InitImpl>
Listening ListenAddress(EventLoop& loop, std::string_view address, InitImpl& init, const NetworkOptions& options = {},
                        ListenOptions listen_options = {})
{
    return ListenOnAddress(
        loop, ParseSocketAddress(address),
        [&init](Connection& connection) { return MakeBootstrap<InitInterface>(connection, init); }, options,
        listen_options);
}

} // namespace mp

#endif // MP_NETWORK_H
