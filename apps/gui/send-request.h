// The wallet panel's Send form, checked before anything is sent: the same
// address and amount rules the wallet and node apply, so that a mistyped
// form is refused at once with a reason rather than by a round trip.

#ifndef MPGUI_SEND_REQUEST_H
#define MPGUI_SEND_REQUEST_H

#include <cstdint>
#include <string>

namespace mpgui {

struct SendRequest
{
    std::string address;
    int64_t amount = 0; //!< base units
    int64_t fee = 0;    //!< base units
};

//! Parses the form's fields (surrounding spaces are ignored). amount is a
//! positive number of coins ("12.5"); fee is a number of coins or empty or
//! "0" for none. Throws std::invalid_argument with a message naming the
//! field that is wrong ("address: ...", "amount: ...", "fee: ...").
SendRequest ParseSendRequest(const std::string& address, const std::string& amount, const std::string& fee);

} // namespace mpgui

#endif // MPGUI_SEND_REQUEST_H
