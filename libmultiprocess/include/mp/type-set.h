// std::set<T> and std::unordered_set<T> <-> capnp List(T').
//
// Elements are converted one by one as in type-vector.h (range errors and
// nesting work the same). A set is written in its iteration order; reading
// inserts each element, so duplicates in the list collapse into one.

#ifndef MP_TYPE_SET_H
#define MP_TYPE_SET_H

#include <mp/field-kinds.h>
#include <mp/proxy-types.h>
#include <mp/type-vector.h>

#include <set>
#include <unordered_set>

namespace mp {

//! Reads every element of a list input into a set-like container.
template <typename Element, typename Set, typename Input>
void ReadSetElements(InvokeContext& invoke_context, Input& input, Set& set)
{
    auto list = input.get();
    set.clear();
    for (unsigned index = 0; index < list.size(); ++index) {
        set.insert(ReadField(TypeList<Element>(), invoke_context, ListElementReader(list, index),
                             ReadDestTemp<Element>()));
    }
}

template <typename T, typename Compare, typename Alloc, typename Value, typename Output>
void CustomBuildField(TypeList<std::set<T, Compare, Alloc>>, Priority<1>, InvokeContext& invoke_context,
                      Value&& value, Output&& output)
    requires ListField<Output>
{
    BuildList<T>(invoke_context, value, output);
}

template <typename T, typename Compare, typename Alloc, typename Input, typename ReadDest>
decltype(auto) CustomReadField(TypeList<std::set<T, Compare, Alloc>>, Priority<1>, InvokeContext& invoke_context,
                               Input&& input, ReadDest&& read_dest)
    requires ListField<Input>
{
    return read_dest.update([&](std::set<T, Compare, Alloc>& value) { ReadSetElements<T>(invoke_context, input, value); });
}

template <typename T, typename Hash, typename Equal, typename Alloc, typename Value, typename Output>
void CustomBuildField(TypeList<std::unordered_set<T, Hash, Equal, Alloc>>, Priority<1>, InvokeContext& invoke_context,
                      Value&& value, Output&& output)
    requires ListField<Output>
{
    BuildList<T>(invoke_context, value, output);
}

template <typename T, typename Hash, typename Equal, typename Alloc, typename Input, typename ReadDest>
decltype(auto) CustomReadField(TypeList<std::unordered_set<T, Hash, Equal, Alloc>>, Priority<1>,
                               InvokeContext& invoke_context, Input&& input, ReadDest&& read_dest)
    requires ListField<Input>
{
    return read_dest.update([&](std::unordered_set<T, Hash, Equal, Alloc>& value) {
        value.reserve(input.get().size());
        ReadSetElements<T>(invoke_context, input, value);
    });
}

} // namespace mp

#endif // MP_TYPE_SET_H
