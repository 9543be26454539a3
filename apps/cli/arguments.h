// Checks of mpcli's command arguments, done before connecting so that a
// typo is reported as what it is, even when no node is running. Each
// throws std::invalid_argument with a one-line message naming the argument
// and the value that was wrong.

#ifndef MPCLI_ARGUMENTS_H
#define MPCLI_ARGUMENTS_H

#include <cstdint>
#include <string>
#include <variant>

namespace mpcli {

//! A block height: a decimal integer from 0 to INT32_MAX.
int32_t ParseHeight(const std::string& text);
//! A block named by its height (digits) or its hash (64 lowercase hex
//! digits, as mpcli prints it).
using BlockRef = std::variant<int32_t, std::string>;
BlockRef ParseBlockRef(const std::string& text);
//! How many blocks to mine: 1 to interfaces::MAX_BLOCKS_PER_CALL.
int32_t ParseBlockCount(const std::string& text);
//! How many history entries to show: 0 (all) or more.
int32_t ParseHistoryLimit(const std::string& text);
//! An address ("mp" and 40 lowercase hex digits), returned unchanged.
std::string CheckAddress(const std::string& text);
//! An amount of coins to send ("1.5"): positive, at most 8 decimals, at
//! most ledger::MAX_COINS; returned in base units.
int64_t ParseCoins(const std::string& text);
//! A fee in coins: like ParseCoins but zero is allowed.
int64_t ParseFee(const std::string& text);

} // namespace mpcli

#endif // MPCLI_ARGUMENTS_H
