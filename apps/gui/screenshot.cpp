#include "screenshot.h"

#include "main-window.h"
#include "node-model.h"
#include "wallet-model.h"

#include <common/logging.h>

#include <QApplication>
#include <QPixmap>
#include <QTreeWidget>

namespace mpgui {

namespace {

//! How long nothing must change before the picture is taken.
constexpr int QUIET_MS = 500;

} // namespace

Screenshot::Screenshot(NodeModel& model, MainWindow& window, QString file, int min_height, int timeout_ms)
    : m_model(model), m_window(window), m_file(std::move(file)), m_min_height(min_height)
{
    for (auto signal : {&NodeModel::connectionChanged, &NodeModel::statusChanged, &NodeModel::recentBlocksChanged}) {
        connect(&m_model, signal, this, &Screenshot::check);
    }
    connect(&m_model, &NodeModel::activity, this, &Screenshot::check);
    connect(&m_model, &NodeModel::walletAdded, this, [this](WalletModel* wallet) {
        for (auto signal : {&WalletModel::loadedChanged, &WalletModel::balancesChanged, &WalletModel::historyChanged}) {
            connect(wallet, signal, this, &Screenshot::check);
        }
    });
    m_quiet.setSingleShot(true);
    connect(&m_quiet, &QTimer::timeout, this, &Screenshot::selectNewestBlock);
    connect(&m_model, &NodeModel::selectedBlockChanged, this, [this] {
        // The view may select a block by itself (the first row, when it
        // gets focus); only the block asked for below counts.
        if (!m_block_requested) return;
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
    if (m_model.recentBlocks().empty() || m_model.status().height < m_min_height) return false;
    if (m_model.wallets().size() != m_model.status().wallets.size()) return false;
    for (WalletModel* wallet : m_model.wallets()) {
        if (!wallet->loaded()) return false;
    }
    return true;
}

void Screenshot::check()
{
    if (m_block_requested) return;
    if (ready()) {
        m_quiet.start(QUIET_MS);
    } else {
        m_quiet.stop();
    }
}

void Screenshot::selectNewestBlock()
{
    if (m_block_requested || !ready()) return;
    m_block_requested = true;
    // As a user would: click the newest block.
    auto* blocks = m_window.findChild<QTreeWidget*>("recentBlocks");
    if (blocks && blocks->topLevelItemCount() > 0) {
        if (blocks->currentItem() == blocks->topLevelItem(0)) {
            // Already current: no click would reach the model.
            m_model.selectBlock(m_model.recentBlocks().front().height);
        } else {
            blocks->setCurrentItem(blocks->topLevelItem(0));
        }
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
