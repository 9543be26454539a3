// std::function <-> a capnp interface with a `call` method.
//
// A .capnp file describes a callable as an interface wrapping
// ProxyCallback<std::function<Signature>>:
//
//   interface IntFn $Proxy.wrap("mp::ProxyCallback<std::function<int32_t(int32_t)>>") {
//       destroy @0 (context :Proxy.Context) -> ();
//       call @1 (context :Proxy.Context, value :Int32) -> (result :Int32);
//   }
//
// (ProxyCallback is declared in mp/proxy.h, so that generated proxy headers
// can derive from it without this header.)
//
// Sending a std::function serves a copy of it to the peer; the peer receives
// a std::function that forwards each call back here. As with any interface
// callback, a call made while this process waits on the peer runs on the
// waiting thread (give `call` a Context so it can).
//
// An empty std::function is sent as a null capability and read back as an
// empty std::function.

#ifndef MP_TYPE_FUNCTION_H
#define MP_TYPE_FUNCTION_H

#include <mp/proxy-types.h>
#include <mp/type-interface.h>

#include <functional>
#include <memory>
#include <utility>

namespace mp {

//! The object served for a std::function sent to the peer: calls the
//! function it holds.
template <typename Fn>
class ProxyCallbackImpl;

template <typename Result, typename... Args>
class ProxyCallbackImpl<std::function<Result(Args...)>> final : public ProxyCallback<std::function<Result(Args...)>>
{
public:
    explicit ProxyCallbackImpl(std::function<Result(Args...)> fn) : m_fn(std::move(fn)) {}
    Result call(Args... args) override { return m_fn(std::forward<Args>(args)...); }

private:
    std::function<Result(Args...)> m_fn;
};

// Priority 2: a std::function is also a class, which type-interface.h's
// reference overload (Priority 1) would otherwise try to lend as an object.
template <typename Result, typename... Args, typename Value, typename Output>
void CustomBuildField(TypeList<std::function<Result(Args...)>>, Priority<2>, InvokeContext& invoke_context,
                      Value&& value, Output&& output)
    requires InterfaceField<Output>
{
    using Fn = std::function<Result(Args...)>;
    if (!value) return; // empty function: null capability
    auto impl = std::make_shared<ProxyCallbackImpl<Fn>>(Fn(std::forward<Value>(value)));
    output.set(MakeProxyServer<FieldInterface<Output>>(invoke_context,
                                                        std::shared_ptr<ProxyCallback<Fn>>(std::move(impl))));
}

template <typename Result, typename... Args, typename Input, typename ReadDest>
decltype(auto) CustomReadField(TypeList<std::function<Result(Args...)>>, Priority<2>, InvokeContext& invoke_context,
                               Input&& input, ReadDest&& read_dest)
    requires InterfaceField<Input>
{
    using Fn = std::function<Result(Args...)>;
    if (!input.has()) return read_dest.construct();
    // Shared, because std::function must be copyable; the remote object is
    // released when the last copy of the function is destroyed.
    std::shared_ptr<ProxyCallback<Fn>> client = MakeProxyClient<FieldInterface<Input>>(invoke_context, input);
    return read_dest.construct([client](Args... args) -> Result { return client->call(std::forward<Args>(args)...); });
}

} // namespace mp

#endif // MP_TYPE_FUNCTION_H
