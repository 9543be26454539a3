// Connection: a two-party RPC session and the library's state attached to it.

#include <mp/connection.h>

#include "forwarding-stream.h"
#include "lending-stream.h"
#include "read-buffers.h"

#include <mp/threads.h>

#include <capnp/rpc.capnp.h>
#include <capnp/rpc.h>
#include <capnp/serialize-async.h>
#include <capnp/serialize.h>

#include <algorithm>
#include <string>

namespace mp {

namespace {

//! Limits applied to every incoming message. A message larger than the
//! traversal limit, or nested deeper, closes the connection with a logged
//! reason. The traversal limit is 4x Cap'n Proto's default of 64 MiB so that
//! Data payloads of tens of MiB fit; a peer announcing a huge frame costs
//! address space up to this size, but memory only as its bytes arrive.
capnp::ReaderOptions IncomingMessageLimits()
{
    capnp::ReaderOptions options;
    options.traversalLimitInWords = 8 * 1024 * 1024 * 4; // 256 MiB: room for large Data payloads
    options.nestingLimit = 64;
    return options;
}

//! The message stream of one connection: forwards everything to the socket
//! and logs the reason of an Abort message this side sends.
//!
//! The RPC system closes a connection by sending the peer an Abort that says
//! why: a frame too large or cut short, a message that is not a valid
//! rpc.capnp Message, a capability or question id the peer was never given.
//! It keeps the reason to itself otherwise, so this is where a server
//! operator learns why a peer was dropped. An Abort of type DISCONNECTED
//! (the peer went away) is ordinary and logged at Debug level only.
//! Loop thread only, like the connection that owns it.
class AbortLoggingStream final : public ForwardingMessageStream
{
public:
    AbortLoggingStream(kj::AsyncIoStream& stream, EventLoop& loop)
        : ForwardingMessageStream(kj::heap<capnp::AsyncIoMessageStream>(stream)), m_loop(loop)
    {
    }

    kj::Promise<void> writeMessage(kj::ArrayPtr<const int> fds,
                                   kj::ArrayPtr<const kj::ArrayPtr<const capnp::word>> segments) override
    {
        logIfAbort(segments);
        return m_inner->writeMessage(fds, segments);
    }

    kj::Promise<void> writeMessages(
        kj::ArrayPtr<kj::ArrayPtr<const kj::ArrayPtr<const capnp::word>>> messages) override
    {
        for (auto segments : messages) logIfAbort(segments);
        return m_inner->writeMessages(messages);
    }

private:
    void logIfAbort(kj::ArrayPtr<const kj::ArrayPtr<const capnp::word>> segments)
    {
        // The RPC system built this message itself, so reading its root
        // cannot fail in practice; a log hook must not throw regardless.
        KJ_IF_MAYBE (error, kj::runCatchingExceptions([&] {
                         capnp::SegmentArrayMessageReader reader(segments);
                         auto message = reader.getRoot<capnp::rpc::Message>();
                         if (!message.isAbort()) return;
                         auto abort = message.getAbort();
                         const bool peer_left = abort.getType() == capnp::rpc::Exception::Type::DISCONNECTED;
                         m_loop.log(peer_left ? LogLevel::Debug : LogLevel::Warning)
                             << "IPC: closing the connection: " << abort.getReason().cStr();
                     })) {
            (void)error;
        }
    }

