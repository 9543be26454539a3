// The Context parameter (struct Context $count(0) in proxy.capnp): it has no
// C++ counterpart. The client fills it in to say which server thread runs
// the call and which client thread runs callbacks made during it.

#ifndef MP_TYPE_CONTEXT_H
#define MP_TYPE_CONTEXT_H

#include <mp/proxy-types.h>

namespace mp {

//! Fills a request's Context for the calling thread: the server thread to
//! run on (the caller's own thread in the peer, made on first use with the
//! peer's ThreadMap; or, when the caller is itself serving a request from
//! the same peer, the peer's thread waiting for it; or none, if the peer
//! sent neither a ThreadMap nor a callbackThread), and a Thread capability
//! for the caller itself. Loop thread only.
void FillContext(ClientInvokeContext& invoke_context, Context::Builder context);

template <typename Output>
void CustomBuildField(TypeList<>, Priority<1>, InvokeContext& invoke_context, Output&& output)
    requires std::is_same_v<Decay<decltype(output.get())>, Context::Builder>
{
    FillContext(static_cast<ClientInvokeContext&>(invoke_context), output.init());
}

} // namespace mp

#endif // MP_TYPE_CONTEXT_H
