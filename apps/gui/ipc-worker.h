// The one thread on which mpgui makes IPC calls, so the GUI thread never
// waits for the node.

#ifndef MPGUI_IPC_WORKER_H
#define MPGUI_IPC_WORKER_H

#include <chrono>
#include <functional>
#include <memory>

class QObject;
class QThread;

namespace mpgui {

//! A QThread with an event loop that runs posted jobs one at a time, in the
//! order they were posted. Jobs run on that thread only, so state they
//! share (the node connection and its proxies) needs no lock.
//!
//! post() and runAndWait() may be called from any thread other than the
//! worker's own; postAfter() from the worker thread (a job re-arming itself,
//! e.g. a reconnect attempt). The destructor stops the thread after the job
//! that is running, dropping jobs not yet started: call runAndWait() first
//! for cleanup that must happen on the worker.
class IpcWorker
{
public:
    IpcWorker();
    ~IpcWorker();
    IpcWorker(const IpcWorker&) = delete;
    IpcWorker& operator=(const IpcWorker&) = delete;

    void post(std::function<void()> job);
    //! Runs job on the worker after delay. Worker thread only.
    void postAfter(std::chrono::milliseconds delay, std::function<void()> job);
    //! Runs job on the worker and waits until it has returned.
    void runAndWait(std::function<void()> job);
    bool isWorkerThread() const;

private:
    std::unique_ptr<QThread> m_thread;
    //! Lives on m_thread: posted jobs are queued calls on it.
    std::unique_ptr<QObject> m_context;
};

} // namespace mpgui

#endif // MPGUI_IPC_WORKER_H
