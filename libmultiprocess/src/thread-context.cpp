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
        connection.m_thread_links.push_back(link);
    }
    return link;
}

void ThreadLinks::detachAll()
{
    std::map<Connection*, std::shared_ptr<ThreadLink>> links;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        links.swap(m_links);
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
            auto& all = connection->m_thread_links;
            all.erase(std::remove(all.begin(), all.end(), link), all.end());
            link->remote_thread.reset();
            link->callback_thread.reset();
        });
    }
}

} // namespace mp
