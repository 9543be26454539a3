// One connection of mpgui to a node, from connect to disconnect: the
// NodeClient, the Node proxy, the notification subscription and the
// wallets opened through the node.

#ifndef MPGUI_NODE_SESSION_H
#define MPGUI_NODE_SESSION_H

#include <common/node-client.h>
#include <interfaces/handler.h>
#include <interfaces/node.h>
#include <interfaces/wallet.h>

#include <mp/network.h>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace mpgui {

//! How long one IPC call took.
struct CallSample
{
    std::string method;
    double ms;
};

//! Owned and used by the IPC worker thread only: every method makes
//! blocking IPC calls, and so does the destructor (releasing proxies).
//! Members are declared so that every proxy is destroyed before the
//! NodeClient, whose event loop they need.
//!
//! Calls throw std::runtime_error when the node is gone; the NodeClient's
//! onDisconnect hook reports that separately.
class NodeSession
{
public:
    //! Connects and makes the Node proxy. Throws std::runtime_error with a
    //! reason ("nothing is listening on ...", why TLS refused).
    NodeSession(const std::string& address, const mp::NetworkOptions& network);
    ~NodeSession();
    NodeSession(const NodeSession&) = delete;
    NodeSession& operator=(const NodeSession&) = delete;

    mpsample::NodeClient& client() { return *m_client; }
    interfaces::Node& node() { return *m_node; }

    //! Subscribes to the node's notifications until the session ends.
    void subscribe(std::shared_ptr<interfaces::NodeNotifications> notifications);

    //! Gets the wallet called name from the node and subscribes on_balance
    //! to its balance changes. Throws if the node has no such wallet.
    void openWallet(const std::string& name, std::function<void(interfaces::Balances)> on_balance);
    //! Drops the wallet's proxies (ending the subscription), if open.
    void closeWallet(const std::string& name);
    //! The open wallet called name; throws std::runtime_error if not open.
    interfaces::Wallet& wallet(const std::string& name);

    //! Runs fn (one IPC call) and records how long it took. Throws
    //! std::logic_error if called on the GUI thread, which must never wait
    //! for the node.
    template <typename Fn>
    auto timed(const char* method, Fn&& fn) -> decltype(fn())
    {
        RequireOffGuiThread(method);
        const auto start = std::chrono::steady_clock::now();
        struct Record
        {
            NodeSession& session;
            const char* method;
            std::chrono::steady_clock::time_point start;
            ~Record()
            {
                const std::chrono::duration<double, std::milli> elapsed = std::chrono::steady_clock::now() - start;
                session.m_samples.push_back({method, elapsed.count()});
            }
        } record{*this, method, start};
        return fn();
    }
    //! The samples recorded since the last call.
    std::vector<CallSample> takeSamples() { return std::exchange(m_samples, {}); }

private:
    static void RequireOffGuiThread(const char* method);

    struct OpenWallet
    {
        std::unique_ptr<interfaces::Wallet> wallet;
        std::unique_ptr<interfaces::Handler> balance_subscription;
    };

    std::vector<CallSample> m_samples;
    std::unique_ptr<mpsample::NodeClient> m_client;
    std::unique_ptr<interfaces::Node> m_node;
    std::unique_ptr<interfaces::Handler> m_notifications;
    std::map<std::string, OpenWallet> m_wallets;
};

} // namespace mpgui

#endif // MPGUI_NODE_SESSION_H
