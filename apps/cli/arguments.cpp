#include "arguments.h"

#include <ledger/amount.h>
#include <ledger/rules.h>

#include <limits>
#include <stdexcept>

namespace mpcli {
namespace {

//! text as a decimal integer in [min, max]; what names it in errors.
int64_t ParseInteger(const std::string& what, const std::string& text, int64_t min, int64_t max)
{
    const std::string range = " (" + std::to_string(min) + " to " + std::to_string(max) + ")";
    const bool negative = !text.empty() && text[0] == '-';
    const std::string digits = negative ? text.substr(1) : text;
    if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos) {
        throw std::invalid_argument(what + " must be a whole number" + range + ", not '" + text + "'");
    }
    // More digits than any value in range is out of range, without overflow.
    if (digits.size() > 18) throw std::invalid_argument(what + " out of range" + range + ": " + text);
    const int64_t value = (negative ? -1 : 1) * std::stoll(digits);
    if (value < min || value > max) throw std::invalid_argument(what + " out of range" + range + ": " + text);
    return value;
}

} // namespace

int32_t ParseHeight(const std::string& text)
{
    return static_cast<int32_t>(ParseInteger("height", text, 0, std::numeric_limits<int32_t>::max()));
}

int32_t ParseBlockCount(const std::string& text)
{
    return static_cast<int32_t>(ParseInteger("number of blocks", text, 1, 1000));
}

std::string CheckAddress(const std::string& text)
{
    if (!ledger::IsValidAddress(text)) {
        throw std::invalid_argument("malformed address '" + text + "' (an address is 'mp' and 40 lowercase hex digits)");
    }
    return text;
}

int64_t ParseCoins(const std::string& text) { return ledger::ParseAmount(text); }

int64_t ParseFee(const std::string& text)
{
    // ParseAmount refuses zero, but a zero fee is a valid (if slow) choice.
    if (!text.empty() && text.find_first_not_of("0.") == std::string::npos && text != "." &&
        text.find('.') == text.rfind('.')) {
        return 0;
    }
    try {
        return ParseCoins(text);
    } catch (const std::invalid_argument& e) {
        throw std::invalid_argument(std::string("--fee: ") + e.what());
    }
}

} // namespace mpcli
