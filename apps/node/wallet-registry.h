// Wallets registered with the node by mpwallet processes, by name. Other
// clients of the node reach a wallet through here: the object lives in the
// wallet's process and each call is forwarded to it.

#ifndef MPNODE_WALLET_REGISTRY_H
#define MPNODE_WALLET_REGISTRY_H

#include "notifier.h"

#include <interfaces/wallet.h>

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace mpnode {

class WalletRegistry
{
public:
    explicit WalletRegistry(Notifier& notifier) : m_notifier(notifier) {}

    //! Registers wallet under name; returns an id for remove(). Throws
    //! std::invalid_argument if the name is empty or already registered.
    uint64_t add(const std::string& name, std::shared_ptr<interfaces::Wallet> wallet);
    //! Unregisters; safe from any thread, including the IPC event loop.
    void remove(uint64_t id);
    std::vector<std::string> names();
    //! The wallet registered under name, or null.
    std::shared_ptr<interfaces::Wallet> find(const std::string& name);

private:
    struct Entry
    {
        std::string name;
        std::shared_ptr<interfaces::Wallet> wallet;
    };
    std::vector<std::string> namesLocked() const;

    Notifier& m_notifier;
    std::mutex m_mutex;
    uint64_t m_next_id{1};
    std::map<uint64_t, Entry> m_entries;
};

} // namespace mpnode

#endif // MPNODE_WALLET_REGISTRY_H
