// WorkerThreads: start and join the loop's worker threads.

#include "worker-threads.h"

#include <utility>

namespace mp {

void WorkerThreads::start(std::function<void()> fn)
{
    joinExited();
    std::lock_guard<std::mutex> lock(m_mutex);
    m_threads.emplace_front();
    auto it = m_threads.begin();
    // The thread reports its end under m_mutex, which is held until `it`
    // refers to it.
    *it = std::thread([this, it, fn = std::move(fn)]() mutable {
        fn();
        fn = nullptr;
        std::lock_guard<std::mutex> lock(m_mutex);
        m_exited.push_back(it);
    });
}

void WorkerThreads::joinExited()
{
    std::list<std::thread> joining;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        for (auto it : m_exited) joining.splice(joining.end(), m_threads, it);
        m_exited.clear();
    }
    for (auto& thread : joining) thread.join();
}

void WorkerThreads::joinAll()
{
    std::list<std::thread> joining;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        joining.swap(m_threads);
        m_exited.clear();
    }
    for (auto& thread : joining) thread.join();
    // Threads that ended after the swap noted themselves: forget them.
    std::lock_guard<std::mutex> lock(m_mutex);
    m_exited.clear();
}

} // namespace mp
