// ProxyClientLifetime: the non-template lifetime rules of every ProxyClient,
// and the process-wide counts of live proxies.

#include <mp/proxy.h>

#include <mp/connection.h>
#include <mp/event-loop.h>
#include <mp/exception-conversion.h>

#include <atomic>

namespace mp {

namespace {

std::atomic<long> g_live_clients{0};
std::atomic<long> g_live_servers{0};

} // namespace

ProxyContext::~ProxyContext()
{
    for (auto& fn : cleanup_fns) fn();
}

LiveProxyCounts LiveProxies()
{
    return {g_live_clients.load(std::memory_order_relaxed), g_live_servers.load(std::memory_order_relaxed)};
}

void CountProxyServer(int delta)
{
    g_live_servers.fetch_add(delta, std::memory_order_relaxed);
}

void ReleaseOffLoop(EventLoop& loop, std::shared_ptr<void> object)
{
    loop.releaseOffLoop(std::move(object));
}

EventLoop& ConnectionLoop(Connection& connection)
{
    return connection.m_loop;
}

ProxyClientLifetime::ProxyClientLifetime(ProxyContext& context, bool destroy_connection,
                                         std::function<void()> release_capability)
    : m_context(context),
      m_owned_connection(destroy_connection ? context.connection : nullptr),
      m_release_capability(std::move(release_capability))
{
    g_live_clients.fetch_add(1, std::memory_order_relaxed);
    if (!m_context.connection) {
        m_context.detached = true;
        return;
    }
    EventLoop& loop = m_context.connection->m_loop;
    m_context.loop = &loop;
    m_loop_ref = std::make_unique<EventLoopRef>(loop);
    loop.sync([&] {
        m_cleanup_it = m_context.connection->addSyncCleanup([this] { detach(); });
        m_registered = true;
        if (!m_owned_connection) return;
        // An owned connection goes as soon as its peer does, so that every
        // proxy that uses it learns at once (their calls then fail).
        if (m_owned_connection->disconnected()) {
            destroyOwnedConnection();
            return;
        }
        m_owned_connection->onDisconnect([this] {
            m_context.loop->log(LogLevel::Warning) << "IPC client: the server closed the connection or exited.";
            destroyOwnedConnection();
        });
    });
}

void ProxyClientLifetime::destroyOwnedConnection()
{
    // reset() clears the pointer before the destructor runs, which calls
    // detach() (the connection's cleanup) on this object.
    m_owned_connection.reset();
}

void ProxyClientLifetime::detach()
{
    std::unique_ptr<EventLoopRef> dropped_loop_ref;
    {
        // Held while the capability is released: a destructor starting on
        // another thread waits here instead of freeing the proxy under us.
        std::lock_guard<std::mutex> lock(m_context.lifetime_mutex);
        m_registered = false;
        m_release_capability();
        m_context.connection = nullptr;
        m_context.detached = true;
        m_context.detach_reason = m_context.loop->shuttingDown() ? kShutdownReason : kPeerGoneReason;
        // The destructor, once it has started, drops the reference itself.
        if (!m_context.destroying) dropped_loop_ref = std::move(m_loop_ref);
    }
}

ProxyClientLifetime::~ProxyClientLifetime()
{
    g_live_clients.fetch_sub(1, std::memory_order_relaxed);
    {
        std::lock_guard<std::mutex> lock(m_context.lifetime_mutex);
        // Detached: the loop reference is already dropped and the loop may
        // be gone; nothing is left to undo (an owned connection went first:
        // that is what detached the proxy).
        if (m_context.detached || !m_context.loop) return;
        m_context.destroying = true;
    }
    m_context.loop->sync([&] {
        if (m_registered) {
            m_context.connection->removeSyncCleanup(m_cleanup_it);
            m_registered = false;
            m_release_capability();
            std::lock_guard<std::mutex> lock(m_context.lifetime_mutex);
            m_context.connection = nullptr;
            m_context.detached = true;
        }
        destroyOwnedConnection();
    });
    m_loop_ref.reset();
}

void ProxyClientLifetime::logDestroyFailure(LogLevel level, const std::exception& error) const
{
    std::lock_guard<std::mutex> lock(m_context.lifetime_mutex);
    if (m_context.detached || !m_context.loop) return;
    m_context.loop->log(level) << "IPC client: destroying the remote object failed: " << error.what();
}

bool ProxyClientLifetime::canCallRemote() const
{
    std::lock_guard<std::mutex> lock(m_context.lifetime_mutex);
    return !m_context.detached && m_context.loop && !m_context.loop->onLoopThread() && m_context.connection;
}

} // namespace mp
