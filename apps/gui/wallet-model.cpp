#include "wallet-model.h"

#include "node-model.h"
#include "node-session.h"
#include "send-request.h"

#include <QPointer>

#include <stdexcept>

namespace mpgui {

WalletModel::WalletModel(std::string name, NodeModel& node) : QObject(&node), m_name(std::move(name)), m_node(node) {}

void WalletModel::newAddress(const QString& label)
{
    // Results are applied only if this model still exists: the wallet may
    // be removed while the call is under way.
    QPointer<WalletModel> self(this);
    m_node.call(
        "newAddress",
        [self, name = m_name, label = label.toStdString()](NodeSession& session) -> std::function<void()> {
            interfaces::Wallet& wallet = session.wallet(name);
            std::string address = session.timed("newAddress", [&] { return wallet.newAddress(label); });
            auto addresses = session.timed("listAddresses", [&] { return wallet.listAddresses(); });
            return [self, address, addresses] {
                if (!self) return;
                self->m_addresses = addresses;
                emit self->addressesChanged();
                emit self->addressCreated(QString::fromStdString(address));
            };
        });
}

void WalletModel::send(const QString& address, const QString& amount, const QString& fee)
{
    SendRequest request;
    try {
        request = ParseSendRequest(address.toStdString(), amount.toStdString(), fee.toStdString());
    } catch (const std::invalid_argument& e) {
        emit sendFinished(false, QString::fromStdString(e.what()));
        return;
    }
    QPointer<WalletModel> self(this);
    m_node.call(
        "send",
        [self, name = m_name, request](NodeSession& session) -> std::function<void()> {
            interfaces::Wallet& wallet = session.wallet(name);
            std::string txid =
                session.timed("send", [&] { return wallet.send(request.address, request.amount, request.fee); });
            return [self, txid] {
                if (self) emit self->sendFinished(true, QString::fromStdString(txid));
            };
        },
        [self](const QString& error) {
            if (self) emit self->sendFinished(false, error);
        });
}

void WalletModel::refreshHistory()
{
    QPointer<WalletModel> self(this);
    m_node.call("getHistory", [self, name = m_name](NodeSession& session) -> std::function<void()> {
        interfaces::Wallet& wallet = session.wallet(name);
        auto history = session.timed("getHistory", [&] { return wallet.getHistory(HISTORY_ROWS); });
        return [self, history] {
            if (!self) return;
            self->m_history = history;
            emit self->historyChanged();
        };
    });
}

void WalletModel::setContents(const interfaces::Balances& balances, std::vector<interfaces::AddressInfo> addresses,
                              std::vector<interfaces::WalletTransaction> history)
{
    m_addresses = std::move(addresses);
    m_history = std::move(history);
    m_loaded = true;
    setBalances(balances);
    emit addressesChanged();
    emit historyChanged();
    emit loadedChanged();
}

void WalletModel::setBalances(const interfaces::Balances& balances)
{
    m_balances = balances;
    emit balancesChanged();
}

} // namespace mpgui
