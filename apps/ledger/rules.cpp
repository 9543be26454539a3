#include "rules.h"

#include "amount.h"

#include <cstring>

namespace ledger {
namespace {

//! Appends fixed-width little-endian integers and length-prefixed bytes:
//! one unambiguous encoding for everything that is hashed or signed.
class Writer
{
public:
    void u64(uint64_t value)
    {
        for (int i = 0; i < 8; ++i) m_out.push_back(static_cast<unsigned char>(value >> (8 * i)));
    }
    void i64(int64_t value) { u64(static_cast<uint64_t>(value)); }
    void bytes(const unsigned char* data, size_t size)
    {
        u64(size);
        m_out.insert(m_out.end(), data, data + size);
    }
    void bytes(const Bytes& data) { bytes(data.data(), data.size()); }
    void text(const std::string& data) { bytes(reinterpret_cast<const unsigned char*>(data.data()), data.size()); }
    Bytes take() { return std::move(m_out); }

private:
    Bytes m_out;
};

bool IsLowerHex(const std::string& text)
{
    for (char c : text) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    }
    return true;
}

} // namespace

std::string AddressOf(const Bytes& public_key)
{
    return "mp" + HexEncode(Sha256(public_key)).substr(0, 40);
}

bool IsValidAddress(const std::string& text)
{
    return text.size() == 42 && text.compare(0, 2, "mp") == 0 && IsLowerHex(text.substr(2));
}

Bytes SigningMessage(const interfaces::Transaction& tx)
{
    Writer w;
    w.text("mpsample transaction v1");
    w.bytes(tx.sender_key);
    w.text(tx.recipient);
    w.i64(tx.amount);
    w.i64(tx.fee);
    w.u64(tx.nonce);
    return w.take();
}

void SignTransaction(interfaces::Transaction& tx, const Bytes& private_key)
{
    tx.sender_key = PublicKeyOf(private_key);
    tx.sender = AddressOf(tx.sender_key);
    tx.signature = Sign(private_key, SigningMessage(tx));
    tx.txid = ComputeTxid(tx);
}

std::string ComputeTxid(const interfaces::Transaction& tx)
{
    Bytes data = SigningMessage(tx);
    data.insert(data.end(), tx.signature.begin(), tx.signature.end());
    return HexEncode(Sha256(data));
}

std::string CheckTransaction(const interfaces::Transaction& tx)
{
    if (tx.sender_key.size() != 32) return "malformed sender key";
    if (tx.sender != AddressOf(tx.sender_key)) return "sender address does not match the sender key";
    if (!IsValidAddress(tx.recipient)) return "malformed recipient address '" + tx.recipient + "'";
    const int64_t max_units = MAX_COINS * interfaces::COIN;
    if (tx.amount <= 0) return "amount must be positive";
    if (tx.amount > max_units) return "amount too large";
    if (tx.fee < 0) return "fee must not be negative";
    if (tx.fee > max_units) return "fee too large";
    if (!Verify(tx.sender_key, SigningMessage(tx), tx.signature)) return "bad signature";
    if (tx.txid != ComputeTxid(tx)) return "txid does not match the transaction";
    return "";
}

std::string ComputeBlockHash(const interfaces::Block& block)
{
    Writer w;
    w.text("mpsample block v1");
    w.i64(block.height);
    w.text(block.prev_hash);
    w.i64(block.time);
    w.text(block.miner);
    w.i64(block.reward);
    w.u64(block.transactions.size());
    for (const auto& tx : block.transactions) w.text(tx.txid);
    return HexEncode(Sha256(w.take()));
}

std::string NullHash()
{
    return std::string(64, '0');
}

} // namespace ledger