    EventLoop& m_loop;
};

//! Size of a connection's pool of worker threads (see poolThread()).
constexpr size_t kPoolSize = 4;

//! The message stream of a connection over its socket: lends reply data
//! (lending-stream.h), reads into kept buffers (read-buffers.h), logs aborts.
kj::Own<capnp::MessageStream> MakeMessageStream(kj::AsyncIoStream& stream, EventLoop& loop)
{
    return kj::heap<LendingMessageStream>(kj::heap<ReadBufferStream>(kj::heap<AbortLoggingStream>(stream, loop)));
}

} // namespace

Connection::Connection(EventLoop& loop, kj::Own<kj::AsyncIoStream>&& stream)
    : m_loop(loop),
      m_stream(kj::mv(stream)),
      m_message_stream(MakeMessageStream(*m_stream, loop)),
      m_network(*m_message_stream, capnp::rpc::twoparty::Side::CLIENT, IncomingMessageLimits()),
      m_rpc_system(capnp::makeRpcClient(m_network)),
      m_loop_ref(loop)
{
    registerWithLoop();
}

Connection::Connection(EventLoop& loop, kj::Own<kj::AsyncIoStream>&& stream,
                       const std::function<capnp::Capability::Client(Connection&)>& make_bootstrap)
    : m_loop(loop),
      m_stream(kj::mv(stream)),
      m_message_stream(MakeMessageStream(*m_stream, loop)),
      m_network(*m_message_stream, capnp::rpc::twoparty::Side::SERVER, IncomingMessageLimits()),
      m_loop_ref(loop)
{
    m_rpc_system.emplace(capnp::makeRpcServer(m_network, make_bootstrap(*this)));
    registerWithLoop();
}

void Connection::registerWithLoop()
{
    m_loop.m_connections.push_front(this);
    m_loop_it = m_loop.m_connections.begin();
    watchDisconnect();
}

Connection::~Connection()
{
    m_loop.m_connections.erase(m_loop_it);
    // Calls still waiting for a reply on this connection fail now.
    m_call_canceler.cancel(kj::Exception(kj::Exception::Type::DISCONNECTED, __FILE__, __LINE__,
                                         kj::str("connection destroyed")));
    // Proxies using this connection forget it (newest first).
    while (!m_sync_cleanup_fns.empty()) {
        auto fn = std::move(m_sync_cleanup_fns.back());
        m_sync_cleanup_fns.pop_back();
        fn();
    }
    // Threads' links to this connection release their capabilities now.
    for (auto& link : m_thread_links) {
        std::lock_guard<std::mutex> lock(link->mutex);
        link->connection = nullptr;
        link->releaseCapabilities();
    }
    m_thread_links.clear();
    m_thread_map.reset();
    m_pool_threads.clear();
    // Destroying the RPC system drops every capability the peer held, which
    // destroys the ProxyServer objects serving them.
    m_rpc_system.reset();
}

void Connection::watchDisconnect()
{
    m_loop.m_task_set->add(m_canceler.wrap(m_network.onDisconnect()).then(
        [this] {
            // This promise has completed: unlink it so that destroying the
            // connection from a handler below does not try to cancel it.
            m_canceler.release();
            runDisconnectHandlers();
        },
        [](kj::Exception&&) {
            // Cancelled because the connection was destroyed first.
        }));
}

void Connection::runDisconnectHandlers()
{
    m_disconnected = true;
    // Handlers may destroy this connection; take them out first.
    auto handlers = std::move(m_disconnect_fns);
    for (auto& handler : handlers) handler();
}

void Connection::disconnect()
{
    if (m_disconnected) return;
    m_canceler.cancel("connection closed by this process");
    runDisconnectHandlers();
}

void Connection::onDisconnect(std::function<void()> fn)
{
    m_disconnect_fns.push_back(std::move(fn));
}

Connection::CleanupIt Connection::addSyncCleanup(std::function<void()> fn)
{
    m_sync_cleanup_fns.push_back(std::move(fn));
    return std::prev(m_sync_cleanup_fns.end());
}

void Connection::removeSyncCleanup(CleanupIt it)
{
    m_sync_cleanup_fns.erase(it);
}

void Connection::addThreadLink(std::shared_ptr<ThreadLink> link)
{
    m_thread_links.push_back(std::move(link));
}

void Connection::removeThreadLink(const std::shared_ptr<ThreadLink>& link)
{
    m_thread_links.erase(std::remove(m_thread_links.begin(), m_thread_links.end(), link), m_thread_links.end());
}

ThreadServer& Connection::poolThread()
{
    if (m_pool_threads.size() < kPoolSize) {
        m_pool_threads.push_back(ThreadServer::spawn(m_loop, "pool-" + std::to_string(m_pool_threads.size())));
        return *m_pool_threads.back();
    }
    ThreadServer& thread = *m_pool_threads[m_next_pool_thread];
    m_next_pool_thread = (m_next_pool_thread + 1) % m_pool_threads.size();
    return thread;
}

void DestroyOnLoopThread::operator()(Connection* connection) const
{
    try {
        connection->m_loop.sync([connection] { delete connection; });
    } catch (const std::logic_error&) {
        // The loop has finished (post refuses): its thread no longer runs
        // Cap'n Proto code, and the connection's objects cannot be destroyed
        // on another; leave them.
    }
}

} // namespace mp
