// How mpcli shows results: for people (aligned text, amounts in coins) or
// for programs (--json: one JSON document per result). Commands say what
// they got; an Output decides how it looks.

#ifndef MPCLI_OUTPUT_H
#define MPCLI_OUTPUT_H

#include <interfaces/records.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace mpcli {

enum class Format { Human, Json };

//! Writes to stdout, flushing after each result so that `watch` output
//! reaches a pipe as it happens. Thread-safe: `watch` notifications are
//! delivered on IPC worker threads.
class Output
{
public:
    virtual ~Output() = default;

    virtual void status(const interfaces::NodeStatus& status) = 0;
    virtual void block(const interfaces::Block& block) = 0;
    //! `address` got the blocks; `chosen_from_wallet` names the wallet that
    //! made it when the user gave none (else empty).
    virtual void mined(const std::string& address, const std::string& chosen_from_wallet,
                       const std::vector<std::string>& hashes) = 0;
    virtual void mempool(const std::vector<interfaces::Transaction>& transactions) = 0;
    virtual void wallets(const std::vector<std::string>& names) = 0;
    virtual void newAddress(const std::string& address) = 0;
    virtual void addresses(const std::vector<interfaces::AddressInfo>& addresses) = 0;
    virtual void balances(const interfaces::Balances& balances) = 0;
    virtual void sent(const std::string& txid) = 0;
    virtual void history(const std::vector<interfaces::WalletTransaction>& history) = 0;
    virtual void echo(const std::string& text) = 0;

    //! `watch`: the subscription is active (printed before any event).
    virtual void watching(const std::string& address, const interfaces::NodeStatus& status) = 0;
    virtual void blockConnected(const interfaces::BlockSummary& block) = 0;
    virtual void mempoolChanged(int32_t size) = 0;
    virtual void walletsChanged(const std::vector<std::string>& names) = 0;
};

std::unique_ptr<Output> MakeHumanOutput();
std::unique_ptr<Output> MakeJsonOutput();
std::unique_ptr<Output> MakeOutput(Format format);

//! Writes text (which ends with a newline) to stdout as one piece and
//! flushes: lines from concurrent notifications never interleave. Throws
//! std::runtime_error if stdout is gone (`mpcli watch | head -1`), so that
//! the command ends instead of printing into the void.
void WriteStdout(const std::string& text);

} // namespace mpcli

#endif // MPCLI_OUTPUT_H
