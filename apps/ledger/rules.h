// The sample ledger's consensus rules: addresses, transaction signing and
// block hashing. The node and the wallet both use these, so that what a
// wallet signs is exactly what the node checks.

#ifndef LEDGER_RULES_H
#define LEDGER_RULES_H

#include "crypto.h"

#include <interfaces/records.h>

#include <cstdint>
#include <string>

namespace ledger {

//! Subsidy paid to the miner of every block, on top of its fees.
constexpr int64_t BLOCK_SUBSIDY = 50 * interfaces::COIN;

//! "mp" followed by 40 hex digits of SHA-256(public key).
std::string AddressOf(const Bytes& public_key);
//! Whether text has the shape of an address (it may still be unused).
bool IsValidAddress(const std::string& text);

//! The bytes a transaction's signature covers: every field except the
//! signature and txid.
Bytes SigningMessage(const interfaces::Transaction& tx);
//! Sets sender_key, sender, signature and txid.
void SignTransaction(interfaces::Transaction& tx, const Bytes& private_key);
//! Hex SHA-256 of the signing message and the signature.
std::string ComputeTxid(const interfaces::Transaction& tx);
//! Checks the parts of a transaction that need no chain state: shape,
//! address, amounts, signature and txid. Returns "" or the reason it is
//! invalid.
std::string CheckTransaction(const interfaces::Transaction& tx);

//! Hex SHA-256 over the block's header fields and its txids.
std::string ComputeBlockHash(const interfaces::Block& block);
//! 64 zeros: the previous hash of the first block.
std::string NullHash();

} // namespace ledger

#endif // LEDGER_RULES_H
