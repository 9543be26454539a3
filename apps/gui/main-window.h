// mpgui's window: node status on top, blocks and mining on the left, the
// node's wallets on the right, activity at the bottom.

#ifndef MPGUI_MAIN_WINDOW_H
#define MPGUI_MAIN_WINDOW_H

#include <QMainWindow>
#include <QString>

#include <map>

class QLabel;
class QStackedWidget;
class QTabWidget;

namespace mpgui {

class NodeModel;
class WalletModel;
class WalletPanel;

//! Lays out the views over one NodeModel, which must outlive it. Adds a
//! wallet tab (a WalletPanel, objectName "wallet-NAME") when the model
//! adds a wallet, and removes it when the model removes the wallet.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(NodeModel& model, QWidget* parent = nullptr);

    //! The panel shown for a wallet, or null.
    WalletPanel* walletPanel(const QString& name) const;

private:
    void addWallet(WalletModel* wallet);
    void removeWallet(const QString& name);

    NodeModel& m_model;
    QStackedWidget* m_wallet_area;
    QLabel* m_no_wallets;
    QTabWidget* m_wallet_tabs;
    std::map<QString, WalletPanel*> m_wallet_panels;
};

} // namespace mpgui

#endif // MPGUI_MAIN_WINDOW_H
