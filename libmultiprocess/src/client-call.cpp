// ClientCall: sends one call and waits for its reply, running the event
// loop on the calling thread when no other thread runs it.

#include <mp/client-call.h>

#include <mp/connection.h>
#include <mp/event-loop.h>
#include <mp/exception-conversion.h>
#include <mp/thread-context.h>

#include <stdexcept>
#include <string>

namespace mp {

void ClientCall::run(kj::FunctionParam<kj::Promise<void>(ClientInvokeContext&)> send)
{
    if (m_context.construct_pending.load(std::memory_order_acquire)) runDeferredConstruct();

    // Pin the loop for the whole call, unless the proxy is already detached
    // from it (its connection is gone, and the loop perhaps too).
    std::optional<EventLoopRef> loop_ref;
    {
        std::lock_guard<std::mutex> lock(m_context.lifetime_mutex);
        if (m_context.detached || !m_context.loop) {
            throw DisconnectedError(m_method_name,
                                    m_context.detach_reason ? m_context.detach_reason : kPeerGoneReason);
        }
        loop_ref.emplace(*m_context.loop);
    }
    EventLoop& loop = **loop_ref;
    if (loop.onLoopThread()) {
        // The loop thread cannot block waiting for a reply that only it can
        // receive. Methods that call back into a client must take a Context
        // so they run on a worker thread instead.
        throw std::logic_error(std::string(m_method_name) +
                               ": IPC call made on the event loop thread, where it would deadlock. Give the "
                               "calling server method a `context :Proxy.Context` parameter so it runs on a "
                               "worker thread.");
    }
    ThreadContext& thread_context = g_thread_context;
    Waiter& waiter = thread_context.getWaiter();
    // Calls the peer makes back on this thread (naming its callbackThread)
    // are accepted until this call returns (Waiter::postIfWaiting).
    Waiter::WaitingScope waiting(waiter);
    // The default name describes the thread that computes it, so compute it
    // here: the loop thread reads it when it asks the peer for a thread.
    thread_context.name(loop.m_exe_name);

    // Shared with the loop thread; the caller is blocked until done is set,
    // so these live long enough.
    bool done = false;
    std::exception_ptr error;
    std::optional<ClientInvokeContext> invoke_context;

    auto finish = [&waiter, &done, &error](std::exception_ptr e) {
        waiter.update([&] {
            error = std::move(e);
            done = true;
        });
    };

    // Builds and sends the request; run by whichever thread drives the loop.
    auto send_request = [&] {
        // Errors are handed to the caller outside the catch blocks, so the
        // exception object is not released here while the caller reads it.
        std::exception_ptr send_error;
        try {
            Connection* connection = m_context.connection;
            if (!connection) throw DisconnectedError(m_method_name, disconnectReason());
            invoke_context.emplace(ClientInvokeContext{{*connection}, thread_context});
            // Wrapped so that destroying the connection fails the call at
            // once, whatever state the RPC system leaves its reply in; the
            // wrapped promise (and the read function that writes into the
            // caller's variables) is destroyed then too.
            kj::Promise<void> reply = connection->m_call_canceler.wrap(send(*invoke_context));
            loop.m_task_set->add(reply.then([finish] { finish(nullptr); },
                                            [finish, this](kj::Exception&& e) {
                                                finish(ToCppException(e, m_method_name, disconnectReason()));
                                            }));
        } catch (const kj::Exception& e) {
            send_error = ToCppException(e, m_method_name, disconnectReason());
        } catch (...) {
            send_error = std::current_exception();
        }
        if (send_error) finish(std::move(send_error));
    };

    {
        // The common case: no other thread is running the loop, so this
        // thread sends the request and waits in the loop for the reply
        // itself, with no hand-off to the loop thread and back.
        LoopDriver driver(loop);
        if (driver) {
            send_request();
            driver.runUntil(waiter, [&] { return done; });
            // Finish what the reply set off (releasing the question, and
            // so on) here rather than waking the loop thread for it.
            driver.poll();
        } else {
            loop.queue(send_request);
        }
    }

    // Callbacks posted to this thread run here; if the reply has not come
    // yet, this thread drives the loop again when it can.
    waiter.waitUntil([&] { return done; }, &loop);
    if (error) std::rethrow_exception(error);
    if (m_read_error) std::rethrow_exception(m_read_error);
}

const char* ClientCall::disconnectReason() const
{
    EventLoop* loop = m_context.loop;
    // Read only while the proxy holds the loop (the callers above do).
    return loop && loop->shuttingDown() ? kShutdownReason : kPeerGoneReason;
}

void ClientCall::runDeferredConstruct()
{
    // Other threads wait here until construct has finished; the construct
    // call itself passes through on the same thread (the function is empty
    // by then).
    std::lock_guard<std::recursive_mutex> lock(m_context.construct_mutex);
    if (!m_context.deferred_construct) return;
    std::function<void()> construct = std::move(m_context.deferred_construct);
    m_context.deferred_construct = nullptr;
    construct();
    m_context.construct_pending.store(false, std::memory_order_release);
}

} // namespace mp
