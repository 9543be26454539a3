// ProxyClientLifetime: the non-template lifetime rules of every ProxyClient.

#include <mp/proxy.h>

#include <mp/connection.h>
#include <mp/event-loop.h>

namespace mp {

EventLoop& ConnectionLoop(Connection& connection)
{
    return connection.m_loop;
}

ProxyClientLifetime::ProxyClientLifetime(ProxyContext& context, bool destroy_connection,
                                         std::function<void()> release_capability)
    : m_context(context), m_destroy_connection(destroy_connection), m_release_capability(std::move(release_capability))
{
    if (!m_context.connection) return;
    EventLoop& loop = m_context.connection->m_loop;
    m_context.loop = &loop;
    // Keep the loop running while this proxy exists: its destructor needs it.
    {
        std::unique_lock<std::mutex> lock(loop.m_mutex);
        loop.addClient(lock);
    }
    loop.sync([&] {
        auto it = m_context.connection->addSyncCleanup([this] {
            // The connection is going away before this proxy.
            m_registered = false;
            m_release_capability();
            m_context.connection = nullptr;
        });
        m_cleanup_it = it;
        m_registered = true;
    });
}

ProxyClientLifetime::~ProxyClientLifetime()
{
    if (!m_context.loop) return;
    EventLoop& loop = *m_context.loop;
    loop.sync([&] {
        if (m_registered) {
            m_context.connection->removeSyncCleanup(m_cleanup_it);
            m_registered = false;
            m_release_capability();
            if (m_destroy_connection) delete m_context.connection;
            m_context.connection = nullptr;
        }
    });
    std::unique_lock<std::mutex> lock(loop.m_mutex);
    loop.removeClient(lock);
}

bool ProxyClientLifetime::canCallRemote() const
{
    return m_context.loop && !m_context.loop->onLoopThread() && m_context.connection;
}

} // namespace mp
