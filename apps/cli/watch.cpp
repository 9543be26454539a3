#include "watch.h"

#include <common/signals.h>
#include <interfaces/handler.h>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace mpcli {
namespace {

//! Served in this process; the node calls it once per event, in order.
class NotificationPrinter final : public interfaces::NodeNotifications
{
public:
    explicit NotificationPrinter(Output& out) : m_out(out) {}
    void blockConnected(const interfaces::BlockSummary& block) override { m_out.blockConnected(block); }
    void mempoolChanged(int32_t size) override { m_out.mempoolChanged(size); }
    void walletsChanged(const std::vector<std::string>& wallets) override { m_out.walletsChanged(wallets); }

private:
    Output& m_out;
};

//! Opened once by whichever comes first: a termination signal or the loss
//! of the node. open() holds the mutex only briefly, so the event loop
//! thread may call it.
class StopLatch
{
public:
    void open()
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_open = true;
        m_cv.notify_all();
    }
    void wait()
    {
        std::unique_lock<std::mutex> lock(m_mutex);
        m_cv.wait(lock, [&] { return m_open; });
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_cv;
    bool m_open{false};
};

} // namespace

void Watch(NodeSession& session, Output& out)
{
    // Shared with the signal thread, which may outlive this function.
    auto stop = std::make_shared<StopLatch>();
    session.onDisconnect([stop] { stop->open(); });
    if (session.disconnected()) stop->open();
    // Detached: if the node goes away first, the thread stays in sigwait()
    // until the process exits; it touches nothing but the latch.
    std::thread([stop] {
        mpsample::WaitForTerminationSignal();
        stop->open();
    }).detach();

    std::unique_ptr<interfaces::Handler> subscription =
        session.node().handleNotifications(std::make_shared<NotificationPrinter>(out));
    out.watching(session.socketPath(), session.node().getStatus());

    stop->wait();
    // Unsubscribe before the session goes (it owns the connection).
    subscription.reset();
    if (session.disconnected()) {
        throw std::runtime_error("the node at " + session.socketPath() + " went away (it stopped or was killed)");
    }
}

} // namespace mpcli
