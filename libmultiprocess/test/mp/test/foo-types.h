// Type conversions for foo.capnp: the library's own mp/type-*.h headers, plus
// a user-defined conversion for mp::test::Money through the
// CustomBuildField/CustomReadField extension point.

#ifndef MP_TEST_FOO_TYPES_H
#define MP_TEST_FOO_TYPES_H

#include <mp/proxy-types.h>
#include <mp/type-context.h>
#include <mp/type-data.h>
#include <mp/type-decay.h>
#include <mp/type-exception.h>
#include <mp/type-function.h>
#include <mp/type-interface.h>
#include <mp/type-number.h>
#include <mp/type-string.h>
#include <mp/type-struct.h>
#include <mp/type-threadmap.h>
#include <mp/type-void.h>

#include <mp/test/foo.h>

#include <capnp/blob.h>

#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <limits>
#include <string>
#include <string_view>

namespace mp {
namespace test {

//! Money as decimal text: 1234 cents is "12.34", -5 cents is "-0.05".
inline std::string FormatMoney(const Money& money)
{
    const bool negative = money.cents < 0;
    // Work in unsigned so that INT64_MIN does not overflow.
    const uint64_t magnitude = negative ? uint64_t{0} - static_cast<uint64_t>(money.cents)
                                        : static_cast<uint64_t>(money.cents);
    std::string cents = std::to_string(magnitude % 100);
    if (cents.size() < 2) cents.insert(0, "0");
    return (negative ? "-" : "") + std::to_string(magnitude / 100) + "." + cents;
}

//! Inverse of FormatMoney. Throws std::invalid_argument on malformed text.
inline Money ParseMoney(std::string_view text)
{
    const bool negative = !text.empty() && text.front() == '-';
    if (negative) text.remove_prefix(1);
    const auto dot = text.find('.');
    if (dot == std::string_view::npos || dot == 0 || text.size() - dot != 3) {
        throw std::invalid_argument("ParseMoney: malformed amount '" + std::string(text) + "'");
    }
    int64_t cents = 0;
    for (char c : text) {
        if (c == '.') continue;
        if (c < '0' || c > '9') {
            throw std::invalid_argument("ParseMoney: malformed amount '" + std::string(text) + "'");
        }
        if (cents > (std::numeric_limits<int64_t>::max() - 9) / 10) {
            throw std::invalid_argument("ParseMoney: amount too large '" + std::string(text) + "'");
        }
        cents = cents * 10 + (c - '0');
    }
    return Money{negative ? -cents : cents, /*decoded_from_text=*/true};
}

} // namespace test

// Written with `const test::Money&`, as users of the original library write
// their conversions (and as its own tests do): a server builds addFee's
// result from a non-const Money, and this overload must still win over the
// library's fallbacks (see ConversionExists in mp/fields.h).
template <typename Output>
void CustomBuildField(TypeList<test::Money>, Priority<1>, InvokeContext&, const test::Money& value,
                      Output&& output)
{
    const std::string text = test::FormatMoney(value);
    output.set(::capnp::Text::Reader(text.data(), text.size()));
}

template <typename Input, typename ReadDest>
decltype(auto) CustomReadField(TypeList<test::Money>, Priority<1>, InvokeContext&, Input&& input,
                               ReadDest&& read_dest)
{
    const auto text = input.get();
    return read_dest.construct(test::ParseMoney(std::string_view(text.begin(), text.size())));
}

} // namespace mp

#endif // MP_TEST_FOO_TYPES_H
