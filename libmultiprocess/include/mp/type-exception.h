// Exceptions.
//
// A std::exception thrown by a server implementation reaches the client as
// std::runtime_error with the same what() (see exception-conversion.h);
// nothing needs including for that.
//
// A result field annotated $Proxy.exception("ns::MyError") carries one
// exception type in the reply instead: the server catches ns::MyError,
// writes it to the field, and the client rethrows it as ns::MyError. The
// field's conversion is an ordinary BuildField/ReadField of the exception
// type; the one below carries any exception constructible from a string as
// its what() in a Text field. Write CustomBuildField/CustomReadField for
// the exception type to carry more (a struct with a code, say).

#ifndef MP_TYPE_EXCEPTION_H
#define MP_TYPE_EXCEPTION_H

#include <mp/exception-conversion.h>
#include <mp/proxy-types.h>
#include <mp/type-string.h>

#include <cstring>
#include <exception>
#include <string>
#include <string_view>
#include <type_traits>

namespace mp {

template <typename LocalType, typename Value, typename Output>
void CustomBuildField(TypeList<LocalType>, Priority<1>, InvokeContext&, Value&& value, Output&& output)
    requires std::is_base_of_v<std::exception, LocalType> && TextOutput<Output>
{
    std::string_view what = value.what();
    auto text = output.init(what.size());
    memcpy(text.begin(), what.data(), what.size());
}

template <typename LocalType, typename Input, typename ReadDest>
decltype(auto) CustomReadField(TypeList<LocalType>, Priority<1>, InvokeContext&, Input&& input, ReadDest&& read_dest)
    requires std::is_base_of_v<std::exception, LocalType> && std::is_constructible_v<LocalType, std::string> &&
             TextInput<Input>
{
    auto text = input.get();
    return read_dest.construct(std::string(text.cStr(), text.size()));
}

} // namespace mp

#endif // MP_TYPE_EXCEPTION_H
