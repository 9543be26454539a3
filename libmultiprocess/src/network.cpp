// Connecting to and listening on addresses: Unix sockets, and TCP secured
// by a StreamSecurity (TLS) or, when allowed, in plaintext.

#include <mp/network.h>

#include "listener.h"
#include "plaintext-guard.h"
#include "tcp-socket.h"
#include "unix-socket.h"

#include <kj/debug.h>

#include <future>
#include <optional>
#include <stdexcept>
#include <unistd.h>

namespace mp {

namespace {

const char* const kPlaintextRisk =
    "anyone who can reach the port can call every method, and the traffic can be read and changed on the way";

void RequireSecurityChoice(const SocketAddress& address, const NetworkOptions& options)
{
    if (!address.isTcp() || options.security || options.allow_plaintext_tcp) return;
    throw std::invalid_argument(address.toString() +
                                ": TCP connections use TLS: set NetworkOptions::security (mp::MakeTlsSecurity, "
                                "mp/tls.h), or allow_plaintext_tcp to go without");
}

kj::Duration ToKj(std::chrono::milliseconds duration) { return duration.count() * kj::MILLISECONDS; }

std::string Seconds(std::chrono::milliseconds duration)
{
    const auto ms = duration.count();
    if (ms % 1000 == 0) return std::to_string(ms / 1000) + " s";
    return std::to_string(ms) + " ms";
}

//! The same exception with another description.
kj::Exception Reworded(const kj::Exception& error, std::string description)
{
    return kj::Exception(error.getType(), __FILE__, __LINE__, kj::str(description.c_str()));
}

bool IsTimeout(const kj::Exception& error)
{
    // kj::Timer::timeoutAfter's exception.
    return error.getType() == kj::Exception::Type::OVERLOADED && error.getDescription().endsWith("timed out");
}

//! Why setting up a client connection failed, once it was connected: the
//! security layer's explanation, or for plaintext the likely mistake.
std::string ExplainClientSetupFailure(const kj::Exception& error, const NetworkOptions& options)
{
    if (options.security) return options.security->explainFailure(error, /*is_server=*/false);
    if (error.getType() == kj::Exception::Type::DISCONNECTED) {
        return "the server closed the connection before answering; if it listens with TLS, connect with TLS too "
               "(this side connects without TLS)";
    }
    return error.getDescription().cStr();
}

//! Secures a connected stream (or not, for plaintext), makes the client
//! Connection on it and waits for the server's answer to the bootstrap
//! request. Loop thread.
kj::Promise<AddressConnection> SetUpClient(EventLoop& loop, kj::Own<kj::AsyncIoStream> stream,
                                           const SocketAddress& address, const NetworkOptions& options)
{
    KJ_IF_MAYBE (fd, stream->getFd()) {
        ConfigureTcpSocket(*fd, options.peer_timeout);
    }
    auto secured = options.security ? options.security->secureClient(kj::mv(stream), address)
                                     : kj::Promise<kj::Own<kj::AsyncIoStream>>(kj::mv(stream));
    return secured.then([&loop](kj::Own<kj::AsyncIoStream> stream) {
        // Owned here until the server has answered: if it refuses (e.g. our
        // TLS certificate, which with TLS 1.3 a client learns only now),
        // the connection goes with the promise.
        auto connection = std::make_unique<Connection>(loop, kj::mv(stream));
        auto bootstrap = connection->m_rpc_system->bootstrap(ServerVatId().vat_id);
        auto resolved = bootstrap.whenResolved();
        return resolved.then([connection = std::move(connection), bootstrap = kj::mv(bootstrap)]() mutable {
            if (connection->disconnected()) {
                kj::throwFatalException(KJ_EXCEPTION(DISCONNECTED, "the server closed the connection"));
            }
            AddressConnection result;
            result.connection.reset(connection.release());
            result.bootstrap = kj::mv(bootstrap);
            return result;
        });
    });
}

//! TCP connect, then SetUpClient, within options.setup_timeout. Each stage
//! words its errors: the description is the reason the caller reports.
//! Loop thread.
kj::Promise<AddressConnection> ConnectTcp(EventLoop& loop, const SocketAddress& address, const NetworkOptions& options)
{
    // kj's network resolves names on a thread of its own, and tries each
    // address found in turn.
    const std::string host_port = address.toString().substr(4); // without "tcp:"
    auto connected = loop.m_io_context.provider->getNetwork()
                         .parseAddress(host_port)
                         .then([](kj::Own<kj::NetworkAddress> resolved) {
                             kj::NetworkAddress& ref = *resolved;
                             return ref.connect().attach(kj::mv(resolved));
                         })
                         .catch_([](kj::Exception&& error) -> kj::Promise<kj::Own<kj::AsyncIoStream>> {
                             std::string reason = error.getDescription().cStr();
                             if (reason.find("Connection refused") != std::string::npos) {
                                 reason = "nothing is listening there (connection refused)";
                             }
                             return Reworded(error, reason);
                         });
    auto answered = connected.then([&loop, address, options](kj::Own<kj::AsyncIoStream> stream) {
        return SetUpClient(loop, kj::mv(stream), address, options)
            .catch_([options](kj::Exception&& error) -> kj::Promise<AddressConnection> {
                return Reworded(error, ExplainClientSetupFailure(error, options));
            });
    });
    return loop.m_io_context.provider->getTimer()
        .timeoutAfter(ToKj(options.setup_timeout), kj::mv(answered))
        .catch_([options](kj::Exception&& error) -> kj::Promise<AddressConnection> {
            if (!IsTimeout(error)) return kj::mv(error);
            return Reworded(error, "no answer within " + Seconds(options.setup_timeout) +
                                       " (is the address right, or does a firewall drop the packets?)");
        });
}

//! Holds the caller's std::promise while the connection is set up; if the
//! setup is dropped unfinished (the loop was destroyed), fails it so that
//! the caller does not wait forever.
struct PendingConnect
{
    std::promise<AddressConnection> promise;
    std::string address;
    bool settled{false};
    ~PendingConnect()
    {
        if (!settled) {
            promise.set_exception(std::make_exception_ptr(
                std::runtime_error("cannot connect to " + address + ": the event loop stopped")));
        }
    }
};

AddressConnection ConnectUnix(EventLoop& loop, const SocketAddress& address)
{
    const int fd = ConnectUnixSocket(address.path);
    AddressConnection result;
    loop.sync([&] {
        if (loop.shuttingDown()) {
            ::close(fd);
            throw std::runtime_error("cannot connect to " + address.toString() + ": the event loop is shutting down");
        }
        result.connection.reset(new Connection(loop, WrapSocket(loop, fd)));
        result.bootstrap = result.connection->m_rpc_system->bootstrap(ServerVatId().vat_id);
    });
    return result;
}

//! What a TCP listener does with each accepted connection: socket options,
//! then the security layer's handshake within setup_timeout, or the
//! plaintext guard. A refusal names the peer and the reason.
SecureAccepted SecureTcpConnections(EventLoop& loop, const NetworkOptions& options)
{
    return [&loop, options](kj::Own<kj::AsyncIoStream> stream) -> kj::Promise<kj::Own<kj::AsyncIoStream>> {
        std::string peer = "unknown peer";
        KJ_IF_MAYBE (fd, stream->getFd()) {
            peer = DescribePeer(*fd);
            ConfigureTcpSocket(*fd, options.peer_timeout);
        }
        if (!options.security) return NewPlaintextGuard(kj::mv(stream), peer);
        auto handshake = options.security->secureServer(kj::mv(stream));
        return loop.m_io_context.provider->getTimer()
            .timeoutAfter(ToKj(options.setup_timeout), kj::mv(handshake))
            .catch_([options, peer](kj::Exception&& error) -> kj::Promise<kj::Own<kj::AsyncIoStream>> {
                const std::string reason =
                    IsTimeout(error) ? "no " + options.security->name() + " handshake within " +
                                           Seconds(options.setup_timeout)
                                     : options.security->explainFailure(error, /*is_server=*/true);
                return Reworded(error, "from " + peer + ": " + reason);
            });
    };
}

} // namespace

AddressConnection ConnectToAddress(EventLoop& loop, const SocketAddress& address, const NetworkOptions& options)
{
    if (!address.isTcp()) return ConnectUnix(loop, address);
    RequireSecurityChoice(address, options);
    if (address.port == 0) throw std::invalid_argument("cannot connect to " + address.toString() + ": port 0");
    if (loop.onLoopThread()) {
        // The setup runs on the loop while this thread waits for it.
        throw std::logic_error("ConnectAddress(" + address.toString() +
                               ") called on the event loop thread, where it would deadlock; call it from another thread");
    }
    auto pending = kj::heap<PendingConnect>();
    pending->address = address.toString();
    std::future<AddressConnection> result = pending->promise.get_future();
    loop.sync([&] {
        if (loop.shuttingDown()) {
            throw std::runtime_error("cannot connect to " + address.toString() + ": the event loop is shutting down");
        }
        if (!options.security) {
            loop.log(LogLevel::Warning) << "IPC client: connecting to " << address.toString()
                                        << " without TLS (allow_plaintext_tcp): " << kPlaintextRisk << ".";
        }
        PendingConnect& ref = *pending;
        loop.m_task_set->add(ConnectTcp(loop, address, options)
                                 .then(
                                     [&ref](AddressConnection&& connection) {
                                         ref.settled = true;
                                         ref.promise.set_value(std::move(connection));
                                     },
                                     [&ref](kj::Exception&& error) {
                                         ref.settled = true;
                                         ref.promise.set_exception(std::make_exception_ptr(std::runtime_error(
                                             "cannot connect to " + ref.address + ": " +
                                             error.getDescription().cStr())));
                                     })
                                 .attach(kj::mv(pending), EventLoopRef(loop)));
    });
    return result.get();
}

Listening ListenOnAddress(EventLoop& loop, const SocketAddress& address,
                          std::function<capnp::Capability::Client(Connection&)> make_bootstrap,
                          const NetworkOptions& options, ListenOptions listen_options)
{
    RequireSecurityChoice(address, options);
    const int fd = address.isTcp() ? ListenTcpSocket(address) : ListenUnixSocket(address.path);
    const std::string bound = address.isTcp() ? BoundTcpAddress(fd, address) : address.toString();
    SecureAccepted secure = address.isTcp() ? SecureTcpConnections(loop, options) : nullptr;
    std::optional<Listening> listening;
    loop.sync([&] {
        if (!address.isTcp()) {
            loop.log(LogLevel::Info) << "IPC server: listening on " << bound << ".";
        } else if (options.security) {
            loop.log(LogLevel::Info) << "IPC server: listening on " << bound << " (" << options.security->name()
                                     << ").";
        } else {
            loop.log(LogLevel::Warning) << "IPC server: listening on " << bound
                                        << " without TLS (allow_plaintext_tcp): " << kPlaintextRisk << ".";
        }
        listening.emplace(ListenOnReceiver(loop, loop.wrapListenSocket(fd), std::move(make_bootstrap), listen_options,
                                           std::move(secure), bound));
    });
    return *listening;
}

} // namespace mp
