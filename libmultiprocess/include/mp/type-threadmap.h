// The ThreadMap exchanged by `construct` (interface ThreadMap $count(0) in
// proxy.capnp): each side sends its own ThreadMap and keeps the peer's, so
// either side can later ask the other for a thread.

#ifndef MP_TYPE_THREADMAP_H
#define MP_TYPE_THREADMAP_H

#include <mp/proxy-types.h>

namespace mp {

//! A ThreadMap capability serving this process's threads to the peer.
ThreadMap::Client MakeThreadMap(Connection& connection);

template <typename Output>
void CustomBuildField(TypeList<>, Priority<1>, InvokeContext& invoke_context, Output&& output)
    requires std::is_same_v<Decay<decltype(output.get())>, ThreadMap::Client>
{
    output.set(MakeThreadMap(invoke_context.connection));
}

template <typename Input>
void CustomReadField(TypeList<>, Priority<1>, InvokeContext& invoke_context, Input&& input)
    requires std::is_same_v<Decay<decltype(input.get())>, ThreadMap::Client>
{
    if (input.has()) invoke_context.connection.m_thread_map = input.get();
}

} // namespace mp

#endif // MP_TYPE_THREADMAP_H
