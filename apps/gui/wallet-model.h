// The GUI's view of one wallet registered at the node: balances,
// addresses, history, and the actions a user takes on it.

#ifndef MPGUI_WALLET_MODEL_H
#define MPGUI_WALLET_MODEL_H

#include <interfaces/records.h>

#include <QObject>
#include <QString>

#include <string>
#include <vector>

namespace mpgui {

class NodeModel;

//! Created and owned by NodeModel (its QObject parent) when the node lists
//! the wallet, and deleted when it stops listing it or the node goes away.
//! GUI thread only. Its IPC calls go through NodeModel::call(), to the
//! wallet's process by way of the node; balances arrive live from the
//! wallet's balance callback, which NodeModel routes here.
class WalletModel : public QObject
{
    Q_OBJECT

public:
    WalletModel(std::string name, NodeModel& node);

    const std::string& name() const { return m_name; }
    //! False until the first balances, addresses and history arrived.
    bool loaded() const { return m_loaded; }
    const interfaces::Balances& balances() const { return m_balances; }
    const std::vector<interfaces::AddressInfo>& addresses() const { return m_addresses; }
    //! The newest HISTORY_ROWS entries, newest first; mempool entries
    //! (height -1) before confirmed ones.
    const std::vector<interfaces::WalletTransaction>& history() const { return m_history; }
    //! How much history the panel shows (and so asks the wallet for): a
    //! wallet with years of history must not make every refresh send it all.
    static constexpr int32_t HISTORY_ROWS = 200;

    //! Asks the wallet for a new address; addressCreated() brings it.
    void newAddress(const QString& label);
    //! Validates the Send form's fields (see ParseSendRequest) and, if they
    //! are fine, sends. The outcome arrives as sendFinished(): the txid, or
    //! why the input, the wallet or the node refused it.
    void send(const QString& address, const QString& amount, const QString& fee);
    void refreshHistory();

    // Called by NodeModel.
    void setContents(const interfaces::Balances& balances, std::vector<interfaces::AddressInfo> addresses,
                     std::vector<interfaces::WalletTransaction> history);
    void setBalances(const interfaces::Balances& balances);

signals:
    void loadedChanged();
    void balancesChanged();
    void addressesChanged();
    void historyChanged();
    void addressCreated(const QString& address);
    void sendFinished(bool ok, const QString& message);

private:
    const std::string m_name;
    NodeModel& m_node;
    bool m_loaded{false};
    interfaces::Balances m_balances;
    std::vector<interfaces::AddressInfo> m_addresses;
    std::vector<interfaces::WalletTransaction> m_history;
};

} // namespace mpgui

#endif // MPGUI_WALLET_MODEL_H
