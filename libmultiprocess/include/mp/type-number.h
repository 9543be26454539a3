// Numbers, bool and enums <-> capnp Int8..UInt64, Float32/64, Bool and enums.
//
// A value that does not fit the capnp field (300 into a UInt8, -1 into a
// UInt32, 1e300 into a Float32) is an error, never a silent truncation: the
// conversion throws std::range_error naming the field.

#ifndef MP_TYPE_NUMBER_H
#define MP_TYPE_NUMBER_H

#include <mp/proxy-types.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>

namespace mp {

template <typename T>
concept Number = std::is_arithmetic_v<T> || std::is_enum_v<T>;

//! Throws the error for a value that does not fit a field.
[[noreturn]] void ThrowOutOfRange(const char* field_name, const std::string& value, const char* target_type);

template <typename T>
const char* NumberTypeName()
{
    if constexpr (std::is_same_v<T, bool>) return "Bool";
    else if constexpr (std::is_enum_v<T>) return "enum";
    else if constexpr (std::is_floating_point_v<T>) return sizeof(T) == 4 ? "Float32" : "Float64";
    else if constexpr (std::is_signed_v<T>) return sizeof(T) == 1 ? "Int8" : sizeof(T) == 2 ? "Int16" : sizeof(T) == 4 ? "Int32" : "Int64";
    else return sizeof(T) == 1 ? "UInt8" : sizeof(T) == 2 ? "UInt16" : sizeof(T) == 4 ? "UInt32" : "UInt64";
}

//! Converts a number to type To, throwing if it does not fit.
template <typename To, typename From>
To ConvertNumber(From value, const char* field_name)
{
    if constexpr (std::is_enum_v<From>) {
        using Underlying = std::underlying_type_t<From>;
        return ConvertNumber<To>(static_cast<Underlying>(value), field_name);
    } else if constexpr (std::is_enum_v<To>) {
        using Underlying = std::underlying_type_t<To>;
        return static_cast<To>(ConvertNumber<Underlying>(value, field_name));
    } else if constexpr (std::is_same_v<To, bool> || std::is_same_v<From, bool>) {
        if constexpr (std::is_same_v<To, bool> && !std::is_same_v<From, bool>) {
            if (value != 0 && value != 1) ThrowOutOfRange(field_name, std::to_string(value), "Bool");
        }
        return static_cast<To>(value);
    } else if constexpr (std::is_integral_v<To> && std::is_integral_v<From>) {
        if (!std::in_range<To>(value)) ThrowOutOfRange(field_name, std::to_string(value), NumberTypeName<To>());
        return static_cast<To>(value);
    } else if constexpr (std::is_floating_point_v<To>) {
        if constexpr (std::is_floating_point_v<From> && sizeof(To) < sizeof(From)) {
            if (std::isfinite(value) && std::fabs(value) > std::numeric_limits<To>::max()) {
                ThrowOutOfRange(field_name, std::to_string(value), NumberTypeName<To>());
            }
        }
        return static_cast<To>(value);
    } else {
        // Floating point to integer.
        if (!std::isfinite(value) || value < static_cast<From>(std::numeric_limits<To>::min()) ||
            value > static_cast<From>(std::numeric_limits<To>::max())) {
            ThrowOutOfRange(field_name, std::to_string(value), NumberTypeName<To>());
        }
        return static_cast<To>(value);
    }
}

template <typename LocalType, typename Value, typename Output>
void CustomBuildField(TypeList<LocalType>, Priority<1>, InvokeContext&, Value&& value, Output&& output)
    requires Number<LocalType> && Number<Decay<decltype(output.get())>>
{
    using Wire = Decay<decltype(output.get())>;
    output.set(ConvertNumber<Wire>(static_cast<LocalType>(value), output.name));
}

template <typename LocalType, typename Input, typename ReadDest>
decltype(auto) CustomReadField(TypeList<LocalType>, Priority<1>, InvokeContext&, Input&& input, ReadDest&& read_dest)
    requires Number<LocalType> && Number<Decay<decltype(input.get())>>
{
    return read_dest.construct(ConvertNumber<LocalType>(input.get(), input.name));
}

} // namespace mp

#endif // MP_TYPE_NUMBER_H
