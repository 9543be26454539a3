#include "watch.h"

#include <common/signals.h>
#include <interfaces/handler.h>

#include <csignal>
#include <memory>
#include <stdexcept>
#include <unistd.h>

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

} // namespace

void Watch(NodeSession& session, Output& out)
{
    // The main thread sleeps in sigwait(); losing the node must wake it
    // too. Sending ourselves SIGHUP does: it is blocked in every thread,
    // so it stays pending until sigwait() takes it, and kill() never
    // blocks, as the callback (on the event loop thread) must not.
    session.onDisconnect([] { kill(getpid(), SIGHUP); });
    if (session.disconnected()) throw std::runtime_error("the node at " + session.socketPath() + " went away");

    std::unique_ptr<interfaces::Handler> subscription =
        session.node().handleNotifications(std::make_shared<NotificationPrinter>(out));
    out.watching(session.socketPath(), session.node().getStatus());

    mpsample::WaitForTerminationSignal();
    // Unsubscribe before the session goes (it owns the connection).
    subscription.reset();
    if (session.disconnected()) {
        throw std::runtime_error("the node at " + session.socketPath() + " went away (it stopped or was killed)");
    }
}

} // namespace mpcli
