// Output for programs (--json): each result is one JSON document on one
// line. Amounts are JSON numbers with 8 decimals in coins (written from
// the integer, never through a double); `watch` writes one document per
// event, each with an "event" member.

#include "output.h"

#include "json-writer.h"

#include <ledger/amount.h>

namespace mpcli {
namespace {

void Emit(const JsonWriter& json) { WriteStdout(json.text() + "\n"); }

JsonWriter& Amount(JsonWriter& json, int64_t units) { return json.number(ledger::FormatAmount(units)); }

JsonWriter& Strings(JsonWriter& json, const std::vector<std::string>& values)
{
    json.beginArray();
    for (const auto& value : values) json.string(value);
    return json.endArray();
}

JsonWriter& TransactionObject(JsonWriter& json, const interfaces::Transaction& tx)
{
    json.beginObject().key("txid").string(tx.txid).key("sender").string(tx.sender);
    json.key("recipient").string(tx.recipient).key("amount");
    Amount(json, tx.amount).key("fee");
    Amount(json, tx.fee).key("nonce").integer(static_cast<int64_t>(tx.nonce));
    return json.endObject();
}

JsonWriter& Transactions(JsonWriter& json, const std::vector<interfaces::Transaction>& transactions)
{
    json.beginArray();
    for (const auto& tx : transactions) TransactionObject(json, tx);
    return json.endArray();
}

class JsonOutput final : public Output
{
public:
    void status(const interfaces::NodeStatus& status) override
    {
        JsonWriter json;
        json.beginObject().key("height").integer(status.height).key("tip_hash").string(status.tip_hash);
        json.key("mempool_size").integer(status.mempool_size).key("wallets");
        Strings(json, status.wallets).key("datadir").string(status.datadir);
        json.key("start_time").integer(status.start_time).endObject();
        Emit(json);
    }

    void block(const interfaces::Block& block) override
    {
        JsonWriter json;
        json.beginObject().key("height").integer(block.height).key("hash").string(block.hash);
        json.key("prev_hash").string(block.prev_hash).key("time").integer(block.time);
        json.key("miner").string(block.miner).key("reward");
        Amount(json, block.reward).key("transactions");
        Transactions(json, block.transactions).endObject();
        Emit(json);
    }

    void mined(const std::string& address, const std::string& chosen_from_wallet,
               const std::vector<std::string>& hashes) override
    {
        JsonWriter json;
        json.beginObject().key("address").string(address).key("wallet");
        if (chosen_from_wallet.empty()) {
            json.null();
        } else {
            json.string(chosen_from_wallet);
        }
        json.key("hashes");
        Strings(json, hashes).endObject();
        Emit(json);
    }

    void mempool(const std::vector<interfaces::Transaction>& transactions) override
    {
        JsonWriter json;
        Transactions(json, transactions);
        Emit(json);
    }

    void wallets(const std::vector<std::string>& names) override
    {
        JsonWriter json;
        Strings(json, names);
        Emit(json);
    }

    void newAddress(const std::string& address) override
    {
        JsonWriter json;
        json.beginObject().key("address").string(address).endObject();
        Emit(json);
    }

    void addresses(const std::vector<interfaces::AddressInfo>& addresses) override
    {
        JsonWriter json;
        json.beginArray();
        for (const auto& info : addresses) {
            json.beginObject().key("address").string(info.address).key("label").string(info.label).endObject();
        }
        json.endArray();
        Emit(json);
    }

    void balances(const interfaces::Balances& balances) override
    {
        JsonWriter json;
        json.beginObject().key("confirmed");
        Amount(json, balances.confirmed).key("unconfirmed");
        Amount(json, balances.unconfirmed).endObject();
        Emit(json);
    }

    void sent(const std::string& txid) override
    {
        JsonWriter json;
        json.beginObject().key("txid").string(txid).endObject();
        Emit(json);
    }

    void history(const std::vector<interfaces::WalletTransaction>& history) override
    {
        JsonWriter json;
        json.beginArray();
        for (const auto& entry : history) {
            json.beginObject().key("txid").string(entry.txid).key("amount");
            Amount(json, entry.amount).key("counterparty").string(entry.counterparty).key("height");
            if (entry.height < 0) {
                json.null();
            } else {
                json.integer(entry.height);
            }
            json.key("time").integer(entry.time).key("coinbase").boolean(entry.coinbase).endObject();
        }
        json.endArray();
        Emit(json);
    }

    void echo(const std::string& text) override
    {
        JsonWriter json;
        json.beginObject().key("text").string(text).endObject();
        Emit(json);
    }

    void watching(const std::string& address, const interfaces::NodeStatus& status) override
    {
        JsonWriter json;
        json.beginObject().key("event").string("watching").key("address").string(address);
        json.key("height").integer(status.height).endObject();
        Emit(json);
    }

    void blockConnected(const interfaces::BlockSummary& block) override
    {
        JsonWriter json;
        json.beginObject().key("event").string("block").key("height").integer(block.height);
        json.key("hash").string(block.hash).key("time").integer(block.time).key("miner").string(block.miner);
        json.key("transaction_count").integer(block.transaction_count).endObject();
        Emit(json);
    }

    void mempoolChanged(int32_t size) override
    {
        JsonWriter json;
        json.beginObject().key("event").string("mempool").key("size").integer(size).endObject();
        Emit(json);
    }

    void walletsChanged(const std::vector<std::string>& names) override
    {
        JsonWriter json;
        json.beginObject().key("event").string("wallets").key("wallets");
        Strings(json, names).endObject();
        Emit(json);
    }
};

} // namespace

std::unique_ptr<Output> MakeJsonOutput() { return std::make_unique<JsonOutput>(); }

} // namespace mpcli
