// Amounts as text: "12.5" <-> 1'250'000'000 base units.

#ifndef LEDGER_AMOUNT_H
#define LEDGER_AMOUNT_H

#include <cstdint>
#include <string>
#include <string_view>

namespace ledger {

//! No amount may exceed this many coins (keeps every sum far from overflow).
constexpr int64_t MAX_COINS = 21'000'000;

//! "12.50000000" style: always 8 decimals, so columns line up.
std::string FormatAmount(int64_t units);
//! Parses a positive decimal amount of coins such as "1", "0.5" or
//! "12.34567890". Throws std::invalid_argument with a message a user can
//! act on ("amount must be positive", "at most 8 decimal places", ...).
int64_t ParseAmount(std::string_view text);

} // namespace ledger

#endif // LEDGER_AMOUNT_H
