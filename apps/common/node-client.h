// The client side of a connection to mpnode, shared by mpwallet, mpcli and
// mpgui: an event loop on its own thread, the connection (a Unix socket, or
// TCP with TLS), and the node's Init object.

#ifndef MPSAMPLE_NODE_CLIENT_H
#define MPSAMPLE_NODE_CLIENT_H

#include <interfaces/init.h>

#include <mp/util.h>

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>

namespace mp {
class EventLoop;
struct NetworkOptions;
} // namespace mp

namespace mpsample {

//! Owns a connection to a node. Construct it to connect to address
//! ("unix:PATH", "tcp:HOST:PORT"; throws std::runtime_error with a reason a
//! user can act on, e.g. why TLS refused the connection); destroy every
//! object obtained through init() before destroying it, since the event
//! loop runs until the last of them is gone.
class NodeClient
{
public:
    using LogFn = std::function<void(bool raise, std::string message)>;

    NodeClient(const char* exe_name, const std::string& address, const mp::NetworkOptions& options, LogFn log_fn);
    ~NodeClient();
    NodeClient(const NodeClient&) = delete;
    NodeClient& operator=(const NodeClient&) = delete;

    //! The node's init object: makeNode(), makeChain(), makeEcho().
    interfaces::Init& init() { return *m_init; }

    //! True once the connection is lost (node exited or was killed).
    bool disconnected() const { return m_disconnected.load(); }

    //! Calls fn once, on the event loop thread, when the connection is lost.
    //! fn must not block or make IPC calls: set a flag, post to a queue.
    //! Set it right after construction.
    void onDisconnect(std::function<void()> fn);

private:
    std::thread m_loop_thread;
    mp::EventLoop* m_loop{nullptr};
    std::unique_ptr<interfaces::Init> m_init;
    std::atomic<bool> m_disconnected{false};
    std::atomic<bool> m_closing{false};
    std::function<void()> m_on_disconnect;
};

} // namespace mpsample

#endif // MPSAMPLE_NODE_CLIENT_H
