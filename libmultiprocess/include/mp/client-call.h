// The client side of one call: what a generated ProxyClient method calls.
//
// Usually no other thread is running the event loop, and the calling thread
// does everything itself (see LoopDriver in mp/event-loop.h):
//
//   caller thread, driving the loop
//   -------------------------------
//   ClientInvoke() builds the request (BuildField...) and sends it,
//   sleeps in epoll until the reply arrives, running callbacks posted to it,
//   reads the results (ReadField...), returns or rethrows
//
// If another thread is driving the loop, the caller queues the build and
// send for that thread, which also reads the reply and wakes the caller.
//
// The build and read functions may use the caller's arguments by reference:
// the caller is inside the call until they have run.
//
// With the loop's log level at Trace, the send and the receive are each
// logged with the rendered params/results (see TraceCall).

#ifndef MP_CLIENT_CALL_H
#define MP_CLIENT_CALL_H

#include <mp/event-loop.h>
#include <mp/fields.h>
#include <mp/invoke-context.h>
#include <mp/message-size.h>
#include <mp/proxy.h>
#include <mp/thread-context.h>

#include <capnp/capability.h>
#include <kj/async.h>
#include <kj/function.h>
#include <kj/string.h>

#include <exception>
#include <optional>
#include <type_traits>

namespace mp {

//! Runs one call for a ProxyClient method: see ClientInvoke. Not a template,
//! so its logic is compiled once and readable in a debugger.
class ClientCall
{
public:
    ClientCall(ProxyContext& context, const char* method_name) : m_context(context), m_method_name(method_name) {}

    //! On the loop thread, calls send(ctx) and waits for the promise it
    //! returns; meanwhile runs callbacks posted to the calling thread.
    //! Rethrows an error from building, sending or reading as a C++
    //! exception: a remote std::exception becomes std::runtime_error with the
    //! server's message; a lost connection becomes std::runtime_error naming
    //! the method and saying the peer disconnected.
    void run(kj::FunctionParam<kj::Promise<void>(ClientInvokeContext&)> send);

    //! An exception thrown while reading results, kept with its type.
    std::exception_ptr m_read_error;

private:
    //! Makes a deferred `construct` call first, once (see ProxyContext).
    void runDeferredConstruct();
    //! Why a call fails for lack of a connection: the peer went away, or
    //! this process is shutting its loop down.
    const char* disconnectReason() const;

    ProxyContext& m_context;
    const char* m_method_name;
};

//! The parameters of a request being built, as a plain struct builder.
template <typename Params, typename Results>
typename Params::Builder ParamsOf(capnp::Request<Params, Results>& request)
{
    return request;
}

//! The parameter struct of a request type capnp::Request<Params, Results>.
template <typename Request>
struct RequestParams;
template <typename Params, typename Results>
struct RequestParams<capnp::Request<Params, Results>>
{
    using Type = Params;
};

//! The results of a reply, as a plain struct reader.
template <typename Results>
typename Results::Reader ResultsOf(capnp::Response<Results>& response)
{
    return response;
}

//! Sends a request and waits for the reply, on behalf of a generated
//! ProxyClient method.
//!
//!   make_request(hint)   creates the request (m_client.fooRequest(hint));
//!                        hint is the first segment size to allocate
//!   build(ctx, params)   fills its parameters from the C++ arguments
//!   read(ctx, results)   reads the reply into the caller's return value
//!                        and output arguments
//!
//! All three run while the calling thread is inside the call, on whichever
//! thread drives the loop (usually the calling thread itself).
template <typename MakeRequestFn, typename BuildFn, typename ReadFn>
void ClientInvoke(ProxyContext& context, const char* method_name, MakeRequestFn&& make_request, BuildFn&& build,
                  ReadFn&& read)
{
    ClientCall call(context, method_name);
    call.run([&](ClientInvokeContext& invoke_context) -> kj::Promise<void> {
        using Request = std::invoke_result_t<MakeRequestFn, capnp::MessageSize>;
        auto request = make_request(FirstSegmentHint<typename RequestParams<Request>::Type>());
        build(invoke_context, ParamsOf(request));
        EventLoop& loop = *context.loop;
        if (loop.traceEnabled()) [[unlikely]] {
            TraceCall(loop, "client send", method_name, &invoke_context.thread_context.thread_name,
                      kj::str(ParamsOf(request)));
        }
        return request.send().then([&](auto&& response) {
            if (loop.traceEnabled()) [[unlikely]] {
                TraceCall(loop, "client recv", method_name, &invoke_context.thread_context.thread_name,
                          kj::str(ResultsOf(response)));
            }
            try {
                read(invoke_context, ResultsOf(response));
            } catch (...) {
                call.m_read_error = std::current_exception();
            }
        });
    });
}

//! Writes one C++ argument of a client call to its parameter field. A
//! pointer argument is optional: null leaves the field unset. Arguments are
//! always copied into the request, large byte buffers too: a call can end
//! before its request has been written (a peer may answer after reading only
//! the start of it; a disconnect fails the call while writes are queued), and
//! the caller's buffer is its own again once the call returns (lent-bytes.h).
template <typename Param, typename Output, typename Arg>
void BuildInput(TypeList<Param>, InvokeContext& invoke_context, Output&& output, Arg&& arg)
{
    if constexpr (OptionalPointer<Param>) {
        if (!arg) return;
        BuildField(TypeList<std::remove_pointer_t<Decay<Param>>>(), invoke_context, output, *arg);
    } else {
        BuildField(TypeList<Param>(), invoke_context, output, std::forward<Arg>(arg));
    }
}

//! Tells the server whether the caller wants an optional output (a null
//! output pointer means no).
template <typename Output, typename Arg>
void BuildWant(Output&& output, const Arg& arg)
{
    if constexpr (std::is_pointer_v<Arg>) {
        output.setWant(arg != nullptr);
    } else {
        output.setWant(true);
    }
}

//! Reads a result field into the caller's output argument (T& or T*).
template <typename Param, typename Input, typename Arg>
void ReadOutput(TypeList<Param>, InvokeContext& invoke_context, Input&& input, Arg& arg)
{
    static_assert(!ViewsMessage<Decay<std::remove_pointer_t<Decay<Param>>>>::value,
                  "mp: an output parameter cannot be a type that points into the reply (const char*, std::span, "
                  "a capnp S::Reader): the reply is freed when the call returns. Use an owning type "
                  "(std::string, std::vector, mp::CapnpMessage<S>).");
    if constexpr (std::is_pointer_v<Decay<Param>>) {
        if (arg) ReadField(TypeList<std::remove_pointer_t<Decay<Param>>>(), invoke_context, input, ReadDestUpdate(*arg));
    } else {
        ReadField(TypeList<Param>(), invoke_context, input, ReadDestUpdate(arg));
    }
}

//! Reads the `result` field into the value the client method returns.
template <typename Result, typename Input>
void ReadResult(TypeList<Result>, InvokeContext& invoke_context, Input&& input, std::optional<Decay<Result>>& result)
{
    static_assert(!ViewsMessage<Decay<Result>>::value,
                  "mp: a method cannot return a type that points into the reply (const char*, std::span, a capnp "
                  "S::Reader): the reply is freed when the call returns. Return an owning type (std::string, "
                  "std::vector, mp::CapnpMessage<S>).");
    ReadField(TypeList<Result>(), invoke_context, input, ReadDestEmplace<Decay<Result>>(result));
}

} // namespace mp

#endif // MP_CLIENT_CALL_H
