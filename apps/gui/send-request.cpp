#include "send-request.h"

#include <ledger/amount.h>
#include <ledger/rules.h>

#include <stdexcept>

namespace mpgui {
namespace {

std::string Trimmed(const std::string& text)
{
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string::npos) return {};
    const auto last = text.find_last_not_of(" \t");
    return text.substr(first, last - first + 1);
}

int64_t ParseField(const char* field, const std::string& text)
{
    try {
        return ledger::ParseAmount(text);
    } catch (const std::invalid_argument& e) {
        throw std::invalid_argument(std::string(field) + ": " + e.what());
    }
}

} // namespace

SendRequest ParseSendRequest(const std::string& address, const std::string& amount, const std::string& fee)
{
    SendRequest request;
    request.address = Trimmed(address);
    if (request.address.empty()) throw std::invalid_argument("address: enter the recipient's address");
    if (!ledger::IsValidAddress(request.address)) {
        throw std::invalid_argument("address: expected \"mp\" followed by 40 hex digits");
    }
    const std::string amount_text = Trimmed(amount);
    if (amount_text.empty()) throw std::invalid_argument("amount: enter how many coins to send");
    request.amount = ParseField("amount", amount_text);
    const std::string fee_text = Trimmed(fee);
    // ParseAmount refuses zero, which is a valid (if unkind) fee.
    if (!fee_text.empty() && fee_text.find_first_not_of("0.") != std::string::npos) {
        request.fee = ParseField("fee", fee_text);
    }
    return request;
}

} // namespace mpgui
