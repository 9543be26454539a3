// WorkerThreads: the threads an EventLoop starts for its peers, joined
// before loop() returns.

#ifndef MP_SRC_WORKER_THREADS_H
#define MP_SRC_WORKER_THREADS_H

#include <functional>
#include <list>
#include <mutex>
#include <thread>
#include <vector>

namespace mp {

//! Owns the std::thread objects of an EventLoop's worker threads (the
//! threads made for peers' ThreadMap.makeThread calls), so that no library
//! thread outlives the loop, even in its thread-local destructors.
//!
//! A thread that has returned is joined by the next start() (so a
//! long-running loop does not pile them up) or by joinAll().
//!
//! Threads: start() from any thread; joinAll() from the loop's own thread
//! once no thread can start more.
class WorkerThreads
{
public:
    WorkerThreads() = default;
    ~WorkerThreads() { joinAll(); }
    WorkerThreads(const WorkerThreads&) = delete;
    WorkerThreads& operator=(const WorkerThreads&) = delete;

    //! Runs fn on a new thread.
    void start(std::function<void()> fn);

    //! Joins every thread (waits for those still running).
    void joinAll();

private:
    //! Joins the threads that have returned.
    void joinExited();

    std::mutex m_mutex;
    std::list<std::thread> m_threads;                           // guarded by m_mutex
    std::vector<std::list<std::thread>::iterator> m_exited;     // guarded by m_mutex
};

} // namespace mp

#endif // MP_SRC_WORKER_THREADS_H
