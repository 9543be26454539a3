// std::pair<A, B> <-> a capnp struct with two fields: `first` goes to the
// struct's first field in code order, `second` to its second. The rules are
// those of std::tuple (type-tuple.h): any struct mpgen has read, generic
// structs included, companions and union members not counted.

#ifndef MP_TYPE_PAIR_H
#define MP_TYPE_PAIR_H

#include <mp/proxy-types.h>
#include <mp/type-tuple.h>

#include <utility>

namespace mp {

template <typename First, typename Second, typename Value, typename Output>
void CustomBuildField(TypeList<std::pair<First, Second>>, Priority<1>, InvokeContext& invoke_context, Value&& value,
                      Output&& output)
    requires StructKindField<Output>
{
    BuildTupleFields<std::pair<First, Second>>(invoke_context, value, output.init());
}

template <typename First, typename Second, typename Input, typename ReadDest>
decltype(auto) CustomReadField(TypeList<std::pair<First, Second>>, Priority<1>, InvokeContext& invoke_context,
                               Input&& input, ReadDest&& read_dest)
    requires StructKindField<Input>
{
    return ReadTupleFields<std::pair<First, Second>>(invoke_context, input.get(), read_dest);
}

} // namespace mp

#endif // MP_TYPE_PAIR_H
