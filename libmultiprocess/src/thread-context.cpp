// Per-thread state: waiter, name and links to connections.

#include <mp/thread-context.h>

#include <mp/connection.h>
#include <mp/event-loop.h>
#include <mp/util.h>

#include <algorithm>
#include <stdexcept>

namespace mp {

thread_local ThreadContext g_thread_context;

void Waiter::wakeDriver()
{
    if (std::this_thread::get_id() == m_drive_thread) {
        m_drive_wake->fulfill();
        m_drive_wake = nullptr;
        return;
    }
    // Another thread (running another loop's events) posted to this one:
    // the promise belongs to the loop being driven, so have it fulfilled
    // there.
    EventLoop* loop = m_drive_loop;
    try {
        loop->queue([loop] { loop->wakeDrivingWaiter(); });
    } catch (const std::logic_error&) {
        // That loop has finished; nobody is driving it.
    }
}

bool Waiter::armLoopWake(kj::FunctionParam<bool()> done, kj::PromiseFulfiller<void>& wake, EventLoop& loop)
{
    std::lock_guard<std::mutex> lock(m_mutex);
    if (done() || !m_posted.empty()) return false;
    m_drive_wake = &wake;
    m_drive_thread = std::this_thread::get_id();
    m_drive_loop = &loop;
    return true;
}

void Waiter::disarmLoopWake()
{
    std::lock_guard<std::mutex> lock(m_mutex);
    m_drive_wake = nullptr;
}

void Waiter::wakeFromLoop()
{
    std::lock_guard<std::mutex> lock(m_mutex);
    if (!m_drive_wake) return;
    m_drive_wake->fulfill();
    m_drive_wake = nullptr;
}

Waiter& ThreadContext::getWaiter()
{
    if (!waiter) waiter = std::make_shared<Waiter>();
    return *waiter;
}

const std::string& ThreadContext::name(const char* exe_name)
{
    if (thread_name.empty()) thread_name = ThreadName(exe_name);
    return thread_name;
}

ThreadContext::~ThreadContext()
{
    if (waiter) waiter->close();
    links->detachAll();
}

std::shared_ptr<ThreadLink> ThreadLinks::get(Connection& connection)
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return getLocked(connection);
}

std::shared_ptr<ThreadLink> ThreadLinks::getToServe(Connection& connection)
{
    std::lock_guard<std::mutex> lock(m_mutex);
    if (m_detached) return nullptr;
    return getLocked(connection);
}

std::shared_ptr<ThreadLink> ThreadLinks::getLocked(Connection& connection)
{
    auto found = m_links.find(&connection);
    if (found == m_links.end()) {
        // A thread that lives long uses many connections: forget the links
        // of those that have gone (their connection cleared them) before
        // adding one, so the map holds about the connections still open.
        std::erase_if(m_links, [](const auto& entry) {
            std::lock_guard<std::mutex> link_lock(entry.second->mutex);
            return entry.second->connection == nullptr;
        });
    }
    auto& link = m_links[&connection];
    // A link left behind by a destroyed connection at the same address is
    // detached (connection == nullptr): replace it.
    bool attached = false;
    if (link) {
        std::lock_guard<std::mutex> link_lock(link->mutex);
        attached = link->connection == &connection;
    }
    if (!attached) {
        link = std::make_shared<ThreadLink>(&connection);
        connection.addThreadLink(link);
    }
    return link;
}

void ThreadLinks::detachAll()
{
    std::map<Connection*, std::shared_ptr<ThreadLink>> links;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        links.swap(m_links);
        m_detached = true;
    }
    for (auto& [connection_ptr, link] : links) {
        std::lock_guard<std::mutex> link_lock(link->mutex);
        Connection* connection = link->connection;
        if (!connection) continue;
        // The connection is alive while its pointer is set (its destructor
        // clears it under this mutex), so its loop is running. Capabilities
        // are released there.
        connection->m_loop.queue([link = link] { // clang < 16 cannot capture a structured binding
            Connection* connection;
            {
                std::lock_guard<std::mutex> lock(link->mutex);
                connection = link->connection;
                link->connection = nullptr;
            }
            if (!connection) return;
            connection->removeThreadLink(link);
            link->releaseCapabilities();
        });
    }
}

} // namespace mp
