// C++ objects <-> capnp interfaces (capabilities).
//
// Sending std::unique_ptr<Cls>, std::shared_ptr<Cls> or Cls& where Cls is
// wrapped by an interface creates a ProxyServer in this process: the peer
// receives a capability, and its calls come back here to the object.
// Receiving one creates a ProxyClient that forwards calls back to the peer.
// unique_ptr hands the object over to the server proxy; shared_ptr shares
// it; a reference lends it for as long as the peer holds the capability.

#ifndef MP_TYPE_INTERFACE_H
#define MP_TYPE_INTERFACE_H

#include <mp/proxy-types.h>

#include <capnp/capability.h>

#include <memory>
#include <type_traits>

namespace mp {

template <typename T>
concept CapnpClient = std::is_base_of_v<capnp::Capability::Client, T>;

//! The capnp interface of an output or input that is a capability field.
template <typename Field>
using FieldInterface = capnp::FromClient<Decay<decltype(std::declval<Field>().get())>>;

template <typename Field>
concept InterfaceField = CapnpClient<Decay<decltype(std::declval<Field>().get())>>;

//! The server proxy serving impl to the peer on ctx's connection.
template <typename Interface, typename Impl>
typename Interface::Client MakeProxyServer(InvokeContext& invoke_context, std::shared_ptr<Impl> impl)
{
    return kj::heap<ProxyServer<Interface>>(std::move(impl), invoke_context.connection);
}

//! A client proxy calling the capability the peer sent.
template <typename Interface, typename Input>
std::unique_ptr<ProxyClient<Interface>> MakeProxyClient(InvokeContext& invoke_context, Input& input)
{
    return std::make_unique<ProxyClient<Interface>>(input.get(), &invoke_context.connection,
                                                    /*destroy_connection=*/false);
}

template <typename Impl, typename Value, typename Output>
void CustomBuildField(TypeList<std::unique_ptr<Impl>>, Priority<1>, InvokeContext& invoke_context, Value&& value,
                      Output&& output)
    requires InterfaceField<Output>
{
    if (value) {
        output.set(MakeProxyServer<FieldInterface<Output>>(invoke_context, std::shared_ptr<Impl>(std::move(value))));
    }
}

template <typename Impl, typename Value, typename Output>
void CustomBuildField(TypeList<std::shared_ptr<Impl>>, Priority<1>, InvokeContext& invoke_context, Value&& value,
                      Output&& output)
    requires InterfaceField<Output>
{
    if (value) output.set(MakeProxyServer<FieldInterface<Output>>(invoke_context, std::shared_ptr<Impl>(value)));
}

//! A reference (Cls&): the object is lent, not owned, by the server proxy.
template <typename Impl, typename Value, typename Output>
void CustomBuildField(TypeList<Impl>, Priority<1>, InvokeContext& invoke_context, Value&& value, Output&& output)
    requires InterfaceField<Output> && std::is_class_v<Impl>
{
    output.set(MakeProxyServer<FieldInterface<Output>>(invoke_context, NotOwned<Impl>(value)));
}

template <typename Impl, typename Input, typename ReadDest>
decltype(auto) CustomReadField(TypeList<std::unique_ptr<Impl>>, Priority<1>, InvokeContext& invoke_context,
                               Input&& input, ReadDest&& read_dest)
    requires InterfaceField<Input>
{
    if (!input.has()) return read_dest.construct(nullptr);
    return read_dest.construct(MakeProxyClient<FieldInterface<Input>>(invoke_context, input));
}

template <typename Impl, typename Input, typename ReadDest>
decltype(auto) CustomReadField(TypeList<std::shared_ptr<Impl>>, Priority<1>, InvokeContext& invoke_context,
                               Input&& input, ReadDest&& read_dest)
    requires InterfaceField<Input>
{
    if (!input.has()) return read_dest.construct(nullptr);
    return read_dest.construct(std::shared_ptr<Impl>(MakeProxyClient<FieldInterface<Input>>(invoke_context, input)));
}

} // namespace mp

#endif // MP_TYPE_INTERFACE_H
