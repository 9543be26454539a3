// Byte containers <-> capnp Data: std::vector<unsigned char>, std::vector<char>,
// std::vector<std::byte>, std::string, std::array of bytes, and anything else
// that is a contiguous range of one-byte elements (ByteRange, lent-bytes.h).
// Bytes are copied once, straight into (or out of) the message. (The
// generated glue does better for a method's own arguments and results of
// 16 KiB and more: the message points at their bytes, see lent-bytes.h.)
//
// Byte spans (std::span<const std::byte>, std::span<const unsigned char>,
// std::span<const char>, any extent) are built like any byte range, but are
// read without a copy: the span points straight at the bytes in the message.
// On a server that is the request, valid until the method returns (copy the
// bytes to keep them); a client cannot receive a span result or output
// parameter, since the reply is freed when the call returns (ViewsMessage in
// fields.h makes that a compile error). A fixed-extent span must match the
// Data size exactly.

#ifndef MP_TYPE_DATA_H
#define MP_TYPE_DATA_H

#include <mp/lent-bytes.h>
#include <mp/proxy-types.h>

#include <capnp/blob.h>

#include <cstring>
#include <ranges>
#include <span>
#include <stdexcept>
#include <string>
#include <type_traits>

namespace mp {

template <typename T>
struct IsSpan : std::false_type
{
};

template <typename T, size_t extent>
struct IsSpan<std::span<T, extent>> : std::true_type
{
};

//! A read-only span of bytes: read as a view into the message.
template <typename T>
concept ByteSpan = IsSpan<T>::value && ByteRange<T> && std::is_const_v<typename T::element_type>;

template <typename T, size_t extent>
    requires ByteSpan<std::span<T, extent>>
struct ViewsMessage<std::span<T, extent>> : std::true_type
{
};

template <typename Input>
concept DataInput = std::is_same_v<Decay<decltype(std::declval<Input>().get())>, capnp::Data::Reader>;

template <typename LocalType, typename Value, typename Output>
void CustomBuildField(TypeList<LocalType>, Priority<1>, InvokeContext&, Value&& value, Output&& output)
    requires ByteRange<LocalType> && DataOutput<Output>
{
    const size_t size = std::ranges::size(value);
    auto data = output.init(size);
    if (size) memcpy(data.begin(), std::ranges::data(value), size);
}

template <typename LocalType, typename Input, typename ReadDest>
decltype(auto) CustomReadField(TypeList<LocalType>, Priority<1>, InvokeContext&, Input&& input, ReadDest&& read_dest)
    requires ByteRange<LocalType> && (!IsSpan<LocalType>::value) && DataInput<Input>
{
    auto data = input.get();
    using Byte = std::ranges::range_value_t<LocalType>;
    const Byte* begin = reinterpret_cast<const Byte*>(data.begin());
    if constexpr (std::is_constructible_v<LocalType, const Byte*, const Byte*>) {
        return read_dest.construct(begin, begin + data.size());
    } else {
        // Fixed-size containers such as std::array: sizes must match.
        return read_dest.update([&](LocalType& value) {
            if (std::ranges::size(value) != data.size()) {
                throw std::range_error(std::string("mp: Data field '") + input.name + "' has " +
                                       std::to_string(data.size()) + " bytes, expected " +
                                       std::to_string(std::ranges::size(value)));
            }
            memcpy(std::ranges::data(value), begin, data.size());
        });
    }
}

template <typename LocalType, typename Input, typename ReadDest>
decltype(auto) CustomReadField(TypeList<LocalType>, Priority<1>, InvokeContext&, Input&& input, ReadDest&& read_dest)
    requires ByteSpan<LocalType> && DataInput<Input>
{
    auto data = input.get();
    using Byte = typename LocalType::element_type;
    if constexpr (LocalType::extent != std::dynamic_extent) {
        if (data.size() != LocalType::extent) {
            throw std::range_error(std::string("mp: Data field '") + input.name + "' has " +
                                   std::to_string(data.size()) + " bytes, expected " +
                                   std::to_string(LocalType::extent));
        }
    }
    return read_dest.construct(reinterpret_cast<Byte*>(data.begin()), data.size());
}

} // namespace mp

#endif // MP_TYPE_DATA_H
