// C++ structs <-> capnp structs annotated with $Proxy.wrap("CppStruct"):
// copied field by field by the ProxyType<CppStruct> functions that mpgen
// writes into the generated proxy-types files.

#ifndef MP_TYPE_STRUCT_H
#define MP_TYPE_STRUCT_H

#include <mp/proxy-types.h>

namespace mp {

//! A C++ struct that some .capnp file wraps with $Proxy.wrap.
template <typename T>
concept WrappedStruct = requires { typename ProxyType<T>::Struct; };

template <typename LocalType, typename Value, typename Output>
void CustomBuildField(TypeList<LocalType>, Priority<1>, InvokeContext& invoke_context, Value&& value, Output&& output)
    requires WrappedStruct<LocalType>
{
    ProxyType<LocalType>::build(invoke_context, value, output.init());
}

template <typename LocalType, typename Input, typename ReadDest>
decltype(auto) CustomReadField(TypeList<LocalType>, Priority<1>, InvokeContext& invoke_context, Input&& input,
                               ReadDest&& read_dest)
    requires WrappedStruct<LocalType>
{
    return read_dest.update([&](LocalType& value) { ProxyType<LocalType>::read(invoke_context, input.get(), value); });
}

} // namespace mp

#endif // MP_TYPE_STRUCT_H
