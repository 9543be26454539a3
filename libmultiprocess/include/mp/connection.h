// Connection: one Cap'n Proto two-party RPC session over one stream socket,
// plus the per-connection state the library needs (the peer's ThreadMap, the
// threads made for the peer, cleanups to run when it goes away).

#ifndef MP_CONNECTION_H
#define MP_CONNECTION_H

#include <mp/event-loop.h>
#include <mp/proxy.capnp.h>
#include <mp/thread-context.h>

#include <capnp/rpc-twoparty.h>
#include <kj/async.h>

#include <functional>
#include <list>
#include <memory>
#include <optional>
#include <vector>

namespace mp {

class ThreadServer;

//! A Cap'n Proto two-party RPC connection.
//!
//! Ownership: a client connection (made by ConnectStream) is owned by the
//! init ProxyClient returned to the caller; a served connection (ServeStream,
//! ListenConnections) is owned by the EventLoop. Either way it is destroyed on
//! the loop thread, and when the peer disconnects it is destroyed right away
//! (after running the onDisconnect handlers), so that every proxy using it
//! learns it is gone.
//!
//! Threading: every member is used on the loop thread only.
class Connection
{
public:
    //! Client side (this process connected): no bootstrap capability of its own.
    Connection(EventLoop& loop, kj::Own<kj::AsyncIoStream>&& stream);

    //! Server side: make_bootstrap returns the capability served as the
    //! bootstrap (init) object to the peer.
    Connection(EventLoop& loop, kj::Own<kj::AsyncIoStream>&& stream,
               const std::function<capnp::Capability::Client(Connection&)>& make_bootstrap);

    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    //! Registers fn to run (on the loop thread) when the peer disconnects or
    //! the socket fails. The default handler of ConnectStream/ServeStream
    //! destroys the connection, so fn may not outlive it.
    void onDisconnect(std::function<void()> fn);

    //! Cleanup functions run by the destructor, in reverse order of
    //! registration: proxies use them to forget the connection.
    using CleanupList = std::list<std::function<void()>>;
    using CleanupIt = CleanupList::iterator;
    CleanupIt addSyncCleanup(std::function<void()> fn);
    void removeSyncCleanup(CleanupIt it);

    //! True once the peer has disconnected (calls will fail).
    bool disconnected() const { return m_disconnected; }

    //! Closes the connection from this side (EventLoop::shutdown): runs the
    //! onDisconnect handlers as if the peer had gone away. The default
    //! handlers destroy the connection, which fails the calls waiting on it.
    //! Loop thread only; does nothing once disconnected.
    void disconnect();

    EventLoop& m_loop;
    kj::Own<kj::AsyncIoStream> m_stream;
    //! The message stream over m_stream that the network reads and writes;
    //! it keeps memory lent to replies until they are written, reads large
    //! messages into kept buffers and logs why the connection is closed
    //! (MakeMessageStream in connection.cpp).
    kj::Own<capnp::MessageStream> m_message_stream;
    capnp::TwoPartyVatNetwork m_network;
    std::optional<capnp::RpcSystem<capnp::rpc::twoparty::VatId>> m_rpc_system;

    //! Thread capabilities this process serves on this connection: the
    //! server threads made for the peer and the callback targets standing
    //! for local threads. Lets an incoming Context.thread be mapped back to
    //! the local object.
    capnp::CapabilityServerSet<Thread> m_threads;

    //! The peer's ThreadMap, received during construct (client side: in the
    //! results; server side: in the parameters).
    std::optional<ThreadMap::Client> m_thread_map;

    //! Records a local thread's link to this connection (ThreadLinks::get),
    //! so that destroying the connection detaches it; and forgets one
    //! (ThreadLinks::detachAll, when the thread exits first).
    void addThreadLink(std::shared_ptr<ThreadLink> link);
    void removeThreadLink(const std::shared_ptr<ThreadLink>& link);

    //! A worker thread for a request whose Context names no thread (a
    //! client that skipped the ThreadMap exchange): one of a small pool,
    //! started on demand and taken in turn, so such a client gets some
    //! parallelism without a thread per call.
    ThreadServer& poolThread();

    //! Wraps every call in progress on this connection (the reply of each
    //! client call, and the worker step of each request served on a mapped
    //! thread), so that destroying the connection fails them all at once
    //! (DISCONNECTED) and no continuation touches the destroyed connection.
    kj::Canceler m_call_canceler;

private:
    void watchDisconnect();
    //! Marks the connection disconnected and runs the handlers.
    void runDisconnectHandlers();
    //! Common part of both constructors.
    void registerWithLoop();
    std::list<Connection*>::iterator m_loop_it;

    //! Links of local threads to this connection (see ThreadLink).
    std::vector<std::shared_ptr<ThreadLink>> m_thread_links;

    //! See poolThread().
    std::vector<kj::Own<ThreadServer>> m_pool_threads;
    size_t m_next_pool_thread{0};

    CleanupList m_sync_cleanup_fns;
    std::vector<std::function<void()>> m_disconnect_fns;
    bool m_disconnected{false};
    kj::Canceler m_canceler;
    EventLoopRef m_loop_ref;
};

//! Deleter of a std::unique_ptr<Connection> held off the loop thread (a
//! client connection on its way to the proxy that will own it): destroys
//! the connection on its loop's thread. If that loop has already finished,
//! the connection cannot be destroyed safely and is left.
struct DestroyOnLoopThread
{
    void operator()(Connection* connection) const;
};

//! The VatId that names the server side of a two-party connection, for
//! RpcSystem::bootstrap().
struct ServerVatId
{
    capnp::word scratch[4]{};
    capnp::MallocMessageBuilder message{scratch};
    capnp::rpc::twoparty::VatId::Builder vat_id{message.getRoot<capnp::rpc::twoparty::VatId>()};
    ServerVatId() { vat_id.setSide(capnp::rpc::twoparty::Side::SERVER); }
};

} // namespace mp

#endif // MP_CONNECTION_H
