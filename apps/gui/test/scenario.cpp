// mpgui-scenario: plays a short session through mpgui's NodeModel, as a
// user clicking in the window would, so that scripts/screenshot.sh has a
// chain worth showing: addresses in two wallets, a few mined blocks, a
// confirmed payment and one still in the mempool.
//
// Usage: mpgui-scenario SOCKET_PATH FROM_WALLET TO_WALLET before|during
//   before: addresses in both wallets, 3 blocks mined to FROM, a payment
//           FROM -> TO in the mempool;
//   during (meant to run while mpgui watches): a block that confirms it,
//           then a payment TO -> FROM left in the mempool.
// Exits 0 when done; 1 with a message on stderr if a step fails or times out.

#include <node-model.h>
#include <wallet-model.h>

#include <common/logging.h>

#include <QCoreApplication>
#include <QSignalSpy>
#include <QTest>

#include <csignal>
#include <cstdio>
#include <stdexcept>
#include <string>

using mpgui::NodeModel;
using mpgui::WalletModel;

namespace {

constexpr int TIMEOUT_MS = 20000;

void Require(bool ok, const std::string& step)
{
    if (!ok) throw std::runtime_error(step);
}

WalletModel& LoadedWallet(NodeModel& model, const std::string& name)
{
    Require(QTest::qWaitFor([&] { return model.wallet(name) && model.wallet(name)->loaded(); }, TIMEOUT_MS),
            "wallet '" + name + "' did not appear at the node");
    return *model.wallet(name);
}

QString NewAddress(WalletModel& wallet, const QString& label)
{
    QSignalSpy created(&wallet, &WalletModel::addressCreated);
    wallet.newAddress(label);
    Require(created.wait(TIMEOUT_MS), "newAddress in '" + wallet.name() + "'");
    return created.front().at(0).toString();
}

void Mine(NodeModel& model, int count, const QString& address)
{
    QSignalSpy finished(&model, &NodeModel::mineFinished);
    const int height = model.status().height;
    model.mine(count, address);
    Require(finished.wait(TIMEOUT_MS) && finished.front().at(0).toBool(), "mining");
    // The notification of the last block, not just the call's return.
    Require(QTest::qWaitFor([&] { return model.status().height == height + count; }, TIMEOUT_MS), "block notification");
}

//! Wallets learn of blocks on their own, from the node: wait until this
//! one has seen enough to spend.
void WaitForConfirmed(WalletModel& wallet, int64_t units)
{
    Require(QTest::qWaitFor([&] { return wallet.balances().confirmed >= units; }, TIMEOUT_MS),
            "confirmed funds in '" + wallet.name() + "'");
}

void Send(WalletModel& from, const QString& address, const QString& amount)
{
    QSignalSpy finished(&from, &WalletModel::sendFinished);
    from.send(address, amount, "0.001");
    Require(finished.wait(TIMEOUT_MS), "send from '" + from.name() + "'");
    Require(finished.front().at(0).toBool(), "send refused: " + finished.front().at(1).toString().toStdString());
}

} // namespace

int main(int argc, char** argv)
{
    std::signal(SIGPIPE, SIG_IGN);
    mpsample::SetProgramName("mpgui-scenario");
    QCoreApplication app(argc, argv);
    const std::string phase = argc == 5 ? argv[4] : "";
    if (phase != "before" && phase != "during") {
        fprintf(stderr, "usage: mpgui-scenario SOCKET_PATH FROM_WALLET TO_WALLET before|during\n");
        return 2;
    }
    try {
        NodeModel model(argv[1]);
        WalletModel& from = LoadedWallet(model, argv[2]);
        WalletModel& to = LoadedWallet(model, argv[3]);
        if (phase == "before") {
            const QString from_address = NewAddress(from, "mining");
            const QString to_address = NewAddress(to, "savings");
            NewAddress(to, "from friends");
            Mine(model, 3, from_address);
            WaitForConfirmed(from, 150 * interfaces::COIN);
            Send(from, to_address, "12.5");
        } else {
            Require(!from.addresses().empty() && !to.addresses().empty(), "run the 'before' phase first");
            const QString from_address = QString::fromStdString(from.addresses().front().address);
            Mine(model, 1, from_address);
            WaitForConfirmed(to, 12 * interfaces::COIN);
            Send(to, from_address, "2.25");
        }
        Require(QTest::qWaitFor([&] { return model.status().mempool_size == 1; }, TIMEOUT_MS), "mempool notification");
        printf("mpgui-scenario: %s done at height %d\n", phase.c_str(), model.status().height);
        return 0;
    } catch (const std::exception& e) {
        fprintf(stderr, "mpgui-scenario: failed: %s\n", e.what());
        return 1;
    }
}
