// Running step 2 of a served request on the thread its Context names.

#include <mp/server-call.h>

#include <mp/connection.h>
#include <mp/event-loop.h>
#include <mp/threads.h>
#include <mp/util.h>

namespace mp {

namespace {

//! Worker threads for requests whose Context names no thread (clients that
//! skipped the ThreadMap exchange). Small and per connection: such a client
//! gets some parallelism without a thread per call.
constexpr size_t kPoolSize = 4;

ThreadServer& PoolThread(Connection& connection)
{
    auto& pool = connection.m_pool_threads;
    if (pool.size() < kPoolSize) {
        pool.push_back(ThreadServer::spawn(connection.m_loop, "pool-" + std::to_string(pool.size())));
        return *pool.back();
    }
    ThreadServer& thread = *pool[connection.m_next_pool_thread];
    connection.m_next_pool_thread = (connection.m_next_pool_thread + 1) % pool.size();
    return thread;
}

//! Posts job to thread. While it runs, calls the thread makes back over
//! the same connection go to caller (the client thread waiting for it).
kj::Promise<void> RunOn(ThreadServer& thread, Connection& connection, kj::Own<Thread::Client> caller,
                        const char* method_name, std::function<void()> job)
{
    std::shared_ptr<ThreadLink> link = thread.links().get(connection);
    auto done = kj::newPromiseAndCrossThreadFulfiller<void>();
    // std::function needs a copyable callable; the fulfiller is move-only.
    auto fulfiller = std::make_shared<kj::Own<kj::CrossThreadPromiseFulfiller<void>>>(kj::mv(done.fulfiller));
    Thread::Client* caller_ptr = caller.get();
    EventLoop* loop = &connection.m_loop;
    bool posted = thread.post([fulfiller, link, caller_ptr, method_name, loop, job = std::move(job)] {
        std::exception_ptr error;
        {
            Thread::Client* saved = link->caller_thread;
            link->caller_thread = caller_ptr;
            ScopeExit restore([&] { link->caller_thread = saved; });
            try {
                job();
            } catch (...) {
                error = std::current_exception();
            }
        }
        // If no other thread is running the loop, this thread sends the
        // reply itself rather than waking the loop thread to do it.
        LoopDriver driver(*loop);
        if (error) {
            (*fulfiller)->reject(ToKjException(error, method_name));
        } else {
            (*fulfiller)->fulfill();
        }
        if (driver) driver.poll();
    });
    if (!posted) {
        return KJ_EXCEPTION(DISCONNECTED, "thread for this call has exited", method_name, thread.name());
    }
    loop->setHotWaiter(&thread.waiter());
    // The caller capability is released on the loop thread with the promise.
    return done.promise.attach(kj::mv(caller));
}

} // namespace

kj::Promise<void> DeferToLoopThread(EventLoop& loop)
{
    auto paf = kj::newPromiseAndFulfiller<void>();
    // std::function needs a copyable callable; the fulfiller is move-only.
    auto fulfiller = std::make_shared<kj::Own<kj::PromiseFulfiller<void>>>(kj::mv(paf.fulfiller));
    loop.runOnLoopThread([fulfiller] { (*fulfiller)->fulfill(); });
    return kj::mv(paf.promise);
}

kj::Promise<void> RunOnMappedThread(Connection& connection, Context::Reader context, const char* method_name,
                                    std::function<void()> job)
{
    kj::Own<Thread::Client> caller;
    if (context.hasCallbackThread()) caller = kj::heap<Thread::Client>(context.getCallbackThread());
    kj::Promise<void> ran = nullptr;
    if (!context.hasThread()) {
        ran = RunOn(PoolThread(connection), connection, kj::mv(caller), method_name, std::move(job));
    } else {
        Thread::Client thread = context.getThread();
        ran = connection.m_threads.getLocalServer(thread).then(
            [&connection, caller = kj::mv(caller), method_name, job = std::move(job)](
                kj::Maybe<Thread::Server&> server) mutable -> kj::Promise<void> {
                KJ_IF_MAYBE (thread_server, server) {
                    return RunOn(static_cast<ThreadServer&>(*thread_server), connection, kj::mv(caller),
                                 method_name, std::move(job));
                }
                return KJ_EXCEPTION(FAILED, "Context.thread is not a thread of the serving process", method_name);
            });
    }
    // Cap'n Proto keeps running a request whose caller went away (calls are
    // not cancellable by default), but the steps after this one use the
    // connection: when it is destroyed, they must not run.
    return connection.m_call_canceler.wrap(kj::mv(ran));
}

void CheckImplAlive(const void* impl, const char* method_name)
{
    if (!impl) {
        throw kj::Exception(kj::Exception::Type::FAILED, __FILE__, __LINE__,
                            kj::str(method_name, ": the object was already destroyed"));
    }
}

bool SchemaHasMethod(capnp::InterfaceSchema served, uint64_t interface_id, uint16_t method_id)
{
    if (served.getProto().getId() == interface_id) return method_id < served.getMethods().size();
    KJ_IF_MAYBE (base, served.findSuperclass(interface_id)) {
        return method_id < base->getMethods().size();
    }
    return false;
}

void LogUnimplementedCall(EventLoop* loop, kj::StringPtr served_interface, uint64_t interface_id,
                          uint16_t method_id)
{
    if (!loop) return;
    loop->log(LogLevel::Warning) << "IPC: the peer called method " << method_id << " of interface 0x"
                                         << std::hex << interface_id << std::dec << " on a " << served_interface.cStr()
                                         << ", which does not have it (a newer or foreign client?); answered "
                                            "UNIMPLEMENTED and kept the connection";
}

} // namespace mp
