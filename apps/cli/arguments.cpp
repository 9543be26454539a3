#include "arguments.h"

#include <interfaces/records.h>
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

BlockRef ParseBlockRef(const std::string& text)
{
    const bool is_hash = text.size() == 64 && text.find_first_not_of("0123456789abcdef") == std::string::npos;
    if (is_hash) return text;
    const bool looks_numeric = !text.empty() && text.find_first_not_of("-0123456789") == std::string::npos;
    if (looks_numeric) return ParseHeight(text);
    throw std::invalid_argument("block must be a height (a whole number from 0) or a block hash (64 lowercase hex "
                                "digits), not '" + text + "'");
}

int32_t ParseBlockCount(const std::string& text)
{
    return static_cast<int32_t>(ParseInteger("number of blocks", text, 1, interfaces::MAX_BLOCKS_PER_CALL));
}

int32_t ParseHistoryLimit(const std::string& text)
{
    return static_cast<int32_t>(ParseInteger("history limit", text, 0, std::numeric_limits<int32_t>::max()));
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
    // ParseAmount refuses zero, but a zero fee is a valid (if slow) choice;
    // so "must be positive" would be wrong here.
    if (!text.empty() && text[0] == '-') throw std::invalid_argument("--fee: must not be negative, not '" + text + "'");
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
