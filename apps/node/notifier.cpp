#include "notifier.h"

#include <common/logging.h>

#include <condition_variable>
#include <deque>
#include <functional>
#include <thread>

namespace mpnode {

//! Runs jobs in order on a detached thread that owns the queue's state
//! (shared), so stopping never has to wait for it: a job blocked on a dead
//! peer finishes (with an error) on its own and the thread then exits.
class DeliveryQueue
{
public:
    DeliveryQueue() = default;

    static std::shared_ptr<DeliveryQueue> start()
    {
        auto queue = std::make_shared<DeliveryQueue>();
        std::thread([queue] { queue->run(); }).detach();
        return queue;
    }

    void push(std::function<void()> job)
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        if (m_stopped) return;
        m_jobs.push_back(std::move(job));
        m_cv.notify_one();
    }

    void stop()
    {
        std::deque<std::function<void()>> dropped; // destroyed after unlocking
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stopped = true;
        dropped.swap(m_jobs);
        m_cv.notify_one();
    }

    bool failed()
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        return m_failed;
    }

private:
    void run()
    {
        std::unique_lock<std::mutex> lock(m_mutex);
        while (true) {
            m_cv.wait(lock, [&] { return m_stopped || !m_jobs.empty(); });
            if (m_stopped) break;
            std::function<void()> job = std::move(m_jobs.front());
            m_jobs.pop_front();
            lock.unlock();
            bool ok = true;
            try {
                job();
            } catch (const std::exception& e) {
                ok = false;
                mpsample::Log(mpsample::Level::Info, std::string("dropping a subscriber: ") + e.what());
            }
            job = nullptr; // release what the job holds before relocking
            lock.lock();
            if (!ok) {
                m_failed = m_stopped = true;
                m_jobs.clear();
            }
        }
    }

    std::mutex m_mutex;
    std::condition_variable m_cv;
    std::deque<std::function<void()>> m_jobs;
    bool m_stopped{false};
    bool m_failed{false};
};

Notifier::Notifier() = default;

Notifier::~Notifier()
{
    std::lock_guard<std::mutex> lock(m_mutex);
    for (auto& [id, subscriber] : m_subscribers) subscriber.queue->stop();
}

uint64_t Notifier::add(Subscriber subscriber)
{
    subscriber.queue = DeliveryQueue::start();
    std::lock_guard<std::mutex> lock(m_mutex);
    const uint64_t id = m_next_id++;
    m_subscribers.emplace(id, std::move(subscriber));
    return id;
}

uint64_t Notifier::add(std::shared_ptr<interfaces::ChainNotifications> listener)
{
    return add(Subscriber{std::move(listener), nullptr, nullptr});
}

uint64_t Notifier::add(std::shared_ptr<interfaces::NodeNotifications> listener)
{
    return add(Subscriber{nullptr, std::move(listener), nullptr});
}

void Notifier::remove(uint64_t id)
{
    // Destroyed after unlocking: releasing a listener may be an IPC call.
    Subscriber removed;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        auto it = m_subscribers.find(id);
        if (it == m_subscribers.end()) return;
        removed = std::move(it->second);
        m_subscribers.erase(it);
    }
    removed.queue->stop();
}

template <typename Fn>
void Notifier::publish(Fn&& job)
{
    std::vector<Subscriber> dead; // destroyed after unlocking
    std::lock_guard<std::mutex> lock(m_mutex);
    for (auto it = m_subscribers.begin(); it != m_subscribers.end();) {
        if (it->second.queue->failed()) {
            dead.push_back(std::move(it->second));
            it = m_subscribers.erase(it);
            continue;
        }
        job(it->second);
        ++it;
    }
}

void Notifier::blockConnected(const interfaces::Block& block, int32_t mempool_size)
{
    auto shared_block = std::make_shared<const interfaces::Block>(block);
    interfaces::BlockSummary summary{block.height, block.hash, block.time, block.miner,
                                     static_cast<int32_t>(block.transactions.size())};
    publish([&](Subscriber& s) {
        if (s.chain) {
            s.queue->push([listener = s.chain, shared_block] { listener->blockConnected(*shared_block); });
        } else {
            s.queue->push([listener = s.node, summary, mempool_size] {
                listener->blockConnected(summary);
                listener->mempoolChanged(mempool_size);
            });
        }
    });
}

void Notifier::transactionAdded(const interfaces::Transaction& tx, int32_t mempool_size)
{
    publish([&](Subscriber& s) {
        if (s.chain) {
            s.queue->push([listener = s.chain, tx] { listener->transactionAddedToMempool(tx); });
        } else {
            s.queue->push([listener = s.node, mempool_size] { listener->mempoolChanged(mempool_size); });
        }
    });
}

void Notifier::walletsChanged(const std::vector<std::string>& wallets)
{
    publish([&](Subscriber& s) {
        if (s.node) s.queue->push([listener = s.node, wallets] { listener->walletsChanged(wallets); });
    });
}

} // namespace mpnode
