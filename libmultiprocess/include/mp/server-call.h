// The server side of one call: what a generated ProxyServer method calls.
//
// A request is served in three steps, each a function the generated code
// passes in:
//
//   1. read   (loop thread)   parameters -> C++ arguments (Args)
//   2. invoke (see below)     call the implementation with the arguments
//   3. build  (loop thread)   return value and output arguments -> results
//
// Step 2 runs on the loop thread for methods without a Context, and on the
// thread mapped to the calling client thread for methods with one. Only
// plain C++ values cross to that thread: Cap'n Proto messages and
// capabilities stay on the loop thread, so a connection that dies mid-call
// cannot leave a worker writing into freed memory.

#ifndef MP_SERVER_CALL_H
#define MP_SERVER_CALL_H

#include <mp/event-loop.h>
#include <mp/exception-conversion.h>
#include <mp/field-kinds.h>
#include <mp/fields.h>
#include <mp/invoke-context.h>
#include <mp/lent-bytes.h>
#include <mp/message-size.h>
#include <mp/proxy.capnp.h>
#include <mp/proxy.h>

#include <capnp/any.h>
#include <capnp/message.h>
#include <kj/async.h>

#include <functional>
#include <memory>
#include <optional>
#include <ranges>
#include <stdexcept>
#include <string>
#include <type_traits>

