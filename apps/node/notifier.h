// Notifications from the node to its subscribers (wallets through Chain,
// GUIs and CLIs through Node).
//
// Each subscriber gets its own delivery thread and queue, so events reach
// it in order, a slow subscriber delays nobody else, and the thread that
// caused an event (a miner, an IPC call) never waits for a subscriber. A
// subscriber whose call fails (its process went away) is dropped.

#ifndef MPNODE_NOTIFIER_H
#define MPNODE_NOTIFIER_H

#include <interfaces/chain.h>
#include <interfaces/node.h>

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace mpnode {

class DeliveryQueue;

class Notifier
{
public:
    Notifier();
    ~Notifier();

    //! Adds a subscriber; returns an id for remove().
    uint64_t add(std::shared_ptr<interfaces::ChainNotifications> listener);
    uint64_t add(std::shared_ptr<interfaces::NodeNotifications> listener);
    //! Stops deliveries to a subscriber. Never waits for its thread, so it
    //! may be called from any thread, including the IPC event loop.
    void remove(uint64_t id);

    void blockConnected(const interfaces::Block& block, int32_t mempool_size);
    void transactionAdded(const interfaces::Transaction& tx, int32_t mempool_size);
    void walletsChanged(const std::vector<std::string>& wallets);

private:
    struct Subscriber
    {
        std::shared_ptr<interfaces::ChainNotifications> chain;
        std::shared_ptr<interfaces::NodeNotifications> node;
        std::shared_ptr<DeliveryQueue> queue;
    };
    uint64_t add(Subscriber subscriber);
    //! Queues job(subscriber) for every live subscriber; drops dead ones.
    template <typename Fn>
    void publish(Fn&& job);

    std::mutex m_mutex;
    uint64_t m_next_id{1};
    std::map<uint64_t, Subscriber> m_subscribers;
};

} // namespace mpnode

#endif // MPNODE_NOTIFIER_H
