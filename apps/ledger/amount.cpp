#include "amount.h"

#include <interfaces/records.h>

#include <stdexcept>

namespace ledger {

std::string FormatAmount(int64_t units)
{
    const bool negative = units < 0;
    // Unsigned, so that INT64_MIN does not overflow.
    const uint64_t magnitude = negative ? uint64_t{0} - static_cast<uint64_t>(units) : static_cast<uint64_t>(units);
    std::string fraction = std::to_string(magnitude % interfaces::COIN);
    fraction.insert(0, 8 - fraction.size(), '0');
    return (negative ? "-" : "") + std::to_string(magnitude / interfaces::COIN) + "." + fraction;
}

int64_t ParseAmount(std::string_view text)
{
    const std::string quoted = "'" + std::string(text) + "'";
    if (text.empty()) throw std::invalid_argument("amount is empty");
    if (text[0] == '-') throw std::invalid_argument("amount must be positive, not " + quoted);
    const size_t dot = text.find('.');
    const std::string_view whole = text.substr(0, dot);
    const std::string_view fraction = dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
    if (whole.empty() && fraction.empty()) throw std::invalid_argument("not an amount: " + quoted);
    for (std::string_view part : {whole, fraction}) {
        for (char c : part) {
            if (c < '0' || c > '9') throw std::invalid_argument("not an amount: " + quoted);
        }
    }
    if (fraction.size() > 8) throw std::invalid_argument("at most 8 decimal places: " + quoted);
    // Compare digit counts before converting, so huge inputs cannot overflow.
    std::string_view digits = whole;
    while (digits.size() > 1 && digits[0] == '0') digits.remove_prefix(1);
    if (digits.size() > 8 || (digits.empty() ? 0 : std::stoll(std::string(digits))) > MAX_COINS) {
        throw std::invalid_argument("amount too large (at most " + std::to_string(MAX_COINS) + "): " + quoted);
    }
    int64_t units = (digits.empty() ? 0 : std::stoll(std::string(digits))) * interfaces::COIN;
    std::string padded(fraction);
    padded.append(8 - padded.size(), '0');
    units += std::stoll(padded);
    if (units > MAX_COINS * interfaces::COIN) {
        throw std::invalid_argument("amount too large (at most " + std::to_string(MAX_COINS) + "): " + quoted);
    }
    if (units <= 0) throw std::invalid_argument("amount must be positive, not " + quoted);
    return units;
}

} // namespace ledger
