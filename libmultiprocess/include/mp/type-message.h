// Cap'n Proto struct types used directly, "passed as is".
//
// A method may take or return a capnp struct S itself instead of a C++
// type, in a field of type S:
//
//   S::Reader            a parameter. The client copies it into the request;
//                        the server receives a Reader pointing straight into
//                        the request, valid until the method returns (no
//                        copy). A client cannot receive one as a result or
//                        output parameter: the reply is freed when the call
//                        returns (a compile error, see ViewsMessage).
//   S::Builder           a parameter, sent like its Reader.
//   mp::CapnpMessage<S>  an owned copy of an S, for results, output
//                        parameters, and anything kept after a call. It
//                        holds its own message, so it outlives the response.
//
// Conversions copy with Cap'n Proto's own deep copy (setRoot / setX), so
// nested lists, text and unknown fields from a newer schema are kept.

#ifndef MP_TYPE_MESSAGE_H
#define MP_TYPE_MESSAGE_H

#include <mp/field-kinds.h>
#include <mp/proxy-types.h>

#include <capnp/message.h>

#include <memory>
#include <type_traits>

namespace mp {

//! An owned Cap'n Proto struct of type S, in a message of its own.
//! Default-constructed it holds an S with every field at its default.
//! Copying copies the struct into a new message; moving moves the message.
//! Like any capnp message, not safe to use from two threads at once.
template <typename S>
class CapnpMessage
{
public:
    using Struct = S;

    CapnpMessage() : m_message(std::make_unique<capnp::MallocMessageBuilder>()) { m_message->initRoot<S>(); }
    //! Copies `value` into a new message.
    explicit CapnpMessage(typename S::Reader value) : m_message(std::make_unique<capnp::MallocMessageBuilder>())
    {
        m_message->setRoot(value);
    }
    CapnpMessage(const CapnpMessage& other) : CapnpMessage(other.reader()) {}
    CapnpMessage(CapnpMessage&&) noexcept = default;
    CapnpMessage& operator=(const CapnpMessage& other)
    {
        if (this != &other) *this = CapnpMessage(other);
        return *this;
    }
    CapnpMessage& operator=(CapnpMessage&&) noexcept = default;

    //! The struct, to read. Valid while this object lives and is not moved from.
    typename S::Reader reader() const { return m_message->getRoot<S>().asReader(); }
    //! The struct, to modify.
    typename S::Builder builder() { return m_message->getRoot<S>(); }

    typename S::Reader operator*() const { return reader(); }

private:
    std::unique_ptr<capnp::MallocMessageBuilder> m_message;
};

//! A capnp struct Reader or Builder type (S::Reader, S::Builder).
template <typename T>
concept CapnpStructView = (requires { typename T::Reads; } && CapnpKindOf<T>() == capnp::Kind::STRUCT) ||
                          (requires { typename T::Builds; } && CapnpKindOf<T>() == capnp::Kind::STRUCT);

template <typename T>
    requires(requires { typename T::Reads; } && CapnpKindOf<T>() == capnp::Kind::STRUCT)
struct ViewsMessage<T> : std::true_type
{
};

//! Whether a field holds capnp struct S.
template <typename Field, typename S>
concept FieldHoldsStruct = StructKindField<Field> && std::is_same_v<capnp::FromAny<FieldValue<Field>>, S>;

//! Copies struct `value` into a field of the same struct type.
template <typename Reader, typename Output>
void BuildCapnpStruct(Reader value, Output& output)
{
    if constexpr (requires { output.set(value); }) {
        output.set(value);
    } else {
        static_assert(requires { output.set(value); },
                      "mp: a capnp struct cannot be copied into this output (list elements of struct type are "
                      "built in place; pass a C++ type with a conversion instead).");
    }
}

template <typename LocalType, typename Value, typename Output>
void CustomBuildField(TypeList<LocalType>, Priority<1>, InvokeContext&, Value&& value, Output&& output)
    requires CapnpStructView<LocalType> && FieldHoldsStruct<Output, capnp::FromAny<LocalType>>
{
    if constexpr (requires { value.asReader(); }) {
        BuildCapnpStruct(value.asReader(), output);
    } else {
        BuildCapnpStruct(value, output);
    }
}

template <typename LocalType, typename Input, typename ReadDest>
decltype(auto) CustomReadField(TypeList<LocalType>, Priority<1>, InvokeContext&, Input&& input, ReadDest&& read_dest)
    requires(requires { typename LocalType::Reads; }) && CapnpStructView<LocalType> &&
            FieldHoldsStruct<Input, capnp::FromReader<LocalType>>
{
    return read_dest.construct(input.get());
}

template <typename S, typename Value, typename Output>
void CustomBuildField(TypeList<CapnpMessage<S>>, Priority<1>, InvokeContext&, Value&& value, Output&& output)
    requires FieldHoldsStruct<Output, S>
{
    BuildCapnpStruct(value.reader(), output);
}

template <typename S, typename Input, typename ReadDest>
decltype(auto) CustomReadField(TypeList<CapnpMessage<S>>, Priority<1>, InvokeContext&, Input&& input,
                               ReadDest&& read_dest)
    requires FieldHoldsStruct<Input, S>
{
    return read_dest.construct(typename S::Reader(input.get()));
}

// ---- Message hooks -----------------------------------------------------------
//
// A C++ type may instead be converted to and from a capnp struct that does
// not wrap it by overloads the user writes in the types header (found by
// argument-dependent lookup, e.g. in namespace mp):
//
//   void CustomBuildMessage(InvokeContext&, const T& src, S::Builder&& builder);
//   void CustomReadMessage(InvokeContext&, const S::Reader& reader, T& dest);
//
// and, for an in/out parameter (same name in params and results) served on
// the other side, optionally
//
//   void CustomPassMessage(InvokeContext&, const S::Reader& in, S::Builder out,
//                          std::function<void(T&)>&& call);
//
// which makes the T itself, calls `call` (the implementation) with it and
// writes what it returns to `out` (see ServerArg::around in server-call.h).

template <typename LocalType, typename Output>
concept BuildsMessage = StructKindField<Output> && requires(InvokeContext& invoke_context, const LocalType& value,
                                                             Output& output) {
    CustomBuildMessage(invoke_context, value, output.init());
};

template <typename LocalType, typename Input>
concept ReadsMessage = StructKindField<Input> && requires(InvokeContext& invoke_context, Input& input,
                                                          LocalType& value) {
    CustomReadMessage(invoke_context, input.get(), value);
};

template <typename LocalType, typename Value, typename Output>
void CustomBuildField(TypeList<LocalType>, Priority<2>, InvokeContext& invoke_context, Value&& value, Output&& output)
    requires BuildsMessage<LocalType, Output>
{
    CustomBuildMessage(invoke_context, static_cast<const LocalType&>(value), output.init());
}

template <typename LocalType, typename Input, typename ReadDest>
decltype(auto) CustomReadField(TypeList<LocalType>, Priority<2>, InvokeContext& invoke_context, Input&& input,
                               ReadDest&& read_dest)
    requires ReadsMessage<LocalType, Input>
{
    return read_dest.update([&](LocalType& value) { CustomReadMessage(invoke_context, input.get(), value); });
}

} // namespace mp

#endif // MP_TYPE_MESSAGE_H
