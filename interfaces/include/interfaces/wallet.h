#ifndef INTERFACES_WALLET_H
#define INTERFACES_WALLET_H

#include <interfaces/handler.h>
#include <interfaces/records.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace interfaces {

//! A wallet: keys, addresses, balances, sending. Lives in an mpwallet
//! process; reached by the node's other clients through the node.
class Wallet
{
public:
    virtual ~Wallet() = default;
    virtual std::string getName() = 0;
    virtual std::string newAddress(const std::string& label) = 0;
    virtual std::vector<AddressInfo> listAddresses() = 0;
    virtual Balances getBalances() = 0;
    //! Builds, signs and broadcasts a payment; returns its txid. Throws
    //! TransactionRejected if the wallet or the node refuses it.
    virtual std::string send(const std::string& address, int64_t amount, int64_t fee) = 0;
    //! The wallet's transactions, newest first (unconfirmed on top): the
    //! newest `limit` of them, or all if limit is 0.
    virtual std::vector<WalletTransaction> getHistory(int32_t limit) = 0;
    //! Calls fn with the new balances whenever they change.
    virtual std::unique_ptr<Handler> handleBalanceChanged(std::function<void(Balances)> fn) = 0;
};

} // namespace interfaces

#endif // INTERFACES_WALLET_H
