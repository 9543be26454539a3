// C strings and fixed-size character arrays <-> capnp Text.
//
//   const char*          Text. A null pointer leaves the field null, which
//                        reads back as null. On the server the parameter
//                        points straight into the request (Text is always
//                        NUL-terminated there): valid until the method
//                        returns, so copy it to keep it. A client cannot
//                        receive a const char* result (it would dangle); see
//                        ViewsMessage in fields.h.
//   char[N],             Text holding the characters up to the first NUL (or
//   std::array<char, N>  all N if there is none), as strncpy would. Reading
//                        copies the text and pads the rest with NULs; a text
//                        longer than N throws std::range_error.
//
// (Byte arrays in Data fields are type-data.h's.)

#ifndef MP_TYPE_CHAR_H
#define MP_TYPE_CHAR_H

#include <mp/proxy-types.h>
#include <mp/type-string.h>

#include <array>
#include <cstddef>
#include <cstring>
#include <stdexcept>
#include <string>

namespace mp {

template <>
struct ViewsMessage<const char*> : std::true_type
{
};

//! Writes chars up to the first NUL (at most size of them) as Text.
template <typename Output>
void BuildCharArray(const char* chars, size_t size, Output& output)
{
    const size_t length = strnlen(chars, size);
    auto text = output.init(length);
    memcpy(text.begin(), chars, length);
}

//! Copies a Text input into a char array of the given size, padding with NULs.
template <typename Input>
void ReadCharArray(const Input& input, char* chars, size_t size)
{
    auto text = input.get();
    if (text.size() > size) {
        throw std::range_error(std::string("mp: Text field '") + input.name + "' has " + std::to_string(text.size()) +
                               " characters, more than the " + std::to_string(size) + " of a char array");
    }
    memcpy(chars, text.begin(), text.size());
    memset(chars + text.size(), 0, size - text.size());
}

template <typename Value, typename Output>
void CustomBuildField(TypeList<const char*>, Priority<1>, InvokeContext&, Value&& value, Output&& output)
    requires TextOutput<Output>
{
    if (value) BuildCharArray(value, strlen(value), output);
}

template <typename Input, typename ReadDest>
decltype(auto) CustomReadField(TypeList<const char*>, Priority<1>, InvokeContext&, Input&& input, ReadDest&& read_dest)
    requires TextInput<Input>
{
    const char* chars = input.has() ? input.get().cStr() : nullptr;
    return read_dest.construct(chars);
}

template <size_t size, typename Value, typename Output>
void CustomBuildField(TypeList<char[size]>, Priority<1>, InvokeContext&, Value&& value, Output&& output)
    requires TextOutput<Output>
{
    BuildCharArray(value, size, output);
}

template <size_t size, typename Input, typename ReadDest>
decltype(auto) CustomReadField(TypeList<char[size]>, Priority<1>, InvokeContext&, Input&& input, ReadDest&& read_dest)
    requires TextInput<Input>
{
    return read_dest.update([&](char (&value)[size]) { ReadCharArray(input, value, size); });
}

template <size_t size, typename Value, typename Output>
void CustomBuildField(TypeList<std::array<char, size>>, Priority<1>, InvokeContext&, Value&& value, Output&& output)
    requires TextOutput<Output>
{
    BuildCharArray(value.data(), size, output);
}

template <size_t size, typename Input, typename ReadDest>
decltype(auto) CustomReadField(TypeList<std::array<char, size>>, Priority<1>, InvokeContext&, Input&& input,
                               ReadDest&& read_dest)
    requires TextInput<Input>
{
    return read_dest.update([&](std::array<char, size>& value) { ReadCharArray(input, value.data(), size); });
}

} // namespace mp

#endif // MP_TYPE_CHAR_H
