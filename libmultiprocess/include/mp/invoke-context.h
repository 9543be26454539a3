// InvokeContext: what a type conversion may need to know about the call it
// is converting for (the connection, and which side of the call it is on).

#ifndef MP_INVOKE_CONTEXT_H
#define MP_INVOKE_CONTEXT_H

namespace mp {

class Connection;
struct ThreadContext;

//! Passed to every BuildField/ReadField and so to CustomBuildField and
//! CustomReadField overloads.
struct InvokeContext
{
    //! The connection the call travels on. Capabilities built or read by a
    //! conversion belong to it.
    Connection& connection;
};

//! Context of a call being made by a ProxyClient.
struct ClientInvokeContext : InvokeContext
{
    //! The calling thread (blocked while the request is built and the
    //! results are read on the loop thread).
    ThreadContext& thread_context;
};

//! Context of a request being served by a ProxyServer.
struct ServerInvokeContext : InvokeContext
{
    //! Name of the method being served ("Interface.method"), for messages.
    const char* method_name;
    //! Where the request's parameters are in memory: tells which request
    //! this is to KeepUntilReplySent (server-call.h). Null if unknown.
    const void* request_params{nullptr};
};

} // namespace mp

#endif // MP_INVOKE_CONTEXT_H
