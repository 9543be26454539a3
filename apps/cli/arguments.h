// Checks of mpcli's command arguments, done before connecting so that a
// typo is reported as what it is, even when no node is running. Each
// throws std::invalid_argument with a one-line message naming the argument
// and the value that was wrong.

#ifndef MPCLI_ARGUMENTS_H
#define MPCLI_ARGUMENTS_H

#include <cstdint>
#include <string>

namespace mpcli {

//! A block height: a decimal integer from 0 to INT32_MAX.
int32_t ParseHeight(const std::string& text);
//! How many blocks to mine: 1 to 1000 (the node's limit per call).
int32_t ParseBlockCount(const std::string& text);
//! An address ("mp" and 40 lowercase hex digits), returned unchanged.
std::string CheckAddress(const std::string& text);
//! An amount of coins to send ("1.5"): positive, at most 8 decimals, at
//! most ledger::MAX_COINS; returned in base units.
int64_t ParseCoins(const std::string& text);
//! A fee in coins: like ParseCoins but zero is allowed.
int64_t ParseFee(const std::string& text);

} // namespace mpcli

#endif // MPCLI_ARGUMENTS_H
