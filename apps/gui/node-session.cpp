#include "node-session.h"

#include <common/logging.h>

#include <QCoreApplication>
#include <QThread>

#include <stdexcept>

namespace mpgui {

void NodeSession::RequireOffGuiThread(const char* method)
{
    const QCoreApplication* app = QCoreApplication::instance();
    if (app && QThread::currentThread() == app->thread()) {
        throw std::logic_error(std::string("IPC call ") + method + " made on the GUI thread");
    }
}

NodeSession::NodeSession(const std::string& address, const mp::NetworkOptions& network)
{
    RequireOffGuiThread("connect");
    m_client = std::make_unique<mpsample::NodeClient>("mpgui", address, network, mpsample::LibraryLog);
    m_node = timed("makeNode", [&] { return m_client->init().makeNode(); });
}

NodeSession::~NodeSession()
{
    // Wallets first: their subscriptions are objects served by the node.
    // Proxy destructors swallow errors of a node that is already gone.
    m_wallets.clear();
    m_notifications.reset();
    m_node.reset();
    m_client.reset();
}

void NodeSession::subscribe(std::shared_ptr<interfaces::NodeNotifications> notifications)
{
    m_notifications = timed("handleNotifications", [&] { return m_node->handleNotifications(std::move(notifications)); });
}

void NodeSession::openWallet(const std::string& name, std::function<void(interfaces::Balances)> on_balance)
{
    if (m_wallets.count(name)) return;
    std::unique_ptr<interfaces::Wallet> wallet = timed("getWallet", [&] { return m_node->getWallet(name); });
    if (!wallet) throw std::runtime_error("the node has no wallet called '" + name + "'");
    std::unique_ptr<interfaces::Handler> subscription =
        timed("handleBalanceChanged", [&] { return wallet->handleBalanceChanged(std::move(on_balance)); });
    m_wallets[name] = OpenWallet{std::move(wallet), std::move(subscription)};
}

void NodeSession::closeWallet(const std::string& name)
{
    auto it = m_wallets.find(name);
    if (it == m_wallets.end()) return;
    // Subscription before the wallet it subscribes to.
    it->second.balance_subscription.reset();
    it->second.wallet.reset();
    m_wallets.erase(it);
}

interfaces::Wallet& NodeSession::wallet(const std::string& name)
{
    auto it = m_wallets.find(name);
    if (it == m_wallets.end()) throw std::runtime_error("wallet '" + name + "' is not open");
    return *it->second.wallet;
}

} // namespace mpgui
