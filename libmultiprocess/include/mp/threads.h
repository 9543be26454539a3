// Servers for the built-in ThreadMap and Thread interfaces of proxy.capnp:
// how a client thread gets its own thread in the server process, and how a
// waiting client thread is named as the target of callbacks.

#ifndef MP_THREADS_H
#define MP_THREADS_H

#include <mp/proxy.capnp.h>
#include <mp/thread-context.h>

#include <kj/async.h>

#include <memory>
#include <string>

namespace mp {

class Connection;
class EventLoop;

//! A Thread capability served by this process. Either a worker thread it
//! started for a peer (spawn) or an existing local thread that is waiting
//! for a reply and can run callbacks meanwhile (wrap). Calls are handed to
//! the thread through its Waiter. Created and destroyed on the loop thread.
class ThreadServer final : public Thread::Server
{
public:
    //! Starts a new worker thread named after the peer's thread. It runs
    //! until this server is destroyed (the peer released it, or the
    //! connection closed) and then exits.
    static kj::Own<ThreadServer> spawn(EventLoop& loop, const std::string& name);

    //! Stands for an existing thread (callback target) on a connection.
    ThreadServer(std::shared_ptr<Waiter> waiter, std::shared_ptr<ThreadLinks> links, std::string name);

    //! Shared state of a spawned worker thread (used by spawn()).
    struct Worker;
    ThreadServer(std::shared_ptr<Worker> worker, std::string name);

    ~ThreadServer();

    kj::Promise<void> getName(GetNameContext context) override;

    //! Runs job on this thread; false if the thread has exited.
    bool post(std::function<void()> job) { return m_waiter->post(std::move(job)); }
    //! True for a worker thread made by spawn(), which waits for jobs all its
    //! life; false for an existing thread, which runs jobs only while it
    //! waits for a reply (Waiter::postIfWaiting).
    bool isWorker() const { return m_worker != nullptr; }
    //! The Waiter jobs are posted to.
    Waiter& waiter() const { return *m_waiter; }

    //! The thread's links, to record the caller while it serves a request.
    ThreadLinks& links() { return *m_links; }

    const std::string& name() const { return m_name; }

private:
    std::shared_ptr<Waiter> m_waiter;
    std::shared_ptr<ThreadLinks> m_links;
    std::string m_name;
    //! Set for spawned worker threads: told to exit on destruction.
    std::shared_ptr<Worker> m_worker;
};

//! Serves ThreadMap.makeThread for one connection: each call starts a
//! worker thread dedicated to one of the peer's threads.
class ThreadMapServer final : public ThreadMap::Server
{
public:
    explicit ThreadMapServer(Connection& connection) : m_connection(connection) {}
    kj::Promise<void> makeThread(MakeThreadContext context) override;

private:
    Connection& m_connection;
};

} // namespace mp

#endif // MP_THREADS_H
