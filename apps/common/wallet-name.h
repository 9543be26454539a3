// What a wallet may be called: checked by mpwallet for its --name and by
// mpnode for every registration (any program may register a wallet).

#ifndef MPSAMPLE_WALLET_NAME_H
#define MPSAMPLE_WALLET_NAME_H

#include <cstddef>
#include <string>

namespace mpsample {

//! Longest wallet name.
constexpr size_t kMaxWalletName = 64;

//! "" if name is a good wallet name, otherwise why not. Names are typed on
//! command lines (`mpcli wallet NAME ...`) and shown in every log line: 1 to
//! kMaxWalletName letters, digits, '-' and '_', starting with a letter or
//! digit (so that no name looks like an option).
std::string WalletNameProblem(const std::string& name);

} // namespace mpsample

#endif // MPSAMPLE_WALLET_NAME_H
