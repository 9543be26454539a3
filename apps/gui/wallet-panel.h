// One wallet's page: balances, addresses, history and the Send form.

#ifndef MPGUI_WALLET_PANEL_H
#define MPGUI_WALLET_PANEL_H

#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;

namespace mpgui {

class WalletModel;

//! Shows a WalletModel and forwards the user's actions to it. The Send
//! button is enabled only while the form parses (ParseSendRequest); the
//! line under it says what is wrong with the form, or how the send went
//! (the txid, or the wallet's or node's reason for refusing it).
//!
//! Destroyed by its owner when the model's wallet is removed. Widgets read
//! by tests: confirmedBalance, unconfirmedBalance, sendResult.
class WalletPanel : public QWidget
{
    Q_OBJECT

public:
    explicit WalletPanel(WalletModel& wallet, QWidget* parent = nullptr);

private:
    void showBalances();
    void showAddresses();
    void showHistory();
    void copySelectedAddress();
    void checkSendForm();
    void send();
    void showSendResult(bool ok, const QString& message);

    WalletModel& m_wallet;
    QLabel* m_confirmed;
    QLabel* m_unconfirmed;
    QTableWidget* m_addresses;
    QPushButton* m_copy_button;
    QTableWidget* m_history;
    QLineEdit* m_send_address;
    QLineEdit* m_send_amount;
    QLineEdit* m_send_fee;
    QPushButton* m_send_button;
    QLabel* m_send_result;
    bool m_sending{false};
};

} // namespace mpgui

#endif // MPGUI_WALLET_PANEL_H
