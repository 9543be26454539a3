// mpcli's connection to a node: the NodeClient (event loop and socket) and
// the Node proxy every command starts from.

#ifndef MPCLI_NODE_SESSION_H
#define MPCLI_NODE_SESSION_H

#include <common/node-client.h>
#include <interfaces/node.h>
#include <interfaces/wallet.h>

#include <mp/network.h>

#include <functional>
#include <memory>
#include <string>

namespace mpcli {

//! Connects on construction (throws std::runtime_error saying why it
//! could not, naming the address). Proxies obtained through it (a
//! Wallet, an Echo, a Handler) must be destroyed before it is; the Node
//! proxy it owns is destroyed before the connection by member order.
//! Used from the main thread only, except onDisconnect's callback.
class NodeSession
{
public:
    NodeSession(const std::string& address, const mp::NetworkOptions& network);

    const std::string& address() const { return m_address; }
    interfaces::Init& init() { return m_client.init(); }
    interfaces::Node& node() { return *m_node; }

    //! The wallet the node has registered under name, reached through the
    //! node. Throws std::runtime_error ("no wallet named ...") if there is
    //! none, listing the wallets there are.
    std::unique_ptr<interfaces::Wallet> wallet(const std::string& name);

    bool disconnected() const { return m_client.disconnected(); }
    //! See NodeClient::onDisconnect: fn runs on the event loop thread and
    //! must not block.
    void onDisconnect(std::function<void()> fn) { m_client.onDisconnect(std::move(fn)); }

private:
    std::string m_address;
    mpsample::NodeClient m_client; //!< declared before m_node: outlives it
    std::unique_ptr<interfaces::Node> m_node;
};

} // namespace mpcli

#endif // MPCLI_NODE_SESSION_H
