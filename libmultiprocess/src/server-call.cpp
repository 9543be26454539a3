// Running step 2 of a served request on the thread its Context names.

#include <mp/server-call.h>

#include <mp/connection.h>
#include <mp/event-loop.h>
#include <mp/thread-context.h>
#include <mp/threads.h>
#include <mp/util.h>

#include <capnp/capability.h>

#include <memory>
#include <optional>
#include <stdexcept>

namespace mp {

namespace {

//! Settles, for a job run on a worker thread, the promise the loop waits on.
//! The fulfiller belongs to the loop, so it is used and destroyed only by a
//! thread driving the loop: the worker itself when the loop is free (it
//! then sends the reply too, and nobody else is woken), otherwise the thread
//! that drives it, through EventLoop::queue(). A job that never ran (its
//! thread exited first) is rejected the same way.
class JobCompletion
{
public:
    //! loop_ref, for a job on a thread that is not one of the loop's
    //! workers (they hold the loop themselves): keeps the loop from being
    //! destroyed before the job is settled.
    JobCompletion(EventLoop& loop, kj::Own<kj::PromiseFulfiller<void>> fulfiller, const char* method_name,
                  std::optional<EventLoopRef> loop_ref)
        : m_loop(loop), m_fulfiller(kj::mv(fulfiller)), m_method_name(method_name), m_loop_ref(std::move(loop_ref))
    {
    }
    JobCompletion(const JobCompletion&) = delete;
    JobCompletion& operator=(const JobCompletion&) = delete;

    ~JobCompletion()
    {
        if (!m_fulfiller) return;
        settle(std::make_exception_ptr(std::runtime_error("the thread for this call has exited")));
    }

    //! Worker thread, after the job: error is what it threw, if anything.
    //! With keep_driving, a worker that sent the reply itself and is the
    //! hot one keeps the loop for its wait for the next call (KeepDriver).
    void settle(std::exception_ptr error, bool keep_driving = false)
    {
        if (m_loop.onLoopThread()) {
            Settle(m_fulfiller, error, m_method_name);
            return;
        }
        {
            auto driver = std::make_unique<LoopDriver>(m_loop);
            if (*driver) {
                Settle(m_fulfiller, error, m_method_name);
                driver->poll();
                if (keep_driving && IsHotWaiter(m_loop, g_thread_context.getWaiter())) {
                    KeepDriver(std::move(driver));
                }
                return;
            }
        }
        // Moved into the queued function, which is destroyed on the loop:
        // no reference stays on this thread.
        auto fulfiller = std::make_shared<kj::Own<kj::PromiseFulfiller<void>>>(kj::mv(m_fulfiller));
        m_loop.queue([fulfiller = std::move(fulfiller), error, method_name = m_method_name] {
            Settle(*fulfiller, error, method_name);
        });
    }

private:
    //! Loop thread: fulfils or rejects, and drops the fulfiller.
    static void Settle(kj::Own<kj::PromiseFulfiller<void>>& fulfiller, std::exception_ptr error,
                       const char* method_name)
    {
        if (error) {
            fulfiller->reject(ToKjException(error, method_name));
        } else {
            fulfiller->fulfill();
        }
        fulfiller = nullptr;
    }

    EventLoop& m_loop;
    kj::Own<kj::PromiseFulfiller<void>> m_fulfiller;
    const char* m_method_name;
    std::optional<EventLoopRef> m_loop_ref;
};

//! True if a and b are references to one capability (for an imported one:
//! one import, which Cap'n Proto reuses while any reference to it lives).
bool SameCapability(Thread::Client& a, Thread::Client& b)
{
    // from() takes a Client by value: each copy adds a reference, dropped at
    // the end of the comparison.
    return capnp::ClientHook::from(Thread::Client(a)).get() == capnp::ClientHook::from(Thread::Client(b)).get();
}

//! Keeps the callbackThread of the request a mapped thread is about to run
//! in its link until the next request (see ThreadLink::kept_caller). A
//! different caller replaces the kept one, which is released then; and it
//! is dropped every kKeptCallerUses requests so that Cap'n Proto's count of
//! references stays far from overflowing.
void KeepCaller(ThreadLink& link, Thread::Client& caller)
{
    constexpr uint32_t kKeptCallerUses = 1U << 16;
    if (link.kept_caller && !SameCapability(*link.kept_caller, caller)) {
        link.kept_caller.reset();
        link.kept_caller_uses = 0;
    }
    if (++link.kept_caller_uses >= kKeptCallerUses) {
        // The request's own reference keeps the import until it ends, and
        // then the Release goes out with the count of all these requests.
        link.kept_caller.reset();
        link.kept_caller_uses = 0;
        return;
    }
    if (!link.kept_caller) link.kept_caller.emplace(caller);
}

//! Posts job to thread. While it runs, calls the thread makes back over
//! the same connection go to caller (the client thread waiting for it).
//! With keep_caller (a thread mapped to one client thread), the thread keeps
//! caller after the job (KeepCaller); pool threads serve whoever comes, and
//! keep nothing, so that no client's Thread is held after its call.
kj::Promise<void> RunOn(ThreadServer& thread, Connection& connection, kj::Own<Thread::Client> caller,
                        const char* method_name, std::function<void()> job, bool keep_caller)
{
    std::shared_ptr<ThreadLink> link = thread.links().getToServe(connection);
    if (!link) return KJ_EXCEPTION(DISCONNECTED, "thread for this call has exited", method_name, thread.name());
    auto done = kj::newPromiseAndFulfiller<void>();
    EventLoop* loop = &connection.m_loop;
    const bool worker = thread.isWorker();
    std::optional<EventLoopRef> loop_ref;
    if (!worker) loop_ref.emplace(*loop);
    // std::function needs a copyable callable.
    auto completion = std::make_shared<JobCompletion>(*loop, kj::mv(done.fulfiller), method_name, std::move(loop_ref));
    Thread::Client* caller_ptr = caller.get();
    auto run_job = [completion, link, caller_ptr, job = std::move(job)]() mutable {
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
        // Destroy what the job captured now, while this thread does not
        // drive the loop: a destructor may make an IPC call.
        job = nullptr;
        completion->settle(error, /*keep_driving=*/true);
    };
    if (!worker) {
        // An existing thread of this process (its callbackThread was sent
        // with a call it made) runs calls only while it waits for a reply.
        // A peer that names it at any other time would leave the job queued
        // on a thread that may never wait again.
        if (!thread.waiter().postIfWaiting(std::move(run_job))) {
            return KJ_EXCEPTION(FAILED, "the thread this call names is not waiting for a reply from this process "
                                        "(a callbackThread is valid only during the call it came with)",
                                method_name, thread.name());
        }
    } else if (!thread.post(std::move(run_job))) {
        return KJ_EXCEPTION(DISCONNECTED, "thread for this call has exited", method_name, thread.name());
    }
    if (caller && keep_caller) KeepCaller(*link, *caller);
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
        ran = RunOn(connection.poolThread(), connection, kj::mv(caller), method_name, std::move(job),
                    /*keep_caller=*/false);
    } else {
        Thread::Client thread = context.getThread();
        ran = connection.m_threads.getLocalServer(thread).then(
            [&connection, caller = kj::mv(caller), method_name, job = std::move(job)](
                kj::Maybe<Thread::Server&> server) mutable -> kj::Promise<void> {
                KJ_IF_MAYBE (thread_server, server) {
                    return RunOn(static_cast<ThreadServer&>(*thread_server), connection, kj::mv(caller),
                                 method_name, std::move(job), /*keep_caller=*/true);
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
