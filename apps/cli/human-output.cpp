// Output for people: one "name  value" line per field, lists as aligned
// columns, amounts in coins with 8 decimals, times in UTC.

#include "output.h"

#include <ledger/amount.h>

#include <ctime>

namespace mpcli {
namespace {

std::string FormatTime(int64_t seconds)
{
    const time_t t = static_cast<time_t>(seconds);
    tm utc{};
    char text[32] = "?";
    if (gmtime_r(&t, &utc)) strftime(text, sizeof(text), "%Y-%m-%d %H:%M:%S UTC", &utc);
    return text;
}

//! "value" padded with spaces to width (never truncated).
std::string Pad(std::string value, size_t width)
{
    if (value.size() < width) value.append(width - value.size(), ' ');
    return value;
}

std::string Field(const std::string& name, const std::string& value)
{
    return Pad(name, 13) + value + "\n";
}

std::string JoinOrNone(const std::vector<std::string>& names)
{
    if (names.empty()) return "(none)";
    std::string out;
    for (const auto& name : names) out += (out.empty() ? "" : ", ") + name;
    return out;
}

//! Amounts right-aligned so that the decimal points line up.
std::string AmountColumn(int64_t units)
{
    std::string text = ledger::FormatAmount(units);
    if (units > 0) text.insert(0, "+");
    return std::string(text.size() < 18 ? 18 - text.size() : 0, ' ') + text;
}

std::string TransactionLine(const interfaces::Transaction& tx)
{
    return "  " + tx.txid + "  " + tx.sender + " -> " + tx.recipient + "  " + ledger::FormatAmount(tx.amount) +
           " (fee " + ledger::FormatAmount(tx.fee) + ", nonce " + std::to_string(tx.nonce) + ")\n";
}

class HumanOutput final : public Output
{
public:
    void status(const interfaces::NodeStatus& status) override
    {
        WriteStdout(Field("height", std::to_string(status.height)) +
                    Field("tip", status.height < 0 ? "(no block yet)" : status.tip_hash) +
                    Field("mempool", std::to_string(status.mempool_size) + " transaction(s)") +
                    Field("wallets", JoinOrNone(status.wallets)) + Field("datadir", status.datadir) +
                    Field("started", status.start_time ? FormatTime(status.start_time) : "(not reported)"));
    }

    void block(const interfaces::Block& block) override
    {
        std::string out = Field("height", std::to_string(block.height)) + Field("hash", block.hash) +
                          Field("previous", block.prev_hash) + Field("time", FormatTime(block.time)) +
                          Field("miner", block.miner) + Field("reward", ledger::FormatAmount(block.reward)) +
                          Field("transactions", std::to_string(block.transactions.size()));
        for (const auto& tx : block.transactions) out += TransactionLine(tx);
        WriteStdout(out);
    }

    void mined(const std::string& address, const std::string& chosen_from_wallet,
               const std::vector<std::string>& hashes) override
    {
        std::string out = "mined " + std::to_string(hashes.size()) + " block(s) to " + address;
        if (!chosen_from_wallet.empty()) out += " (a new address of wallet '" + chosen_from_wallet + "')";
        out += "\n";
        for (const auto& hash : hashes) out += hash + "\n";
        WriteStdout(out);
    }

    void mempool(const std::vector<interfaces::Transaction>& transactions) override
    {
        std::string out = std::to_string(transactions.size()) + " transaction(s) in the mempool\n";
        for (const auto& tx : transactions) out += TransactionLine(tx);
        WriteStdout(out);
    }

    void wallets(const std::vector<std::string>& names) override
    {
        std::string out;
        for (const auto& name : names) out += name + "\n";
        if (names.empty()) out = "(no wallet registered)\n";
        WriteStdout(out);
    }

    void newAddress(const std::string& address) override { WriteStdout(address + "\n"); }

    void addresses(const std::vector<interfaces::AddressInfo>& addresses) override
    {
        std::string out;
        for (const auto& info : addresses) out += info.address + (info.label.empty() ? "" : "  " + info.label) + "\n";
        if (addresses.empty()) out = "(no address yet)\n";
        WriteStdout(out);
    }

    void balances(const interfaces::Balances& balances) override
    {
        WriteStdout(Field("confirmed", ledger::FormatAmount(balances.confirmed)) +
                    Field("unconfirmed", ledger::FormatAmount(balances.unconfirmed)));
    }

    void sent(const std::string& txid) override { WriteStdout(txid + "\n"); }

    void history(const std::vector<interfaces::WalletTransaction>& history) override
    {
        std::string out;
        for (const auto& entry : history) {
            const std::string where = entry.height < 0 ? "mempool" : "block " + std::to_string(entry.height);
            const std::string what = entry.coinbase ? "mining reward" : entry.counterparty;
            out += Pad(where, 12) + AmountColumn(entry.amount) + "  " + Pad(what, 42) + "  " + entry.txid + "\n";
        }
        if (history.empty()) out = "(no transaction yet)\n";
        WriteStdout(out);
    }

    void echo(const std::string& text) override { WriteStdout(text + "\n"); }

    void watching(const std::string& address, const interfaces::NodeStatus& status) override
    {
        WriteStdout("watching " + address + " at height " + std::to_string(status.height) +
                    "; Ctrl+C to stop\n");
    }

    void blockConnected(const interfaces::BlockSummary& block) override
    {
        WriteStdout("block " + std::to_string(block.height) + " " + block.hash + " miner " + block.miner + " " +
                    std::to_string(block.transaction_count) + " transaction(s)\n");
    }

    void mempoolChanged(int32_t size) override
    {
        WriteStdout("mempool " + std::to_string(size) + " transaction(s)\n");
    }

    void walletsChanged(const std::vector<std::string>& names) override
    {
        WriteStdout("wallets " + JoinOrNone(names) + "\n");
    }
};

} // namespace

std::unique_ptr<Output> MakeHumanOutput() { return std::make_unique<HumanOutput>(); }

} // namespace mpcli
