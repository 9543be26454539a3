// std::tuple<A, B, ...> <-> a capnp struct with that many fields, by
// position: element I goes to the struct's field number I in code order.
//
// Any struct in a .capnp file that mpgen reads works, wrapped or not, and
// generic ones too (`struct Pair(K, V) { key @0 :K; value @1 :V; }`):
// mpgen writes ProxyStruct<S>::Fields, the list of S's field accessors that
// is used here. Union members and hasX/wantX companion fields do not count
// as positions; a companion still says whether its field is present, so
// `std::tuple<int, std::optional<int>>` fits
// `struct { a @0 :Int32; b @1 :Int32; hasB @2 :Bool; }`.
//
// The tuple and the struct must have the same number of fields; a mismatch,
// or a struct mpgen did not read, is a compile error saying so. Reading
// constructs the tuple from its converted elements.
//
// std::pair is in type-pair.h, using the helpers below.

#ifndef MP_TYPE_TUPLE_H
#define MP_TYPE_TUPLE_H

#include <mp/field-kinds.h>
#include <mp/proxy-types.h>

#include <capnp/common.h>

#include <cstddef>
#include <tuple>
#include <utility>

namespace mp {

//! The capnp struct type an output or input field holds, e.g.
//! messages::Pair<capnp::Text, capnp::Data>.
template <typename Field>
using FieldStruct = capnp::FromAny<FieldValue<Field>>;

template <typename Struct>
concept HasProxyStruct = requires { typename ProxyStruct<Struct>::Fields; };

//! The accessors of Struct's fields, checked to be `size` of them.
template <typename Struct, size_t size>
struct StructFieldsOf
{
    static_assert(HasProxyStruct<Struct>,
                  "mp: this capnp struct has no ProxyStruct<Struct>, so its fields cannot be reached by position "
                  "(std::pair, std::tuple, map entries). Declare it in a .capnp file that mpgen generates code for.");
    using Fields = typename ProxyStruct<Struct>::Fields;
    static_assert(std::tuple_size_v<Fields> == size,
                  "mp: the C++ pair/tuple and the capnp struct have different numbers of fields "
                  "(companion hasX/wantX fields and union members are not counted).");
};

//! Output or input for field number `index` of a struct builder or reader.
template <size_t index, size_t size, typename BuilderOrReader>
auto StructFieldAt(BuilderOrReader struct_value)
{
    using Fields = typename StructFieldsOf<capnp::FromAny<BuilderOrReader>, size>::Fields;
    return StructField<std::tuple_element_t<index, Fields>>(struct_value);
}

//! Writes each element of a tuple-like value (std::tuple, std::pair) to the
//! struct field at its position.
template <typename Tuple, typename Value, typename Builder>
void BuildTupleFields(InvokeContext& invoke_context, const Value& value, Builder builder)
{
    constexpr size_t size = std::tuple_size_v<Tuple>;
    [&]<size_t... index>(std::index_sequence<index...>) {
        (BuildField(TypeList<std::tuple_element_t<index, Tuple>>(), invoke_context,
                    StructFieldAt<index, size>(builder), std::get<index>(value)),
         ...);
    }(std::make_index_sequence<size>());
}

//! Reads a tuple-like value from the struct fields at each position and
//! passes it to read_dest.construct(). Elements are read into temporaries
//! and moved, so they need not be default-constructible.
template <typename Tuple, typename Reader, typename ReadDest>
decltype(auto) ReadTupleFields(InvokeContext& invoke_context, Reader reader, ReadDest& read_dest)
{
    constexpr size_t size = std::tuple_size_v<Tuple>;
    return [&]<size_t... index>(std::index_sequence<index...>) -> decltype(auto) {
        return read_dest.construct(ReadField(TypeList<std::tuple_element_t<index, Tuple>>(), invoke_context,
                                             StructFieldAt<index, size>(reader),
                                             ReadDestTemp<Decay<std::tuple_element_t<index, Tuple>>>())...);
    }(std::make_index_sequence<size>());
}

template <typename... Elements, typename Value, typename Output>
void CustomBuildField(TypeList<std::tuple<Elements...>>, Priority<1>, InvokeContext& invoke_context, Value&& value,
                      Output&& output)
    requires StructKindField<Output>
{
    BuildTupleFields<std::tuple<Elements...>>(invoke_context, value, output.init());
}

template <typename... Elements, typename Input, typename ReadDest>
decltype(auto) CustomReadField(TypeList<std::tuple<Elements...>>, Priority<1>, InvokeContext& invoke_context,
                               Input&& input, ReadDest&& read_dest)
    requires StructKindField<Input>
{
    return ReadTupleFields<std::tuple<Elements...>>(invoke_context, input.get(), read_dest);
}

} // namespace mp

#endif // MP_TYPE_TUPLE_H
