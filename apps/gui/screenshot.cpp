#include "screenshot.h"

#include "main-window.h"
#include "node-model.h"
#include "wallet-model.h"

#include <common/logging.h>

#include <QApplication>
#include <QPixmap>
#include <QTreeWidget>

namespace mpgui {

Screenshot::Screenshot(NodeModel& model, MainWindow& window, QString file, int timeout_ms)
    : m_model(model), m_window(window), m_file(std::move(file))
{
    for (auto signal : {&NodeModel::connectionChanged, &NodeModel::statusChanged, &NodeModel::recentBlocksChanged}) {
        connect(&m_model, signal, this, &Screenshot::check);
    }
    connect(&m_model, &NodeModel::walletAdded, this,
            [this](WalletModel* wallet) { connect(wallet, &WalletModel::loadedChanged, this, &Screenshot::check); });
    connect(&m_model, &NodeModel::selectedBlockChanged, this, [this] {
        // One more turn of the event loop for the views to lay out and
        // paint what the last signals changed.
        QTimer::singleShot(300, this, [this] { save(0); });
    });
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        mpsample::Log(mpsample::Level::Warning, "screenshot: the node did not settle in time; saving what is shown");
        save(1);
    });
    m_timeout.start(timeout_ms);
}

bool Screenshot::ready() const
{
    if (m_model.connectionState() != NodeModel::ConnectionState::Connected) return false;
    if (m_model.recentBlocks().empty()) return false;
    if (m_model.wallets().size() != m_model.status().wallets.size()) return false;
    for (WalletModel* wallet : m_model.wallets()) {
        if (!wallet->loaded()) return false;
    }
    return true;
}

void Screenshot::check()
{
    if (m_block_requested || !ready()) return;
    m_block_requested = true;
    // As a user would: click the newest block.
    auto* blocks = m_window.findChild<QTreeWidget*>("recentBlocks");
    if (blocks && blocks->topLevelItemCount() > 0) {
        blocks->setCurrentItem(blocks->topLevelItem(0));
    } else {
        save(1);
    }
}

void Screenshot::save(int exit_code)
{
    if (m_done) return;
    m_done = true;
    if (!m_window.grab().save(m_file)) {
        mpsample::Log(mpsample::Level::Error, "screenshot: could not write " + m_file.toStdString());
        exit_code = 1;
    } else {
        mpsample::Log(mpsample::Level::Info, "screenshot saved to " + m_file.toStdString());
    }
    QApplication::exit(exit_code);
}

} // namespace mpgui
