// std::chrono::duration<Rep, Period> <-> an integer (or floating point)
// field holding count(), in the duration's own unit: a
// std::chrono::milliseconds travels as a number of milliseconds. Both sides
// must use the same Period; the field's type is not a unit.
//
// std::chrono::time_point<Clock, Duration> travels as its
// time_since_epoch().count(), which is meaningful across processes for
// clocks whose epoch is shared (system_clock; steady_clock on one machine).
//
// A count that does not fit the field (or the receiving Rep) throws
// std::range_error, as for plain numbers (type-number.h).

#ifndef MP_TYPE_CHRONO_H
#define MP_TYPE_CHRONO_H

#include <mp/field-kinds.h>
#include <mp/proxy-types.h>
#include <mp/type-number.h>

#include <chrono>

namespace mp {

template <typename Rep, typename Period, typename Value, typename Output>
void CustomBuildField(TypeList<std::chrono::duration<Rep, Period>>, Priority<1>, InvokeContext&, Value&& value,
                      Output&& output)
    requires Number<FieldValue<Output>>
{
    output.set(ConvertNumber<FieldValue<Output>>(value.count(), output.name));
}

template <typename Rep, typename Period, typename Input, typename ReadDest>
decltype(auto) CustomReadField(TypeList<std::chrono::duration<Rep, Period>>, Priority<1>, InvokeContext&,
                               Input&& input, ReadDest&& read_dest)
    requires Number<FieldValue<Input>>
{
    return read_dest.construct(ConvertNumber<Rep>(input.get(), input.name));
}

template <typename Clock, typename Duration, typename Value, typename Output>
void CustomBuildField(TypeList<std::chrono::time_point<Clock, Duration>>, Priority<1>, InvokeContext&, Value&& value,
                      Output&& output)
    requires Number<FieldValue<Output>>
{
    output.set(ConvertNumber<FieldValue<Output>>(value.time_since_epoch().count(), output.name));
}

template <typename Clock, typename Duration, typename Input, typename ReadDest>
decltype(auto) CustomReadField(TypeList<std::chrono::time_point<Clock, Duration>>, Priority<1>, InvokeContext&,
                               Input&& input, ReadDest&& read_dest)
    requires Number<FieldValue<Input>>
{
    using Rep = typename Duration::rep;
    return read_dest.construct(Duration(ConvertNumber<Rep>(input.get(), input.name)));
}

} // namespace mp

#endif // MP_TYPE_CHRONO_H
