// Filling a request's Context, and the ThreadMap a connection serves.

#include <mp/type-context.h>
#include <mp/type-number.h>
#include <mp/type-threadmap.h>

#include <mp/connection.h>
#include <mp/threads.h>

#include <stdexcept>

namespace mp {

void FillContext(ClientInvokeContext& invoke_context, Context::Builder context)
{
    Connection& connection = invoke_context.connection;
    ThreadContext& thread = invoke_context.thread_context;
    std::shared_ptr<ThreadLink> link = thread.links->get(connection);

    if (link->caller_thread) {
        // This thread is serving a request from the same peer: the peer's
        // thread that made it is waiting, so run there (a callback).
        // Copies of capabilities are made here on the loop thread.
        Thread::Client caller = *link->caller_thread;
        context.setThread(kj::mv(caller));
    } else {
        if (!link->remote_thread) {
            if (!connection.m_thread_map) {
                throw std::runtime_error("mp: cannot call a method with a Context: the peer sent no ThreadMap "
                                         "(the init interface needs a construct method)");
            }
            auto request = connection.m_thread_map->makeThreadRequest();
            request.setName(thread.name(connection.m_loop.m_exe_name));
            // Pipelined: the call below is sent right behind makeThread
            // without waiting for its reply.
            link->remote_thread = request.send().getResult();
        }
        context.setThread(*link->remote_thread);
    }

    if (!link->callback_thread) {
        thread.getWaiter();
        link->callback_thread = connection.m_threads.add(
            kj::heap<ThreadServer>(thread.waiter, thread.links, thread.name(connection.m_loop.m_exe_name)));
    }
    context.setCallbackThread(*link->callback_thread);
}

ThreadMap::Client MakeThreadMap(Connection& connection)
{
    return kj::heap<ThreadMapServer>(connection);
}

void ThrowOutOfRange(const char* field_name, const std::string& value, const char* target_type)
{
    throw std::range_error(std::string("mp: value ") + value + " does not fit field '" + field_name + "' (" +
                           target_type + ")");
}

} // namespace mp
