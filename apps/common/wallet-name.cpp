#include "wallet-name.h"

#include <cctype>

namespace mpsample {

std::string WalletNameProblem(const std::string& name)
{
    if (name.empty()) return "a wallet name must not be empty";
    if (name.size() > kMaxWalletName) {
        return "a wallet name has at most " + std::to_string(kMaxWalletName) + " characters";
    }
    if (!isalnum(static_cast<unsigned char>(name.front()))) {
        return "a wallet name starts with a letter or digit, not '" + name + "'";
    }
    for (char c : name) {
        if (!isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') {
            return "a wallet name has letters, digits, '-' and '_' only, not '" + name + "'";
        }
    }
    return "";
}

} // namespace mpsample
