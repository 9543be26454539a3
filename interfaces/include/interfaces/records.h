// Plain data the sample's processes exchange: transactions, blocks, wallet
// records. Each struct is wrapped by a struct of the same name in
// common.capnp ($Proxy.wrap), which copies it field by field.
//
// Amounts are integers in base units (1 coin = 100,000,000 units) so that
// no process ever rounds money.

#ifndef INTERFACES_RECORDS_H
#define INTERFACES_RECORDS_H

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace interfaces {

//! Base units per coin.
constexpr int64_t COIN = 100'000'000;

//! Most blocks one call may ask the node for (Node::generate,
//! Chain::getBlocks): bounds the work and the reply of a single call.
constexpr int32_t MAX_BLOCKS_PER_CALL = 1000;

//! A payment from one account (identified by its Ed25519 public key) to an
//! address. `nonce` is the number of transactions the sender has made
//! before this one, so a transaction can be applied only once and in order.
struct Transaction
{
    std::vector<unsigned char> sender_key; //!< 32-byte Ed25519 public key
    std::string sender;                    //!< address derived from sender_key
    std::string recipient;                 //!< address
    int64_t amount = 0;
    int64_t fee = 0;
    uint64_t nonce = 0;
    std::vector<unsigned char> signature; //!< 64-byte Ed25519 signature
    std::string txid;                     //!< hex SHA-256 of the signed fields and signature
};

struct Block
{
    int32_t height = 0;
    std::string hash;      //!< hex SHA-256 of the header
    std::string prev_hash; //!< hex; all zeros for the genesis block
    int64_t time = 0;      //!< seconds since the epoch
    std::string miner;     //!< address credited with the reward and fees
    int64_t reward = 0;    //!< subsidy plus fees
    std::vector<Transaction> transactions;
};

//! What a block list shows without its transactions.
struct BlockSummary
{
    int32_t height = 0;
    std::string hash;
    int64_t time = 0;
    std::string miner;
    int32_t transaction_count = 0;
};

struct NodeStatus
{
    int32_t height = 0;
    std::string tip_hash;
    int32_t mempool_size = 0;
    std::vector<std::string> wallets; //!< names of registered wallets
    std::string datadir;
    int64_t start_time = 0; //!< when the node started, seconds since the epoch (0 from a v1 node)
};

struct Balances
{
    int64_t confirmed = 0;
    int64_t unconfirmed = 0; //!< confirmed plus the effect of mempool transactions
};

struct AddressInfo
{
    std::string address;
    std::string label;
};

//! One entry of a wallet's history: a transaction from the wallet's point
//! of view.
struct WalletTransaction
{
    std::string txid;
    int64_t amount = 0; //!< positive when received, negative when sent (fee included)
    std::string counterparty;
    int32_t height = -1; //!< block height, or -1 while in the mempool
    int64_t time = 0;
    bool coinbase = false; //!< a mining reward
};

//! The node refused a transaction; what() says why ("insufficient funds",
//! "bad nonce", ...). Crosses processes as itself through a
//! $Proxy.exception result field.
class TransactionRejected : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

} // namespace interfaces

#endif // INTERFACES_RECORDS_H
