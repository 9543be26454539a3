// mpcli's commands, one function each. Arguments arrive already checked
// (arguments.h); each function makes its calls through the session, hands
// the result to the Output, and throws std::exception with a one-line
// message on failure (a node's rejection arrives as
// interfaces::TransactionRejected).

#ifndef MPCLI_COMMANDS_H
#define MPCLI_COMMANDS_H

#include "arguments.h"
#include "node-session.h"
#include "output.h"

#include <cstdint>
#include <optional>
#include <string>

namespace mpcli {

void ShowStatus(NodeSession& session, Output& out);
void ShowBlock(NodeSession& session, Output& out, const BlockRef& block);
//! Mines count blocks to address or, if none is given, to a new address of
//! the only registered wallet (an error if there is not exactly one).
void Mine(NodeSession& session, Output& out, int32_t count, const std::optional<std::string>& address);
void ShowMempool(NodeSession& session, Output& out);
void ShowWallets(NodeSession& session, Output& out);
void EchoText(NodeSession& session, Output& out, const std::string& text);

void WalletNewAddress(NodeSession& session, Output& out, const std::string& wallet, const std::string& label);
void WalletAddresses(NodeSession& session, Output& out, const std::string& wallet);
void WalletBalance(NodeSession& session, Output& out, const std::string& wallet);
void WalletSend(NodeSession& session, Output& out, const std::string& wallet, const std::string& address,
                int64_t amount, int64_t fee);
void WalletHistory(NodeSession& session, Output& out, const std::string& wallet, int32_t limit);

} // namespace mpcli

#endif // MPCLI_COMMANDS_H
