// Filling a request's Context, and the ThreadMap a connection serves.

#include <mp/type-context.h>
#include <mp/type-number.h>
#include <mp/type-threadmap.h>

#include <mp/connection.h>
#include <mp/message-size.h>
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
    } else if (!link->remote_thread && !connection.m_thread_map) {
        // The peer gave no way to pick one of its threads: no ThreadMap in
        // `construct`, and no callbackThread in the request being served. A
        // plain Cap'n Proto client does this. Leave Context.thread unset; a
        // libmultiprocess peer runs such a call on a pool thread, and a
        // plain client has no threads to choose from (doc/interop.md).
    } else {
        if (!link->remote_thread) {
            auto request = connection.m_thread_map->makeThreadRequest(FirstSegmentHint<ThreadMap::MakeThreadParams>());
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
