// std::map<K, V> and std::unordered_map<K, V> <-> capnp List(S), where S
// is any struct with two fields: the key first and the value second, in
// code order (see type-tuple.h for which structs qualify; a generic
// `struct Pair(K, V) { key @0 :K; value @1 :V; }` does).
//
// Keys and values are converted like any other field, so they compose:
// std::map<std::string, std::vector<int>>, maps of wrapped structs, etc.
// A map is written in its iteration order. Reading replaces the map's
// contents; if the list holds one key twice, the later entry wins.

#ifndef MP_TYPE_MAP_H
#define MP_TYPE_MAP_H

#include <mp/field-kinds.h>
#include <mp/proxy-types.h>
#include <mp/type-pair.h>
#include <mp/type-vector.h>

#include <map>
#include <unordered_map>
#include <utility>

namespace mp {

//! Reads every entry of a List(S) input into a map-like container.
template <typename Key, typename Mapped, typename Map, typename Input>
void ReadMapEntries(InvokeContext& invoke_context, Input& input, Map& map)
{
    auto list = input.get();
    map.clear();
    for (unsigned index = 0; index < list.size(); ++index) {
        auto entry = ReadField(TypeList<std::pair<Key, Mapped>>(), invoke_context, ListElementReader(list, index),
                               ReadDestTemp<std::pair<Key, Mapped>>());
        map.insert_or_assign(std::move(entry.first), std::move(entry.second));
    }
}

template <typename Key, typename Mapped, typename Compare, typename Alloc, typename Value, typename Output>
void CustomBuildField(TypeList<std::map<Key, Mapped, Compare, Alloc>>, Priority<1>, InvokeContext& invoke_context,
                      Value&& value, Output&& output)
    requires ListField<Output>
{
    BuildList<std::pair<const Key, Mapped>>(invoke_context, value, output);
}

template <typename Key, typename Mapped, typename Compare, typename Alloc, typename Input, typename ReadDest>
decltype(auto) CustomReadField(TypeList<std::map<Key, Mapped, Compare, Alloc>>, Priority<1>,
                               InvokeContext& invoke_context, Input&& input, ReadDest&& read_dest)
    requires ListField<Input>
{
    return read_dest.update([&](std::map<Key, Mapped, Compare, Alloc>& value) {
        ReadMapEntries<Key, Mapped>(invoke_context, input, value);
    });
}

template <typename Key, typename Mapped, typename Hash, typename Equal, typename Alloc, typename Value, typename Output>
void CustomBuildField(TypeList<std::unordered_map<Key, Mapped, Hash, Equal, Alloc>>, Priority<1>,
                      InvokeContext& invoke_context, Value&& value, Output&& output)
    requires ListField<Output>
{
    BuildList<std::pair<const Key, Mapped>>(invoke_context, value, output);
}

template <typename Key, typename Mapped, typename Hash, typename Equal, typename Alloc, typename Input,
          typename ReadDest>
decltype(auto) CustomReadField(TypeList<std::unordered_map<Key, Mapped, Hash, Equal, Alloc>>, Priority<1>,
                               InvokeContext& invoke_context, Input&& input, ReadDest&& read_dest)
    requires ListField<Input>
{
    return read_dest.update([&](std::unordered_map<Key, Mapped, Hash, Equal, Alloc>& value) {
        value.reserve(input.get().size());
        ReadMapEntries<Key, Mapped>(invoke_context, input, value);
    });
}

} // namespace mp

#endif // MP_TYPE_MAP_H
