// mpgui's model and main window against a real mpnode and two mpwallet
// processes ("alice" and "bob") in a temporary directory.

#include "sample-process.h"

#include <main-window.h>
#include <node-model.h>
#include <wallet-model.h>
#include <wallet-panel.h>

#include <ledger/amount.h>

#include <QApplication>
#include <QLabel>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <memory>

using mpgui::MainWindow;
using mpgui::NodeModel;
using mpgui::WalletModel;
using mpgui::test::SampleProcess;

namespace {

//! Generous: the machine is shared with other builds.
constexpr int TIMEOUT_MS = 20000;
constexpr int64_t COIN = interfaces::COIN;
//! Pays nobody the test looks at.
const QString BURN_ADDRESS = "mp" + QString(40, '0');

QString Amount(int64_t units)
{
    return QString::fromStdString(ledger::FormatAmount(units));
}

} // namespace

class GuiTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();

    void miningUpdatesTheHeightShown();
    void sendUpdatesBothWalletsBalances();
    void badSendInputIsRefusedBeforeSending();
    void aRefusedSendShowsTheWalletsReason();
    void aWalletThatGoesAwayIsRemoved();
    void killingTheNodeShowsDisconnectedAndItReconnectsWhenBack();

private:
    QString socketPath() const { return m_dir.path() + "/node/node.sock"; }
    void startNode();
    void startWallet(SampleProcess& wallet);
    //! The wallet's model once it has loaded, or null on timeout.
    WalletModel* loadedWallet(const std::string& name);
    //! An address of the wallet, made through the model if it has none.
    QString addressOf(WalletModel* wallet);
    QLabel* label(const QString& object_name, QWidget* under = nullptr);
    QString labelText(const QString& object_name, QWidget* under = nullptr);

    QTemporaryDir m_dir;
    SampleProcess m_node{"mpnode"};
    SampleProcess m_alice{"alice"};
    SampleProcess m_bob{"bob"};
    std::unique_ptr<NodeModel> m_model;
    std::unique_ptr<MainWindow> m_window;
};

void GuiTest::initTestCase()
{
    QVERIFY(m_dir.isValid());
    startNode();
    startWallet(m_alice);
    startWallet(m_bob);
}

void GuiTest::startNode()
{
    m_node.start(MPNODE_PATH, {"--datadir=" + m_dir.path() + "/node"});
    QVERIFY2(m_node.waitForOutput("listening on"), qPrintable(m_node.output()));
}

void GuiTest::startWallet(SampleProcess& wallet)
{
    wallet.start(MPWALLET_PATH, {"--connect=unix:" + socketPath(), "--datadir=" + m_dir.path() + "/" + wallet.name(),
                                 "--name=" + wallet.name()});
    QVERIFY2(m_node.waitForOutput("wallet '" + wallet.name() + "' registered"), qPrintable(wallet.output()));
}

void GuiTest::init()
{
    m_model = std::make_unique<NodeModel>(socketPath().toStdString());
    m_window = std::make_unique<MainWindow>(*m_model);
    m_window->show();
    QTRY_COMPARE_WITH_TIMEOUT(m_model->connectionState(), NodeModel::ConnectionState::Connected, TIMEOUT_MS);
    QVERIFY(loadedWallet("alice"));
    QVERIFY(loadedWallet("bob"));
}

void GuiTest::cleanup()
{
    m_window.reset();
    m_model.reset();
}

void GuiTest::cleanupTestCase()
{
    m_alice.stop();
    m_bob.stop();
    m_node.stop();
}

WalletModel* GuiTest::loadedWallet(const std::string& name)
{
    const bool loaded =
        QTest::qWaitFor([&] { return m_model->wallet(name) && m_model->wallet(name)->loaded(); }, TIMEOUT_MS);
    return loaded ? m_model->wallet(name) : nullptr;
}

QString GuiTest::addressOf(WalletModel* wallet)
{
    if (wallet->addresses().empty()) {
        QSignalSpy created(wallet, &WalletModel::addressCreated);
        wallet->newAddress("test");
        if (!created.wait(TIMEOUT_MS)) return {};
    }
    return QString::fromStdString(wallet->addresses().front().address);
}

