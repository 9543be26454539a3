// The GUI's view of one node, apart from any widget: connection state,
// chain status, recent blocks, the wallets registered at the node, and the
// activity (notifications, call latency). Widgets read it and listen to
// its signals; they never make IPC calls themselves.

#ifndef MPGUI_NODE_MODEL_H
#define MPGUI_NODE_MODEL_H

#include "latency-stats.h"

#include <interfaces/records.h>

#include <mp/network.h>

#include <QObject>
#include <QString>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace mpgui {

class GuiThreadPoster;
class IpcWorker;
class NodeSession;
class WalletModel;
struct CallSample;

//! Lives on the GUI thread; all its methods and signals are GUI-thread
//! only. It owns an IpcWorker thread that makes every IPC call and owns the
//! connection (a NodeSession); results and node callbacks come back to the
//! GUI thread as queued calls, and the model then updates its state and
//! emits signals.
//!
//! It connects as soon as it is constructed and keeps doing so: when the
//! node is not there, or goes away, it retries every second until it is
//! back. While disconnected the last known status stays readable, and no
//! wallet is listed (wallets are reached through the node).
//!
//! Destroying it releases the connection on the worker thread, waiting for
//! a call in progress to finish.
class NodeModel : public QObject
{
    Q_OBJECT

public:
    enum class ConnectionState { Connecting, Connected, Disconnected };

    //! Number of blocks kept in recentBlocks().
    static constexpr int RECENT_BLOCKS = 30;

    //! Connects to the node at address ("unix:PATH", "tcp:HOST:PORT") over
    //! network (TLS for TCP), retrying every second until it answers.
    explicit NodeModel(std::string address, mp::NetworkOptions network = {}, QObject* parent = nullptr);
    ~NodeModel() override;

    const std::string& address() const { return m_address; }
    ConnectionState connectionState() const { return m_state; }
    //! "connected to ADDRESS", "disconnected: REASON; retrying every second".
    const QString& connectionMessage() const { return m_connection_message; }

    //! Height, tip, mempool size and wallet names, kept current by node
    //! notifications. Height is -1 before the first block.
    const interfaces::NodeStatus& status() const { return m_status; }
    //! Newest first.
    const std::vector<interfaces::BlockSummary>& recentBlocks() const { return m_recent_blocks; }
    //! The block last asked for with selectBlock(), with its transactions.
    const std::optional<interfaces::Block>& selectedBlock() const { return m_selected_block; }

    //! Sorted by name.
    std::vector<WalletModel*> wallets() const;
    WalletModel* wallet(const std::string& name) const;

    const LatencyStats& latency() const { return m_latency; }
    //! How many notifications (node and wallet callbacks) arrived so far.
    long notificationCount() const { return m_notification_count; }

    //! Mines count blocks paying address. Checks both first; the outcome
    //! arrives as mineFinished().
    void mine(int count, const QString& address);
    //! Fetches a block with its transactions into selectedBlock().
    void selectBlock(int height);

    //! A unit of IPC work: runs on the worker thread with the session (and
    //! may throw), and returns what to do with its result on the GUI
    //! thread (may be empty).
    using Job = std::function<std::function<void()>(NodeSession&)>;
    //! Runs job on the worker. If it throws, or there is no connection,
    //! on_error gets the reason on the GUI thread ("rejected: ..." for a
    //! interfaces::TransactionRejected). `what` names the job in the
    //! activity view.
    void call(const char* what, Job job, std::function<void(const QString&)> on_error = {});

signals:
    void connectionChanged();
    void statusChanged();
    void recentBlocksChanged();
    void selectedBlockChanged();
    //! wallet is owned by the model and valid until walletRemoved(name).
    void walletAdded(WalletModel* wallet);
    void walletRemoved(const QString& name);
    //! A line for the activity view: a notification or a connection event.
    void activity(const QString& text);
    void latencyChanged();
    void mineFinished(bool ok, const QString& message);
    //! After mine(): `done` of `total` blocks have arrived (as
    //! blockConnected notifications, so progress comes from the node). Ends
    //! with done == total, which may come after mineFinished().
    void mineProgress(int done, int total);

private:
    friend class NodeNotificationRelay;

    // Worker thread.
    void connectOnWorker();
    void disconnectedOnWorker(int session_id);
    //! A function for Wallet::handleBalanceChanged: posts to onBalanceChanged.
    std::function<void(interfaces::Balances)> balanceCallback(int session_id, const std::string& name);

    // GUI thread.
    void onConnected(int session_id, const interfaces::NodeStatus& status,
                     const std::vector<interfaces::BlockSummary>& blocks);
    void onConnectFailed(const QString& reason);
    void onDisconnected(const QString& reason);
    //! Runs a node notification of session_id now, later (it arrived before
    //! its session's onConnected) or never (its session is over).
    void deliver(int session_id, std::function<void()> apply);
    void onBlockConnected(const interfaces::BlockSummary& block);
    void onMempoolChanged(int32_t size);
    void onWalletsChanged(const std::vector<std::string>& wallets);
    void onBalanceChanged(int session_id, const std::string& name, const interfaces::Balances& balances);
    //! Adds models for wallets newly listed, removes those no longer listed.
    void syncWallets(const std::vector<std::string>& names);
    void openWallet(WalletModel* wallet);
    void removeWallet(const std::string& name);
    void setConnection(ConnectionState state, const QString& message);
    void recordSamples(const std::vector<CallSample>& samples);
    void noteActivity(const QString& text);

    const std::string m_address;
    const mp::NetworkOptions m_network;
    std::shared_ptr<GuiThreadPoster> m_poster;

    // GUI-thread state.
    ConnectionState m_state{ConnectionState::Connecting};
    QString m_connection_message;
    int m_session_id{0};
    std::vector<std::pair<int, std::function<void()>>> m_early_notifications;
    interfaces::NodeStatus m_status;
    //! The mine() call in progress: height before it, and blocks asked for
    //! (0 when none).
    int m_mining_from{-1};
    int m_mining_count{0};
    std::vector<interfaces::BlockSummary> m_recent_blocks;
    std::optional<interfaces::Block> m_selected_block;
    std::map<std::string, WalletModel*> m_wallets;
    LatencyStats m_latency;
    long m_notification_count{0};

    // Worker-thread state.
    std::unique_ptr<NodeSession> m_session;
    int m_worker_session_id{0};
    bool m_stopping{false};

    //! Declared last so it is destroyed first: no job runs once the members
    //! above start being destroyed.
    std::unique_ptr<IpcWorker> m_worker;
};

} // namespace mpgui

#endif // MPGUI_NODE_MODEL_H
