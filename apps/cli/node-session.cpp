#include "node-session.h"

#include <common/logging.h>

#include <stdexcept>

namespace mpcli {

NodeSession::NodeSession(const std::string& address, const mp::NetworkOptions& network)
    : m_address(address),
      m_client("mpcli", address, network, mpsample::LibraryLog),
      m_node(m_client.init().makeNode())
{
}

std::unique_ptr<interfaces::Wallet> NodeSession::wallet(const std::string& name)
{
    std::unique_ptr<interfaces::Wallet> wallet = m_node->getWallet(name);
    if (wallet) return wallet;
    std::string known;
    for (const auto& other : m_node->listWallets()) known += (known.empty() ? "" : ", ") + other;
    throw std::runtime_error("no wallet named '" + name + "' is registered with the node (registered: " +
                             (known.empty() ? "none" : known) + ")");
}

} // namespace mpcli
