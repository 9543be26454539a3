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

//! Opened once by whichever comes first: a termination signal, the loss
//! of the node, or stdout going away (with a reason). open() holds the
//! mutex only briefly, so the event loop thread may call it.
class StopLatch
{
public:
    void open(std::string failure = "")
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        if (!m_open) m_failure = std::move(failure);
        m_open = true;
        m_cv.notify_all();
    }
    //! Waits until open; returns the failure it was opened with, if any.
    std::string wait()
    {
        std::unique_lock<std::mutex> lock(m_mutex);
        m_cv.wait(lock, [&] { return m_open; });
        return m_failure;
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_cv;
    bool m_open{false};
    std::string m_failure;
};

//! Served in this process; the node calls it once per event, in order, on
//! an IPC worker thread.
class NotificationPrinter final : public interfaces::NodeNotifications
{
public:
    NotificationPrinter(Output& out, std::shared_ptr<StopLatch> stop) : m_out(out), m_stop(std::move(stop)) {}
    void blockConnected(const interfaces::BlockSummary& block) override
    {
        print([&] { m_out.blockConnected(block); });
    }
    void mempoolChanged(int32_t size) override
    {
        print([&] { m_out.mempoolChanged(size); });
    }
    void walletsChanged(const std::vector<std::string>& wallets) override
    {
        print([&] { m_out.walletsChanged(wallets); });
    }

private:
    //! A failed write ends the watch; the error is not passed back to the
    //! node, which has nothing to do about our stdout.
    template <typename Fn>
    void print(Fn&& fn)
    {
        try {
            fn();
        } catch (const std::exception& e) {
            m_stop->open(e.what());
        }
    }

    Output& m_out;
    std::shared_ptr<StopLatch> m_stop;
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
        session.node().handleNotifications(std::make_shared<NotificationPrinter>(out, stop));
    out.watching(session.address(), session.node().getStatus());

    const std::string failure = stop->wait();
    // Unsubscribe before the session goes (it owns the connection).
    subscription.reset();
    if (!failure.empty()) throw std::runtime_error(failure);
    if (session.disconnected()) {
        throw std::runtime_error("the node at " + session.address() + " went away (it stopped, was killed, or can no longer be reached)");
    }
}

} // namespace mpcli
