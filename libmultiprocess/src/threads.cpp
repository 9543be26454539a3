// ThreadMap and Thread servers: worker threads made for peers, and local
// threads exposed as callback targets.

#include <mp/threads.h>

#include <mp/connection.h>
#include <mp/event-loop.h>
#include <mp/message-size.h>
#include <mp/util.h>

#include <future>
#include <thread>

namespace mp {

//! State shared by a spawned worker thread and its ThreadServer.
struct ThreadServer::Worker
{
    std::shared_ptr<Waiter> waiter;
    std::shared_ptr<ThreadLinks> links;
    bool exit_requested{false}; // changed through waiter->update()
};

kj::Own<ThreadServer> ThreadServer::spawn(EventLoop& loop, const std::string& name)
{
    auto worker = std::make_shared<Worker>();
    // Shared, because std::function needs a copyable callable.
    auto started = std::make_shared<std::promise<void>>();
    std::future<void> started_future = started->get_future();
    // The worker keeps the loop running until it is done with connections;
    // the loop then joins it before loop() returns.
    auto loop_ref = std::make_shared<EventLoopRef>(loop);
    loop.startWorker([worker, started, &loop, name, loop_ref] {
        ThreadContext& context = g_thread_context;
        // A new thread inherits its creator's OS name, which would show up
        // in ThreadName() as if it were this thread's: clear it first.
        SetOsThreadName("");
        context.thread_name = ThreadName(loop.m_exe_name) + " (serving " + name + ")";
        SetOsThreadName(name);
        worker->waiter = context.waiter = std::make_shared<Waiter>();
        worker->links = context.links;
        started->set_value();
        // While it is the worker the loop last handed a call to, it waits
        // for the next one inside the loop (see EventLoop::isHotWaiter).
        worker->waiter->waitUntil([&] { return worker->exit_requested; }, &loop, /*only_if_hot=*/true);
        // Refuse calls from now on, and drop any posted since the wait
        // ended, while this thread still holds the loop: a dropped call is
        // failed through the loop (JobCompletion), which must still exist.
        worker->waiter->close();
        // Release what this thread holds on connections before dropping the
        // loop reference (ThreadContext's destructor would do it too late).
        context.links->detachAll();
        loop_ref->reset();
    });
    started_future.wait();
    return kj::heap<ThreadServer>(worker, name);
}

ThreadServer::ThreadServer(std::shared_ptr<Worker> worker, std::string name)
    : m_waiter(worker->waiter), m_links(worker->links), m_name(std::move(name)), m_worker(std::move(worker))
{
}

ThreadServer::ThreadServer(std::shared_ptr<Waiter> waiter, std::shared_ptr<ThreadLinks> links, std::string name)
    : m_waiter(std::move(waiter)), m_links(std::move(links)), m_name(std::move(name))
{
}

ThreadServer::~ThreadServer()
{
    if (m_worker) {
        m_waiter->update([&] { m_worker->exit_requested = true; });
    }
}

kj::Promise<void> ThreadServer::getName(GetNameContext context)
{
    context.getResults(FirstSegmentHint<Thread::GetNameResults>()).setResult(m_name);
    return kj::READY_NOW;
}

kj::Promise<void> ThreadMapServer::makeThread(MakeThreadContext context)
{
    std::string name = context.getParams().getName();
    kj::Own<ThreadServer> server = ThreadServer::spawn(m_connection.m_loop, name);
    context.getResults(FirstSegmentHint<ThreadMap::MakeThreadResults>())
        .setResult(m_connection.m_threads.add(kj::mv(server)));
    return kj::READY_NOW;
}

} // namespace mp
