// std::string <-> capnp Text (and Data, for binary strings).

#ifndef MP_TYPE_STRING_H
#define MP_TYPE_STRING_H

#include <mp/lent-bytes.h>
#include <mp/proxy-types.h>

#include <capnp/blob.h>

#include <cstring>
#include <string>
#include <string_view>

namespace mp {

template <typename Input>
concept TextInput = std::is_same_v<Decay<decltype(std::declval<Input>().get())>, capnp::Text::Reader>;

template <typename LocalType, typename Value, typename Output>
void CustomBuildField(TypeList<LocalType>, Priority<1>, InvokeContext&, Value&& value, Output&& output)
    requires(std::is_same_v<LocalType, std::string> || std::is_same_v<LocalType, std::string_view>) && TextOutput<Output>
{
    auto text = output.init(value.size());
    memcpy(text.begin(), value.data(), value.size());
}

template <typename LocalType, typename Input, typename ReadDest>
decltype(auto) CustomReadField(TypeList<LocalType>, Priority<1>, InvokeContext&, Input&& input, ReadDest&& read_dest)
    requires std::is_same_v<LocalType, std::string> && TextInput<Input>
{
    auto text = input.get();
    return read_dest.construct(text.cStr(), text.size());
}

} // namespace mp

#endif // MP_TYPE_STRING_H
