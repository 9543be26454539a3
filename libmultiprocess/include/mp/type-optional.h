// std::optional<T> <-> the field T converts to, with a way to say "empty":
//
//   - a pointer field (Text, Data, List, struct): empty leaves it null, and
//     a null field reads as empty;
//   - a primitive field (numbers, Bool, enums) cannot be null, so it needs a
//     `hasX :Bool` companion next to field `x`: it is set to whether the
//     optional holds a value, and read back to decide. Without a companion
//     (or as a list element) an optional primitive is a compile error,
//     because "empty" would silently arrive as 0.
//
// The value itself is converted like a plain T (range checks included).

#ifndef MP_TYPE_OPTIONAL_H
#define MP_TYPE_OPTIONAL_H

#include <mp/field-kinds.h>
#include <mp/proxy-types.h>

#include <optional>
#include <type_traits>

namespace mp {

template <typename Field>
struct IsListElement : std::false_type
{
};

template <typename List>
struct IsListElement<ListElementBuilder<List>> : std::true_type
{
};

template <typename List>
struct IsListElement<ListElementReader<List>> : std::true_type
{
};

//! Whether a field can say "no value": a struct's pointer fields can be
//! null, its primitive fields need a hasX companion. List elements cannot:
//! a null element reads back as an empty value, not as absent. Shared with
//! type-pointer.h.
template <typename Field>
constexpr bool CanBeAbsent()
{
    if constexpr (IsListElement<Decay<Field>>::value) {
        return false;
    } else {
        return !PrimitiveField<Field> || Decay<Field>::hasCompanion();
    }
}

//! The compile error for an optional value with nowhere to say "empty".
template <typename Field>
constexpr void CheckCanBeAbsent()
{
    static_assert(CanBeAbsent<Field>(),
                  "mp: an empty std::optional / null pointer cannot be sent in this field (the field::X in "
                  "CanBeAbsent<...>; ...Params is the method's parameter list, ...Results its results). If it is "
                  "a number, Bool or enum field `x`, add a `hasX :Bool` field next to it in the same list or "
                  "struct of the .capnp file. A list element cannot be absent at all: use a List of a struct "
                  "holding the optional field instead.");
}

template <typename T, typename Value, typename Output>
void CustomBuildField(TypeList<std::optional<T>>, Priority<1>, InvokeContext& invoke_context, Value&& value,
                      Output&& output)
{
    CheckCanBeAbsent<Output>();
    output.setHas(value.has_value());
    if (value) BuildField(TypeList<T>(), invoke_context, output, *value);
}

template <typename T, typename Input, typename ReadDest>
decltype(auto) CustomReadField(TypeList<std::optional<T>>, Priority<1>, InvokeContext& invoke_context, Input&& input,
                               ReadDest&& read_dest)
{
    CheckCanBeAbsent<Input>();
    if (!input.has()) return read_dest.construct();
    return read_dest.update([&](std::optional<T>& value) {
        ReadField(TypeList<T>(), invoke_context, input, ReadDestEmplace<T>(value));
    });
}

} // namespace mp

#endif // MP_TYPE_OPTIONAL_H
