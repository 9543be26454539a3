#include "main-window.h"

#include "activity-view.h"
#include "blocks-panel.h"
#include "node-model.h"
#include "node-status-view.h"
#include "wallet-model.h"
#include "wallet-panel.h"

#include <QGroupBox>
#include <QLabel>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabWidget>
#include <QVBoxLayout>

namespace mpgui {

MainWindow::MainWindow(NodeModel& model, QWidget* parent) : QMainWindow(parent), m_model(model)
{
    setWindowTitle("mpgui — " + QString::fromStdString(model.address()));

    auto* wallets_box = new QGroupBox("Wallets");
    auto* wallets_layout = new QVBoxLayout(wallets_box);
    m_wallet_area = new QStackedWidget;
    m_no_wallets = new QLabel("No wallet is registered at the node. Start one with\n  mpwallet --name=NAME");
    m_no_wallets->setAlignment(Qt::AlignCenter);
    m_wallet_tabs = new QTabWidget;
    m_wallet_tabs->setObjectName("walletTabs");
    m_wallet_area->addWidget(m_no_wallets);
    m_wallet_area->addWidget(m_wallet_tabs);
    wallets_layout->addWidget(m_wallet_area);

    auto* columns = new QSplitter(Qt::Horizontal);
    columns->addWidget(new BlocksPanel(model));
    columns->addWidget(wallets_box);
    columns->setStretchFactor(0, 1);
    columns->setStretchFactor(1, 1);

    auto* rows = new QSplitter(Qt::Vertical);
    rows->addWidget(columns);
    rows->addWidget(new ActivityView(model));
    rows->setStretchFactor(0, 3);
    rows->setStretchFactor(1, 1);
    // Enough activity lines to follow a burst of notifications.
    rows->setSizes({600, 220});

    auto* central = new QWidget;
    auto* layout = new QVBoxLayout(central);
    layout->addWidget(new NodeStatusView(model));
    layout->addWidget(rows, 1);
    setCentralWidget(central);
    resize(1280, 860);

    connect(&m_model, &NodeModel::walletAdded, this, &MainWindow::addWallet);
    connect(&m_model, &NodeModel::walletRemoved, this, &MainWindow::removeWallet);
    for (WalletModel* wallet : m_model.wallets()) addWallet(wallet);
}

WalletPanel* MainWindow::walletPanel(const QString& name) const
{
    auto it = m_wallet_panels.find(name);
    return it == m_wallet_panels.end() ? nullptr : it->second;
}

void MainWindow::addWallet(WalletModel* wallet)
{
    const QString name = QString::fromStdString(wallet->name());
    auto* panel = new WalletPanel(*wallet);
    m_wallet_panels[name] = panel;
    // Tabs in name order, like the model's list.
    int index = 0;
    while (index < m_wallet_tabs->count() && m_wallet_tabs->tabText(index) < name) ++index;
    m_wallet_tabs->insertTab(index, panel, name);
    m_wallet_area->setCurrentWidget(m_wallet_tabs);
}

void MainWindow::removeWallet(const QString& name)
{
    auto it = m_wallet_panels.find(name);
    if (it == m_wallet_panels.end()) return;
    // Deleted now: its WalletModel is about to go (deleteLater).
    delete it->second;
    m_wallet_panels.erase(it);
    if (m_wallet_panels.empty()) m_wallet_area->setCurrentWidget(m_no_wallets);
}

} // namespace mpgui
