#include "node-model.h"

#include "display-format.h"
#include "gui-thread-poster.h"
#include "ipc-worker.h"
#include "node-notification-relay.h"
#include "node-session.h"
#include "wallet-model.h"

#include <common/logging.h>
#include <ledger/amount.h>
#include <ledger/rules.h>

#include <algorithm>

#include <QPointer>
#include <QStringList>

#include <algorithm>
#include <chrono>
#include <set>

namespace mpgui {
namespace {

//! How long to wait between attempts to reach the node.
constexpr std::chrono::milliseconds RETRY_INTERVAL{1000};

QString BalancesText(const interfaces::Balances& balances)
{
    return QString::fromStdString(ledger::FormatAmount(balances.confirmed) + " (unconfirmed " +
                                  ledger::FormatAmount(balances.unconfirmed) + ")");
}

} // namespace

NodeModel::NodeModel(std::string address, mp::NetworkOptions network, QObject* parent)
    : QObject(parent),
      m_address(std::move(address)),
      m_network(std::move(network)),
      m_poster(std::make_shared<GuiThreadPoster>(this)),
      m_worker(std::make_unique<IpcWorker>())
{
    m_status.height = -1;
    m_connection_message = "connecting to " + QString::fromStdString(m_address);
    m_worker->post([this] { connectOnWorker(); });
}

NodeModel::~NodeModel()
{
    m_poster->detach();
    // Release the proxies and the connection where they were made; the
    // flag stops a pending retry or disconnect job from starting another.
    m_worker->runAndWait([this] {
        m_stopping = true;
        m_session.reset();
    });
    m_worker.reset();
}

std::vector<WalletModel*> NodeModel::wallets() const
{
    std::vector<WalletModel*> out;
    for (const auto& [name, wallet] : m_wallets) out.push_back(wallet);
    return out;
}

WalletModel* NodeModel::wallet(const std::string& name) const
{
    auto it = m_wallets.find(name);
    return it == m_wallets.end() ? nullptr : it->second;
}

void NodeModel::mine(int count, const QString& address)
{
    const std::string to = address.trimmed().toStdString();
    if (count < 1 || count > interfaces::MAX_BLOCKS_PER_CALL) {
        emit mineFinished(false, QString("mine between 1 and %1 blocks at a time").arg(interfaces::MAX_BLOCKS_PER_CALL));
        return;
    }
    if (!ledger::IsValidAddress(to)) {
        emit mineFinished(false, "address: expected \"mp\" followed by 40 hex digits");
        return;
    }
    m_mining_from = m_status.height;
    m_mining_count = count;
    emit mineProgress(0, count);
    call(
        "generate",
        [this, count, to](NodeSession& session) -> std::function<void()> {
            auto hashes = session.timed("generate", [&] { return session.node().generate(count, to); });
            // Progress continues until the blocks' notifications, which may
            // arrive after this reply, have all come in.
            return [this, n = hashes.size()] { emit mineFinished(true, QString("mined %1 block(s)").arg(n)); };
        },
        [this](const QString& error) {
            m_mining_count = 0;
            emit mineFinished(false, error);
        });
}

void NodeModel::selectBlock(int height)
{
    call("getBlock", [this, height](NodeSession& session) -> std::function<void()> {
        auto block = session.timed("getBlock", [&] { return session.node().getBlock(height); });
        return [this, block] {
            m_selected_block = block;
            emit selectedBlockChanged();
        };
    });
}

void NodeModel::call(const char* what, Job job, std::function<void(const QString&)> on_error)
{
    m_worker->post([this, what, job = std::move(job), on_error = std::move(on_error)] {
        if (m_stopping) return;
        std::function<void()> done;
        QString error;
        if (!m_session) {
            error = "not connected to the node";
        } else {
            try {
                done = job(*m_session);
            } catch (const interfaces::TransactionRejected& e) {
                error = QString("rejected: ") + e.what();
            } catch (const std::exception& e) {
                error = e.what();
            }
        }
        std::vector<CallSample> samples = m_session ? m_session->takeSamples() : std::vector<CallSample>{};
        m_poster->post([this, what, samples, done, error, on_error] {
            recordSamples(samples);
            if (error.isEmpty()) {
                if (done) done();
                return;
            }
            noteActivity(QString("%1 failed: %2").arg(what, error));
            if (on_error) on_error(error);
        });
    });
}

// ---- Worker thread -------------------------------------------------------

void NodeModel::connectOnWorker()
{
    if (m_stopping || m_session) return;
    try {
        auto session = std::make_unique<NodeSession>(m_address, m_network);
        // A number per attempt: notifications of an attempt that fails
        // half-way must not be taken for those of a later one.
        const int id = ++m_worker_session_id;
        // Runs on the connection's event loop thread, which must not block:
        // hand the teardown to the worker.
        session->client().onDisconnect([this, id] { m_worker->post([this, id] { disconnectedOnWorker(id); }); });
        if (session->client().disconnected()) throw std::runtime_error("the node closed the connection");
        // Subscribe before reading the status so no change falls between
        // the two (the model replays notifications that overtake it).
        session->subscribe(std::make_shared<NodeNotificationRelay>(m_poster, this, id));
        auto status = session->timed("getStatus", [&] { return session->node().getStatus(); });
        auto blocks = session->timed("getRecentBlocks", [&] { return session->node().getRecentBlocks(RECENT_BLOCKS); });
        auto samples = session->takeSamples();
        m_session = std::move(session);
        m_poster->post([this, id, status, blocks, samples] {
            recordSamples(samples);
            onConnected(id, status, blocks);
        });
    } catch (const std::exception& e) {
        m_poster->post([this, reason = QString::fromStdString(e.what())] { onConnectFailed(reason); });
        m_worker->postAfter(RETRY_INTERVAL, [this] { connectOnWorker(); });
    }
}

void NodeModel::disconnectedOnWorker(int session_id)
{
    if (m_stopping || !m_session || session_id != m_worker_session_id) return;
    m_session.reset();
    m_poster->post([this] { onDisconnected("the node went away"); });
    m_worker->postAfter(RETRY_INTERVAL, [this] { connectOnWorker(); });
}

std::function<void(interfaces::Balances)> NodeModel::balanceCallback(int session_id, const std::string& name)
{
    // Called in this process on an IPC thread, from the wallet's process
    // by way of the node.
    return [poster = m_poster, model = this, session_id, name](interfaces::Balances balances) {
        poster->post([model, session_id, name, balances] { model->onBalanceChanged(session_id, name, balances); });
    };
}

// ---- GUI thread -----------------------------------------------------------

void NodeModel::onConnected(int session_id, const interfaces::NodeStatus& status,
                            const std::vector<interfaces::BlockSummary>& blocks)
{
    m_session_id = session_id;
    m_status = status;
    m_recent_blocks = blocks;
    setConnection(ConnectionState::Connected, "connected to " + QString::fromStdString(m_address));
    emit statusChanged();
    emit recentBlocksChanged();
    syncWallets(status.wallets);
    // Notifications of this session that overtook its status.
    auto early = std::exchange(m_early_notifications, {});
    for (auto& [id, apply] : early) deliver(id, std::move(apply));
}

void NodeModel::onConnectFailed(const QString& reason)
{
    const auto state = m_state == ConnectionState::Connecting ? ConnectionState::Connecting : ConnectionState::Disconnected;
    setConnection(state, (state == ConnectionState::Connecting ? "cannot connect: " : "disconnected: ") + reason +
                             "; retrying every second");
}

void NodeModel::onDisconnected(const QString& reason)
{
    setConnection(ConnectionState::Disconnected, "disconnected: " + reason + "; reconnecting");
    // Wallets were reached through the node: none is reachable now.
    syncWallets({});
    m_status.wallets.clear();
    emit statusChanged();
}

void NodeModel::deliver(int session_id, std::function<void()> apply)
{
    if (session_id < m_session_id) return; // from a connection that is over
    if (session_id > m_session_id) {
        m_early_notifications.emplace_back(session_id, std::move(apply));
        return;
    }
    ++m_notification_count;
    apply();
}

void NodeModel::onBlockConnected(const interfaces::BlockSummary& block)
{
    noteActivity(QString("blockConnected: height %1, %2, %3 transaction(s)")
                     .arg(block.height)
                     .arg(ShortHash(block.hash))
                     .arg(block.transaction_count));
    if (m_mining_count > 0) {
        const int done = std::min(block.height - m_mining_from, m_mining_count);
        const int total = m_mining_count;
        if (done == total) m_mining_count = 0;
        emit mineProgress(done, total);
    }
    // A status read after this block was mined may already include it.
    if (block.height > m_status.height) {
        m_status.height = block.height;
        m_status.tip_hash = block.hash;
        emit statusChanged();
    }
    if (m_recent_blocks.empty() || block.height > m_recent_blocks.front().height) {
        m_recent_blocks.insert(m_recent_blocks.begin(), block);
        if (m_recent_blocks.size() > RECENT_BLOCKS) m_recent_blocks.resize(RECENT_BLOCKS);
        emit recentBlocksChanged();
    }
}

void NodeModel::onMempoolChanged(int32_t size)
{
    noteActivity(QString("mempoolChanged: %1 transaction(s)").arg(size));
    m_status.mempool_size = size;
    emit statusChanged();
}

void NodeModel::onWalletsChanged(const std::vector<std::string>& wallets)
{
    QStringList names;
    for (const auto& name : wallets) names << QString::fromStdString(name);
    noteActivity("walletsChanged: " + (names.isEmpty() ? QString("none") : names.join(", ")));
    m_status.wallets = wallets;
    emit statusChanged();
    syncWallets(wallets);
}

void NodeModel::onBalanceChanged(int session_id, const std::string& name, const interfaces::Balances& balances)
{
    if (session_id != m_session_id) return;
    ++m_notification_count;
    noteActivity(QString("balanceChanged: wallet '%1' %2").arg(QString::fromStdString(name), BalancesText(balances)));
    if (WalletModel* wallet = this->wallet(name)) {
        wallet->setBalances(balances);
        // The history changed with the balance.
        wallet->refreshHistory();
    }
}

void NodeModel::syncWallets(const std::vector<std::string>& names)
{
    const std::set<std::string> listed(names.begin(), names.end());
    std::vector<std::string> gone;
    for (const auto& [name, wallet] : m_wallets) {
        if (!listed.count(name)) gone.push_back(name);
    }
    for (const auto& name : gone) removeWallet(name);
    for (const auto& name : listed) {
        if (m_wallets.count(name)) continue;
        auto* wallet = new WalletModel(name, *this);
        m_wallets[name] = wallet;
        emit walletAdded(wallet);
        openWallet(wallet);
    }
}

void NodeModel::openWallet(WalletModel* wallet)
{
    QPointer<WalletModel> target(wallet);
    call("open wallet", [this, target, name = wallet->name(), id = m_session_id](NodeSession& session) -> std::function<void()> {
        session.openWallet(name, balanceCallback(id, name));
        interfaces::Wallet& w = session.wallet(name);
        auto balances = session.timed("getBalances", [&] { return w.getBalances(); });
        auto addresses = session.timed("listAddresses", [&] { return w.listAddresses(); });
        auto history = session.timed("getHistory", [&] { return w.getHistory(WalletModel::HISTORY_ROWS); });
        return [target, balances, addresses, history] {
            if (target) target->setContents(balances, addresses, history);
        };
    });
}

void NodeModel::removeWallet(const std::string& name)
{
    auto it = m_wallets.find(name);
    if (it == m_wallets.end()) return;
    WalletModel* wallet = it->second;
    m_wallets.erase(it);
    emit walletRemoved(QString::fromStdString(name));
    wallet->deleteLater();
    m_worker->post([this, name] {
        if (m_session) m_session->closeWallet(name);
    });
}

void NodeModel::setConnection(ConnectionState state, const QString& message)
{
    if (state == m_state && message == m_connection_message) return;
    const bool changed_state = state != m_state;
    m_state = state;
    m_connection_message = message;
    if (changed_state) {
        noteActivity(message);
        // Also for whoever started mpgui from a terminal (and for scripts).
        mpsample::Log(state == ConnectionState::Connected ? mpsample::Level::Info : mpsample::Level::Warning,
                      message.toStdString());
    }
    emit connectionChanged();
}

void NodeModel::recordSamples(const std::vector<CallSample>& samples)
{
    if (samples.empty()) return;
    for (const auto& sample : samples) m_latency.add(sample.method, sample.ms);
    emit latencyChanged();
}

void NodeModel::noteActivity(const QString& text)
{
    emit activity(text);
}

} // namespace mpgui