QLabel* GuiTest::label(const QString& object_name, QWidget* under)
{
    return (under ? under : m_window.get())->findChild<QLabel*>(object_name);
}

QString GuiTest::labelText(const QString& object_name, QWidget* under)
{
    QLabel* found = label(object_name, under);
    return found ? found->text() : QString("(no label %1)").arg(object_name);
}

void GuiTest::miningUpdatesTheHeightShown()
{
    const QString address = addressOf(m_model->wallet("alice"));
    QVERIFY(!address.isEmpty());
    const int before = m_model->status().height;
    QSignalSpy progress(m_model.get(), &NodeModel::mineProgress);

    m_model->mine(2, address);

    QTRY_COMPARE_WITH_TIMEOUT(m_model->status().height, before + 2, TIMEOUT_MS);
    // Progress came from the node's blockConnected callbacks: 0 of 2 when
    // the call started, then one step per block, ending at 2 of 2.
    QTRY_VERIFY_WITH_TIMEOUT(!progress.isEmpty() && progress.last().at(0).toInt() == 2, TIMEOUT_MS);
    QCOMPARE(progress.first().at(0).toInt(), 0);
    QCOMPARE(progress.last().at(1).toInt(), 2);
    QTRY_COMPARE_WITH_TIMEOUT(labelText("heightLabel"), QString::number(before + 2), TIMEOUT_MS);
    QCOMPARE(m_model->recentBlocks().front().height, before + 2);
    QCOMPARE(labelText("tipLabel"), QString::fromStdString(m_model->recentBlocks().front().hash));
}

void GuiTest::sendUpdatesBothWalletsBalances()
{
    WalletModel* alice = m_model->wallet("alice");
    WalletModel* bob = m_model->wallet("bob");
    const QString alice_address = addressOf(alice);
    const QString bob_address = addressOf(bob);
    QVERIFY(!alice_address.isEmpty() && !bob_address.isEmpty());
    // Give alice a fresh block reward to spend.
    const int64_t alice_start = alice->balances().confirmed;
    m_model->mine(1, alice_address);
    QTRY_COMPARE_WITH_TIMEOUT(alice->balances().confirmed, alice_start + 50 * COIN, TIMEOUT_MS);
    const int64_t alice_before = alice->balances().confirmed;
    const int64_t bob_before = bob->balances().confirmed;
    const int64_t amount = 12 * COIN + COIN / 2;
    const int64_t fee = COIN / 1000;

    QSignalSpy sent(alice, &WalletModel::sendFinished);
    alice->send(bob_address, "12.5", "0.001");
    QVERIFY(sent.wait(TIMEOUT_MS));
    QVERIFY2(sent.front().at(0).toBool(), qPrintable(sent.front().at(1).toString()));
    // Both wallets see the payment while it waits in the mempool...
    QTRY_COMPARE_WITH_TIMEOUT(bob->balances().unconfirmed, bob_before + amount, TIMEOUT_MS);
    QTRY_COMPARE_WITH_TIMEOUT(alice->balances().unconfirmed, alice_before - amount - fee, TIMEOUT_MS);
    QCOMPARE(bob->balances().confirmed, bob_before);
    // ...and once it is mined.
    m_model->mine(1, BURN_ADDRESS);
    QTRY_COMPARE_WITH_TIMEOUT(bob->balances().confirmed, bob_before + amount, TIMEOUT_MS);
    QTRY_COMPARE_WITH_TIMEOUT(alice->balances().confirmed, alice_before - amount - fee, TIMEOUT_MS);

    // What the user sees in each wallet's tab.
    QTRY_VERIFY_WITH_TIMEOUT(labelText("confirmedBalance", m_window->walletPanel("bob")).contains(Amount(bob_before + amount)),
                             TIMEOUT_MS);
    QTRY_VERIFY_WITH_TIMEOUT(
        labelText("confirmedBalance", m_window->walletPanel("alice")).contains(Amount(alice_before - amount - fee)),
        TIMEOUT_MS);
    QTRY_VERIFY_WITH_TIMEOUT(!bob->history().empty() && bob->history().front().amount == amount, TIMEOUT_MS);
}

