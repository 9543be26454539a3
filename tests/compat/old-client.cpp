// A client built against the FROZEN interfaces in v1/ (never edited), run
// against the current mpnode and mpwallet by old-client-test.sh. If this
// stops working, a change to interfaces/ broke an old program: see
// interfaces/README.md.
//
//   mpsample-old-client SOCKET WALLET_NAME
//
// Mines a block to a new address of the wallet through the Node interface,
// reads it back through Chain (with a notification), and checks the
// wallet's balance through the node. Prints one line per check.
//
// Today's interfaces are newer than v1 in three ways this client meets:
// NodeStatus has a member v1 lacks (start_time: ignored here), getHistory
// has a parameter v1 lacks (limit: not sent, so the wallet sees 0, "all"),
// and Node has a method v1 lacks (getBlockByHash: never called).

#include <interfaces/init.capnp.h>
#include <interfaces/init.capnp.proxy.h>

#include <mp/proxy-io.h>

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <condition_variable>
#include <cstring>
#include <future>
#include <iostream>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace {

int Connect(const std::string& path)
{
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    strncpy(address.sun_path, path.c_str(), sizeof(address.sun_path) - 1);
    if (fd < 0 || connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
        throw std::runtime_error("cannot connect to " + path + ": " + strerror(errno));
    }
    return fd;
}

//! Counts blocks announced through the frozen ChainNotifications.
class BlockCounter : public interfaces::ChainNotifications
{
public:
    void blockConnected(const interfaces::Block& block) override
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        last_height = block.height;
        m_cv.notify_all();
    }
    void transactionAddedToMempool(const interfaces::Transaction&) override {}
    bool waitForHeight(int32_t height)
    {
        std::unique_lock<std::mutex> lock(m_mutex);
        return m_cv.wait_for(lock, std::chrono::seconds(30), [&] { return last_height >= height; });
    }
    int32_t last_height = -1;

private:
    std::mutex m_mutex;
    std::condition_variable m_cv;
};

void Check(bool ok, const std::string& what)
{
    if (!ok) throw std::runtime_error("FAILED: " + what);
    std::cout << "ok: " << what << std::endl;
}

int Run(const std::string& socket_path, const std::string& wallet_name)
{
    std::promise<mp::EventLoop*> loop_promise;
    std::thread loop_thread([&] {
        mp::EventLoop loop("old-client", [](bool raise, std::string message) {
            if (raise) throw std::runtime_error(message);
        });
        loop_promise.set_value(&loop);
        loop.loop();
    });
    mp::EventLoop* loop = loop_promise.get_future().get();
    {
        auto init = mp::ConnectStream<interfaces::messages::Init>(*loop, Connect(socket_path));
        std::unique_ptr<interfaces::Node> node = init->makeNode();
        std::unique_ptr<interfaces::Chain> chain = init->makeChain();
        auto counter = std::make_shared<BlockCounter>();
        std::unique_ptr<interfaces::Handler> subscription = chain->handleNotifications(counter);

        std::unique_ptr<interfaces::Wallet> wallet = node->getWallet(wallet_name);
        Check(wallet != nullptr, "the node lists wallet '" + wallet_name + "'");
        const int64_t before = wallet->getBalances().confirmed;
        // Balance changes come back as calls into this process: wallet
        // process -> node -> here.
        std::mutex mutex;
        std::condition_variable cv;
        int64_t confirmed = before;
        std::unique_ptr<interfaces::Handler> balance_subscription =
            wallet->handleBalanceChanged([&](interfaces::Balances balances) {
                std::lock_guard<std::mutex> lock(mutex);
                confirmed = balances.confirmed;
                cv.notify_all();
            });
        const std::string address = wallet->newAddress("old client");
        const std::vector<std::string> hashes = node->generate(1, address);
        Check(hashes.size() == 1, "Node.generate mined one block");
        const int32_t height = chain->getHeight();
        std::optional<interfaces::Block> block = chain->getBlock(height);
        Check(block && block->hash == hashes[0] && block->miner == address, "Chain.getBlock returns the new block");
        Check(counter->waitForHeight(height), "ChainNotifications.blockConnected announced it");
        // The wallet applies the block when its own notification arrives.
        {
            std::unique_lock<std::mutex> lock(mutex);
            cv.wait_for(lock, std::chrono::seconds(30), [&] { return confirmed == before + block->reward; });
        }
        Check(confirmed == before + block->reward, "BalanceChangedFn reported the block reward");
        Check(wallet->getBalances().confirmed == before + block->reward, "Wallet.getBalances agrees");

        // A struct that gained a member since v1: the fields v1 knows arrive.
        const interfaces::NodeStatus status = node->getStatus();
        Check(status.height == height && status.tip_hash == block->hash, "Node.getStatus (a newer NodeStatus) reads");
        // A method that gained a parameter since v1: the new one defaults
        // to "everything", which is what v1 asked for.
        const std::vector<interfaces::WalletTransaction> history = wallet->getHistory();
        const bool has_reward = std::any_of(history.begin(), history.end(), [&](const auto& entry) {
            return entry.coinbase && entry.height == height && entry.amount == block->reward;
        });
        Check(has_reward, "Wallet.getHistory (a newer method) lists the reward");
        balance_subscription.reset();
    }
    loop_thread.join();
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc != 3) {
        std::cerr << "usage: " << argv[0] << " SOCKET WALLET_NAME" << std::endl;
        return 2;
    }
    try {
        return Run(argv[1], argv[2]);
    } catch (const std::exception& e) {
        std::cerr << "old-client: " << e.what() << std::endl;
        return 1;
    }
}
