#include "wallet-registry.h"

#include <common/logging.h>
#include <common/wallet-name.h>

#include <algorithm>
#include <stdexcept>

namespace mpnode {

uint64_t WalletRegistry::add(const std::string& name, std::shared_ptr<interfaces::Wallet> wallet)
{
    // Any program may register a wallet, so the node checks the name too.
    const std::string name_problem = mpsample::WalletNameProblem(name);
    if (!name_problem.empty()) throw std::invalid_argument(name_problem);
    if (!wallet) throw std::invalid_argument("no wallet object given for '" + name + "'");
    std::lock_guard<std::mutex> lock(m_mutex);
    for (const auto& [id, entry] : m_entries) {
        if (entry.name == name) throw std::invalid_argument("a wallet named '" + name + "' is already registered");
    }
    const uint64_t id = m_next_id++;
    m_entries.emplace(id, Entry{name, std::move(wallet)});
    mpsample::Log(mpsample::Level::Info, "wallet '" + name + "' registered");
    m_notifier.walletsChanged(namesLocked());
    return id;
}

void WalletRegistry::remove(uint64_t id)
{
    Entry removed; // released after unlocking
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        auto it = m_entries.find(id);
        if (it == m_entries.end()) return;
        removed = std::move(it->second);
        m_entries.erase(it);
        m_notifier.walletsChanged(namesLocked());
    }
    mpsample::Log(mpsample::Level::Info, "wallet '" + removed.name + "' unregistered");
}

std::vector<std::string> WalletRegistry::names()
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return namesLocked();
}

std::vector<std::string> WalletRegistry::namesLocked() const
{
    std::vector<std::string> out;
    for (const auto& [id, entry] : m_entries) out.push_back(entry.name);
    std::sort(out.begin(), out.end());
    return out;
}

std::shared_ptr<interfaces::Wallet> WalletRegistry::find(const std::string& name)
{
    std::lock_guard<std::mutex> lock(m_mutex);
    for (const auto& [id, entry] : m_entries) {
        if (entry.name == name) return entry.wallet;
    }
    return nullptr;
}

} // namespace mpnode