namespace mp {

//! Where step 2 of a request runs.
enum class ServeOn {
    LoopThread, //!< method has no Context
    MappedThread, //!< method's first parameter is a Context
};

//! Runs job on the thread a request's Context names (or on a pool thread if
//! it names none) and resolves on the loop thread when the job returns.
//! Rejects if the named thread is unknown or gone. Loop thread only.
kj::Promise<void> RunOnMappedThread(Connection& connection, Context::Reader context, const char* method_name,
                                    std::function<void()> job);

//! Throws (as a kj::Exception for the client) if a server's object was
//! already destroyed by a `destroy` request.
void CheckImplAlive(const void* impl, const char* method_name);

//! Keeps `owner` alive until the reply to the request being served with
//! invoke_context has been written to the connection's socket, so that the
//! reply may point into memory it owns (lent-bytes.h). Returns false, and
//! keeps nothing, if the reply does not go out that way: the request was
//! made by this process itself (a capability of its own called through Cap'n
//! Proto) or asked for its results to be sent elsewhere. Loop thread only.
bool KeepUntilReplySent(ServerInvokeContext& invoke_context, std::shared_ptr<const void> owner);

//! Copies size bytes (and a NUL if `text`) into a buffer of the connection's
//! for replies, kept like KeepUntilReplySent's owner; returns it, or null
//! (nothing copied) in the cases where KeepUntilReplySent returns false.
//! Loop thread only.
const capnp::word* CopyForReply(ServerInvokeContext& invoke_context, const void* bytes, size_t size, bool text);

//! A result or output of type Value that LendToReply can put in Output: an
//! owned byte container in Data, or a std::string in Text.
template <typename Value, typename Output>
concept ReplyLendable = !std::ranges::borrowed_range<Value> &&
                        (LendableBytes<Value, Output> ||
                         (std::is_same_v<Value, std::string> && TextOutput<Output> &&
                          requires(Output& output) { output.orphanage(); }));

//! Puts a large byte buffer (a std::vector or std::string the
//! implementation returned or filled in) in the reply without building a
//! copy in the message: lends the buffer itself if Cap'n Proto can take it
//! (moved into a holder that KeepUntilReplySent keeps), else a copy in a
//! kept reply buffer (CopyForReply). Returns false, with value as it was, if
//! neither can be done: the caller builds the field as usual then.
template <typename Value, typename Output>
bool LendToReply(ServerInvokeContext& invoke_context, Output& output, Value& value)
    requires ReplyLendable<Value, Output>
{
    const size_t size = std::ranges::size(value);
    if (size < kMinLentBytes) return false;
    if constexpr (DataOutput<Output>) {
        if (CanLend(value)) {
            // Moving a vector or string keeps its heap buffer where it is.
            auto kept = std::make_shared<Value>(std::move(value));
            if (CanLend(*kept) && KeepUntilReplySent(invoke_context, kept)) {
                LendBytes(output, *kept);
                return true;
            }
            value = std::move(*kept);
        }
    }
    const capnp::word* copy = CopyForReply(invoke_context, std::ranges::data(value), size, TextOutput<Output>);
    if (!copy) return false;
    LendWords(output, copy, size);
    return true;
}

//! Where a request's parameters are: identifies the request (see
//! ServerInvokeContext::request_params).
template <typename ParamsReader>
const void* ParamsAddress(ParamsReader params)
{
    return capnp::AnyStruct::Reader(params).getDataSection().begin();
}

//! First segment size for a call's results (see FirstSegmentHint).
template <typename Params, typename Results>
capnp::MessageSize ResultsHint(capnp::CallContext<Params, Results>&)
{
    return FirstSegmentHint<Results>();
}

//! Steps 1-3 of ServeRequest for a method with a Context.
template <typename Args, typename CallContext, typename ReadFn, typename InvokeFn, typename BuildFn>
kj::Promise<void> ServeOnMappedThread(Connection& connection, CallContext call, const char* method_name, ReadFn read,
                                      InvokeFn invoke, BuildFn build)
{
    ServerInvokeContext invoke_context{{connection}, method_name, ParamsAddress(call.getParams())};
    // Shared by the worker and the promise chain: if the call is cancelled
    // (peer gone) while the worker runs, the arguments outlive the chain.
    auto args = std::make_shared<Args>();
    try {
        read(invoke_context, *args, call.getParams());
    } catch (...) {
        throw ToKjException(std::current_exception(), method_name);
    }
    auto job = [args, invoke = std::move(invoke)]() mutable { invoke(*args); };
    return RunOnMappedThread(connection, call.getParams().getContext(), method_name, std::move(job))
        .then([args, call, &connection, method_name, build = std::move(build)]() mutable {
            ServerInvokeContext build_context{{connection}, method_name, ParamsAddress(call.getParams())};
            try {
                build(build_context, *args, call.getResults(ResultsHint(call)));
            } catch (...) {
                throw ToKjException(std::current_exception(), method_name);
            }
            EventLoop& loop = ConnectionLoop(connection);
            if (loop.traceEnabled()) [[unlikely]] {
                TraceCall(loop, "server reply", method_name, nullptr, kj::str(call.getResults()));
            }
        });
}

//! A promise the loop thread itself fulfils during its next turn (see
//! EventLoop::runOnLoopThread); its continuations run there. Loop thread.
kj::Promise<void> DeferToLoopThread(EventLoop& loop);

//! Serves one request; see the file comment.
template <typename Args, ServeOn serve_on, typename Server, typename CallContext, typename ReadFn, typename InvokeFn,
          typename BuildFn>
kj::Promise<void> ServeRequest(Server& server, CallContext call, const char* method_name, ReadFn read, InvokeFn invoke,
                               BuildFn build)
{
    Connection& connection = *server.m_context.connection;
    EventLoop& loop = *server.m_context.loop;
    if (loop.traceEnabled()) [[unlikely]] {
        TraceCall(loop, "server recv", method_name, nullptr, kj::str(call.getParams()));
    }
    if constexpr (serve_on == ServeOn::LoopThread) {
        if (!loop.onOwnThread()) {
            // Another thread is driving the loop (a caller waiting for its
            // reply): methods without a Context run on the event loop
            // thread itself, so hand the call to it.
            return DeferToLoopThread(loop).then([&server, call, method_name, read, invoke, build]() mutable {
                return ServeRequest<Args, serve_on>(server, call, method_name, read, invoke, build);
            });
        }
    }
    ServerInvokeContext invoke_context{{connection}, method_name, ParamsAddress(call.getParams())};
    if constexpr (serve_on == ServeOn::LoopThread) {
        loop.setHotWaiter(nullptr);
        try {
            Args args;
            read(invoke_context, args, call.getParams());
            invoke(args);
            build(invoke_context, args, call.getResults(ResultsHint(call)));
        } catch (...) {
            throw ToKjException(std::current_exception(), method_name);
        }
        if (loop.traceEnabled()) [[unlikely]] {
            TraceCall(loop, "server reply", method_name, nullptr, kj::str(call.getResults()));
        }
        return kj::READY_NOW;
    } else {
        return ServeOnMappedThread<Args>(connection, call, method_name, std::move(read), std::move(invoke), std::move(build));
    }
}

//! Whether an in/out argument of type Value read from Input is handed to
//! the implementation by the user's CustomPassMessage hook (see
//! mp/type-message.h) rather than read, passed and written back.
template <typename Value, typename Input>
concept PassesMessage = StructKindField<Input> && requires(InvokeContext& invoke_context, Input& input,
                                                           std::function<void(Value&)> call) {
    CustomPassMessage(invoke_context, input.get(),
                      std::declval<typename capnp::FromReader<FieldValue<Input>>::Builder>(), std::move(call));
};

//! Storage for one C++ argument of a server-side call, of the type the
//! implementation's method takes (Param). Reads it from the request, passes
//! it to the method in the form the method expects, and writes it back to
//! the results if it is an output.
//!
//!   T, const T&, T&&   read from the request, passed by reference or moved
//!   T&                 output or in/out: passed as an lvalue, built back
//!   T*                 optional output: null unless the caller wants it
//!   const T*           optional input: null unless the caller sent it
//!   const char*        a C string (not an optional input), see type-char.h
template <typename Param>
class ServerArg
{
    static constexpr bool is_pointer = OptionalPointer<Param>;
    using Pointee = std::conditional_t<is_pointer, std::remove_pointer_t<Param>, Param>;

public:
    using Value = Decay<Pointee>;
    //! Abstract classes (interfaces passed as Cls& or Cls*) are held by a
    //! proxy they own.
    static constexpr bool held_by_pointer = std::is_abstract_v<Value>;
    using Stored = std::conditional_t<held_by_pointer, std::unique_ptr<Value>, Value>;

