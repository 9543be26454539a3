// std::vector<T> <-> capnp List(T').
//
// Each element is converted on its own by BuildField/ReadField, so any
// element type with a conversion works: numbers (range-checked: one element
// that does not fit throws the number's std::range_error, naming "list
// element"), strings, wrapped structs, nested vectors, maps, interfaces.
// std::vector<bool> <-> List(Bool) works the same way.
//
// Only List fields are claimed: a byte vector in a Data field is
// type-data.h's, copied in one piece.
//
// Reading replaces the vector's contents; reading into an output parameter
// reuses its allocation.

#ifndef MP_TYPE_VECTOR_H
#define MP_TYPE_VECTOR_H

#include <mp/field-kinds.h>
#include <mp/proxy-types.h>

#include <cstddef>
#include <vector>

namespace mp {

//! Read destination: a new element at the end of a container (vector,
//! deque, list). construct() emplaces it from the converted value; update()
//! emplaces a default one and fills it in.
template <typename Container>
class ReadDestAppend
{
public:
    explicit ReadDestAppend(Container& container) : m_container(container) {}

    template <typename... Args>
    decltype(auto) construct(Args&&... args)
    {
        return m_container.emplace_back(std::forward<Args>(args)...);
    }
    template <typename Fn>
    decltype(auto) update(Fn&& fn)
    {
        auto& value = m_container.emplace_back();
        fn(value);
        return value;
    }

private:
    Container& m_container;
};

//! Writes a sized range of C++ values into a list output, element by
//! element. Shared by the vector, set and map conversions. Elements are
//! passed as the range gives them, so that conversions which take
//! ownership (std::unique_ptr of an interface's class) can move out of a
//! non-const range, as they do for a single value.
template <typename Element, typename Range, typename Output>
void BuildList(InvokeContext& invoke_context, Range&& range, Output&& output)
{
    auto list = output.init(static_cast<unsigned>(range.size()));
    unsigned index = 0;
    for (auto&& element : range) {
        BuildField(TypeList<Element>(), invoke_context, ListElementBuilder(list, index), element);
        ++index;
    }
}

template <typename T, typename Alloc, typename Value, typename Output>
void CustomBuildField(TypeList<std::vector<T, Alloc>>, Priority<1>, InvokeContext& invoke_context, Value&& value,
                      Output&& output)
    requires ListField<Output>
{
    BuildList<T>(invoke_context, value, output);
}

template <typename T, typename Alloc, typename Input, typename ReadDest>
decltype(auto) CustomReadField(TypeList<std::vector<T, Alloc>>, Priority<1>, InvokeContext& invoke_context,
                               Input&& input, ReadDest&& read_dest)
    requires ListField<Input>
{
    auto list = input.get();
    return read_dest.update([&](std::vector<T, Alloc>& value) {
        value.clear();
        value.reserve(list.size());
        for (unsigned index = 0; index < list.size(); ++index) {
            ReadField(TypeList<T>(), invoke_context, ListElementReader(list, index),
                      ReadDestAppend<std::vector<T, Alloc>>(value));
        }
    });
}

} // namespace mp

#endif // MP_TYPE_VECTOR_H
