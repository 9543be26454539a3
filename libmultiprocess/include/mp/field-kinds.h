// What kind of Cap'n Proto value an output or input holds.
//
// Container conversions claim a field by its capnp kind, not by its C++
// type: std::vector<unsigned char> is Data in a Data field (type-data.h) and
// a list in a List(UInt8) field (type-vector.h); std::optional<int> needs a
// hasX companion in a primitive field but not in a pointer field. The
// concepts below answer "is this field a list / a struct / a primitive" for
// any output or input of fields.h (struct fields and list elements alike).

#ifndef MP_FIELD_KINDS_H
#define MP_FIELD_KINDS_H

#include <mp/util.h>

#include <capnp/common.h>

#include <utility>

namespace mp {

//! The capnp value an output's or input's get() returns, e.g.
//! capnp::List<int32_t>::Builder, capnp::Text::Reader, int32_t.
template <typename Field>
using FieldValue = Decay<decltype(std::declval<Decay<Field>&>().get())>;

//! The capnp kind of a builder, reader, client or primitive value type, or
//! Kind::OTHER for anything else (AnyPointer).
template <typename T>
constexpr capnp::Kind CapnpKindOf()
{
    if constexpr (requires { typename T::Builds; }) {
        return capnp::kind<capnp::FromBuilder<T>>();
    } else if constexpr (requires { typename T::Reads; }) {
        return capnp::kind<capnp::FromReader<T>>();
    } else if constexpr (requires { capnp::kind<T>(); }) {
        return capnp::kind<T>();
    } else {
        return capnp::Kind::OTHER;
    }
}

template <typename Field, capnp::Kind kind>
concept FieldOfKind = CapnpKindOf<FieldValue<Field>>() == kind;

//! A List(T) field or element.
template <typename Field>
concept ListField = FieldOfKind<Field, capnp::Kind::LIST>;

//! A struct (or group) field or element.
template <typename Field>
concept StructKindField = FieldOfKind<Field, capnp::Kind::STRUCT>;

//! A number, Bool or enum: stored inline, so it cannot be null and needs a
//! hasX companion field to say "absent".
template <typename Field>
concept PrimitiveField = FieldOfKind<Field, capnp::Kind::PRIMITIVE> || FieldOfKind<Field, capnp::Kind::ENUM>;

} // namespace mp

#endif // MP_FIELD_KINDS_H
