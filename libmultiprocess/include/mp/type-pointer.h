// std::unique_ptr<T> and std::shared_ptr<T> of values (not of classes an
// interface wraps: those are capabilities, see type-interface.h) <-> the
// field T converts to. Null is "empty", with the rules of std::optional
// (type-optional.h): a pointer field is left null, a primitive field needs a
// `hasX :Bool` companion.
//
// Reading allocates a new T for a present value, so
// std::shared_ptr<const FooStruct> works: the peer gets its own copy.

#ifndef MP_TYPE_POINTER_H
#define MP_TYPE_POINTER_H

#include <mp/field-kinds.h>
#include <mp/proxy-types.h>
#include <mp/type-interface.h>
#include <mp/type-optional.h>

#include <memory>

namespace mp {

//! Writes *value if value is not null.
template <typename T, typename Value, typename Output>
void BuildPointee(InvokeContext& invoke_context, const Value& value, Output& output)
{
    CheckCanBeAbsent<Output>();
    output.setHas(value != nullptr);
    if (value) BuildField(TypeList<T>(), invoke_context, output, *value);
}

//! Reads a present value into a new object owned by a Pointer
//! (std::unique_ptr or std::shared_ptr of T), or null.
template <typename Pointer, typename T, typename Input, typename ReadDest>
decltype(auto) ReadPointee(InvokeContext& invoke_context, Input& input, ReadDest& read_dest)
{
    CheckCanBeAbsent<Input>();
    if (!input.has()) return read_dest.construct(nullptr);
    using Object = std::remove_const_t<T>;
    auto object = ReadField(TypeList<Object>(), invoke_context, input, ReadDestTemp<Object>());
    return read_dest.construct(Pointer(new Object(std::move(object))));
}

template <typename T, typename Deleter, typename Value, typename Output>
void CustomBuildField(TypeList<std::unique_ptr<T, Deleter>>, Priority<1>, InvokeContext& invoke_context,
                      Value&& value, Output&& output)
    requires(!InterfaceField<Output>)
{
    BuildPointee<T>(invoke_context, value, output);
}

template <typename T, typename Value, typename Output>
void CustomBuildField(TypeList<std::shared_ptr<T>>, Priority<1>, InvokeContext& invoke_context, Value&& value,
                      Output&& output)
    requires(!InterfaceField<Output>)
{
    BuildPointee<T>(invoke_context, value, output);
}

template <typename T, typename Input, typename ReadDest>
decltype(auto) CustomReadField(TypeList<std::unique_ptr<T>>, Priority<1>, InvokeContext& invoke_context,
                               Input&& input, ReadDest&& read_dest)
    requires(!InterfaceField<Input>)
{
    return ReadPointee<std::unique_ptr<T>, T>(invoke_context, input, read_dest);
}

template <typename T, typename Input, typename ReadDest>
decltype(auto) CustomReadField(TypeList<std::shared_ptr<T>>, Priority<1>, InvokeContext& invoke_context,
                               Input&& input, ReadDest&& read_dest)
    requires(!InterfaceField<Input>)
{
    return ReadPointee<std::shared_ptr<T>, T>(invoke_context, input, read_dest);
}

} // namespace mp

#endif // MP_TYPE_POINTER_H