    //! Reads the argument from a parameter field.
    template <typename Input>
    void read(InvokeContext& invoke_context, Input&& input)
    {
        if constexpr (PassesMessage<Value, Input>) {
            preparePass<capnp::FromReader<FieldValue<Input>>>(invoke_context, input.get());
            return;
        }
        if constexpr (is_pointer) {
            if (!input.has()) return;
        }
        ReadField(TypeList<Stored>(), invoke_context, input, ReadDestEmplace<Stored>(m_value));
        if constexpr (held_by_pointer && !is_pointer) {
            // A Cls& parameter cannot be null, but a peer can send a null
            // capability: fail the call rather than pass a null reference.
            if (!*m_value) throw std::runtime_error("mp: null capability sent for a reference parameter");
        }
    }

    //! Records whether the caller wants an optional output (T* params).
    template <typename Input>
    void readWant(Input&& input)
    {
        m_wanted = input.want();
    }

    //! Runs call(), the call of the implementation. For an argument given
    //! to a CustomPassMessage hook, runs it inside the hook, which makes
    //! the value that pass() then returns. Called on the thread that runs
    //! the implementation.
    template <typename Call>
    void around(Call&& call)
    {
        if (!m_pass_hook) {
            call();
            return;
        }
        m_pass_hook([&](Value& value) {
            m_pass_value = &value;
            call();
            m_pass_value = nullptr;
        });
    }

    //! The argument as the implementation's method takes it.
    Param pass()
    {
        if constexpr (is_pointer) {
            if (m_pass_value) return m_pass_value;
            if (!m_value) {
                if (!m_wanted || std::is_const_v<Pointee>) return nullptr;
                m_value.emplace();
            }
            return &deref();
        } else {
            if (m_pass_value) return static_cast<Param&&>(*m_pass_value);
            if (!m_value) {
                // An output-only argument: the method fills it in.
                if constexpr (std::is_default_constructible_v<Stored>) {
                    m_value.emplace();
                } else {
                    throw std::runtime_error("mp: missing argument of a type that has no default value");
                }
            }
            return static_cast<Param&&>(deref());
        }
    }

    //! Writes an output argument to a result field (a large byte buffer is
    //! lent to the reply: this is the argument's last use).
    template <typename Output>
    void build(ServerInvokeContext& invoke_context, Output&& output)
    {
        if constexpr (StructKindField<Output>) {
            if (m_pass_out) {
                // What the CustomPassMessage hook wrote.
                output.set(m_pass_out->getRoot<capnp::FromBuilder<FieldValue<Output>>>().asReader());
                return;
            }
        }
        if (!m_value) return;
        if constexpr (!held_by_pointer && requires { LendToReply(invoke_context, output, *m_value); }) {
            if (LendToReply(invoke_context, output, *m_value)) return;
        }
        BuildField(TypeList<Value>(), invoke_context, output, deref());
    }

private:
    Value& deref()
    {
        if constexpr (held_by_pointer) {
            return **m_value;
        } else {
            return *m_value;
        }
    }

    //! Sets up around() for a CustomPassMessage hook: the hook runs on the
    //! implementation's thread, where the request may be gone, so it reads
    //! a copy of the parameter and writes into a message of its own, which
    //! build() copies into the results.
    template <typename Struct>
    void preparePass(InvokeContext& invoke_context, typename Struct::Reader param)
    {
        auto in = std::make_shared<capnp::MallocMessageBuilder>();
        in->setRoot(param);
        m_pass_out = std::make_unique<capnp::MallocMessageBuilder>();
        m_pass_out->initRoot<Struct>();
        m_pass_hook = [this, in, &connection = invoke_context.connection](std::function<void(Value&)> call) {
            InvokeContext pass_context{connection};
            CustomPassMessage(pass_context, in->getRoot<Struct>().asReader(), m_pass_out->getRoot<Struct>(),
                              std::move(call));
        };
    }

    std::optional<Stored> m_value;
    bool m_wanted{true};
    //! Set for an argument handed over by a CustomPassMessage hook.
    std::function<void(std::function<void(Value&)>)> m_pass_hook;
    std::unique_ptr<capnp::MallocMessageBuilder> m_pass_out;
    Value* m_pass_value{nullptr};
};

//! Storage for the implementation's return value until step 3 writes it.
template <typename Result>
class ServerResult
{
public:
    using Value = Decay<Result>;

    template <typename Returned>
    void store(Returned&& value)
    {
        m_value.emplace(std::forward<Returned>(value));
    }

    //! Writes the value to the `result` field (a large byte buffer is lent
    //! to the reply: this is the value's last use).
    template <typename Output>
    void build(ServerInvokeContext& invoke_context, Output&& output)
    {
        if (!m_value) return;
        if constexpr (requires { LendToReply(invoke_context, output, *m_value); }) {
            if (LendToReply(invoke_context, output, *m_value)) return;
        }
        BuildField(TypeList<Value>(), invoke_context, output, *m_value);
    }

private:
    std::optional<Value> m_value;
};

} // namespace mp

#endif // MP_SERVER_CALL_H