void GuiTest::badSendInputIsRefusedBeforeSending()
{
    WalletModel* alice = m_model->wallet("alice");
    const long calls_before = m_model->latency().count;
    QSignalSpy sent(alice, &WalletModel::sendFinished);

    alice->send("mp1234", "1", "0");
    alice->send(BURN_ADDRESS, "1.123456789", "0");

    // Refused on the spot, without an IPC call.
    QCOMPARE(sent.size(), 2);
    QVERIFY(!sent.at(0).at(0).toBool());
    QVERIFY2(sent.at(0).at(1).toString().startsWith("address:"), qPrintable(sent.at(0).at(1).toString()));
    QVERIFY2(sent.at(1).at(1).toString().startsWith("amount:"), qPrintable(sent.at(1).at(1).toString()));
    QCOMPARE(m_model->latency().count, calls_before);
}

void GuiTest::aRefusedSendShowsTheWalletsReason()
{
    WalletModel* bob = m_model->wallet("bob");
    QSignalSpy sent(bob, &WalletModel::sendFinished);

    bob->send(BURN_ADDRESS, "1000000", "0");

    QVERIFY(sent.wait(TIMEOUT_MS));
    QVERIFY(!sent.front().at(0).toBool());
    const QString reason = sent.front().at(1).toString();
    QVERIFY2(reason.startsWith("rejected: insufficient funds"), qPrintable(reason));
    QTRY_VERIFY_WITH_TIMEOUT(labelText("sendResult", m_window->walletPanel("bob")).contains("insufficient funds"),
                             TIMEOUT_MS);
}

void GuiTest::aWalletThatGoesAwayIsRemoved()
{
    QSignalSpy removed(m_model.get(), &NodeModel::walletRemoved);

    m_bob.kill();

    QVERIFY(removed.wait(TIMEOUT_MS));
    QCOMPARE(removed.front().at(0).toString(), QString("bob"));
    QVERIFY(!m_model->wallet("bob"));
    QVERIFY(!m_window->walletPanel("bob"));
    QVERIFY(m_window->walletPanel("alice"));
    // And it comes back with its process.
    startWallet(m_bob);
    QVERIFY(loadedWallet("bob"));
    QVERIFY(m_window->walletPanel("bob"));
}

void GuiTest::killingTheNodeShowsDisconnectedAndItReconnectsWhenBack()
{
    // A block of this test's own, so the height that must survive the
    // node's death is one the test knows, and not the initial zero that a
    // model which never heard from the node would show as well.
    const int height = m_model->status().height + 1;
    m_model->mine(1, BURN_ADDRESS);
    QTRY_COMPARE_WITH_TIMEOUT(labelText("heightLabel"), QString::number(height), TIMEOUT_MS);

    m_node.kill();

    QTRY_COMPARE_WITH_TIMEOUT(m_model->connectionState(), NodeModel::ConnectionState::Disconnected, TIMEOUT_MS);
    QTRY_VERIFY_WITH_TIMEOUT(labelText("connectionLabel").contains("disconnected"), TIMEOUT_MS);
    QVERIFY(m_window->isVisible());
    QVERIFY(m_model->wallets().empty());
    QCOMPARE(labelText("heightLabel"), QString::number(height)); // the last known state stays

    startNode();

    QTRY_COMPARE_WITH_TIMEOUT(m_model->connectionState(), NodeModel::ConnectionState::Connected, TIMEOUT_MS);
    QTRY_VERIFY_WITH_TIMEOUT(labelText("connectionLabel").contains("connected to"), TIMEOUT_MS);
    QCOMPARE(m_model->status().height, height);
    // The wallets reconnect to the node on their own and reappear.
    QVERIFY(loadedWallet("alice"));
    QVERIFY(loadedWallet("bob"));
}

int main(int argc, char** argv)
{
    // A write to the killed node must fail, not kill the test.
    std::signal(SIGPIPE, SIG_IGN);
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    GuiTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "gui-test.moc"
