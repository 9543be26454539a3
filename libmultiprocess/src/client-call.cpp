// ClientCall: hands one call to the loop thread and waits for it.

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
    EventLoop& loop = *m_context.loop;
    if (loop.onLoopThread()) {
        // The loop thread cannot block waiting for a reply that only it can
        // receive. Methods that call back into a client must take a Context
        // so they run on a worker thread instead.
        throw std::logic_error(std::string(m_method_name) +
                               ": IPC call made on the event loop thread, where it would deadlock. Give the "
                               "calling server method a `context :Proxy.Context` parameter so it runs on a "
                               "worker thread.");
    }
    if (m_context.construct_pending.load(std::memory_order_acquire)) runDeferredConstruct();
    ThreadContext& thread_context = g_thread_context;
    Waiter& waiter = thread_context.getWaiter();
    // The default name describes the thread that computes it, so compute it
    // here: the loop thread reads it when it asks the peer for a thread.
    thread_context.name(loop.m_exe_name);

    // Shared with the loop thread; the caller is blocked until done is set,
    // so these live long enough.
    bool done = false;
    std::exception_ptr error;
    std::optional<ClientInvokeContext> invoke_context;

    auto finish = [&waiter, &done, &error](std::exception_ptr e) {
        std::lock_guard<std::mutex> lock(waiter.m_mutex);
        error = std::move(e);
        done = true;
        waiter.notify();
    };

    loop.queue([&] {
        // Errors are handed to the caller outside the catch blocks, so the
        // exception object is not released here while the caller reads it.
        std::exception_ptr send_error;
        try {
            Connection* connection = m_context.connection;
            if (!connection) throw DisconnectedError(m_method_name);
            invoke_context.emplace(ClientInvokeContext{{*connection}, thread_context});
            kj::Promise<void> reply = send(*invoke_context);
            loop.m_task_set.add(reply.then([finish] { finish(nullptr); },
                                           [finish, this](kj::Exception&& e) {
                                               finish(std::make_exception_ptr(ToCppException(e, m_method_name)));
                                           }));
        } catch (const kj::Exception& e) {
            send_error = std::make_exception_ptr(ToCppException(e, m_method_name));
        } catch (...) {
            send_error = std::current_exception();
        }
        if (send_error) finish(std::move(send_error));
    });

    {
        std::unique_lock<std::mutex> lock(waiter.m_mutex);
        waiter.wait(lock, [&] { return done; });
    }
    if (error) std::rethrow_exception(error);
    if (m_read_error) std::rethrow_exception(m_read_error);
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
