// How the widgets write amounts, hashes and times.

#ifndef MPGUI_DISPLAY_FORMAT_H
#define MPGUI_DISPLAY_FORMAT_H

#include <QString>

#include <cstdint>
#include <string>

namespace mpgui {

//! "12.50000000 MPC".
QString AmountText(int64_t units);
//! "12.50000000": for table cells, where the column says what it is.
QString CoinsText(int64_t units);
//! "+12.50000000" / "-0.10000000": a wallet history entry.
QString SignedAmountText(int64_t units);
//! The first 16 hex digits and an ellipsis; the full hash goes in tooltips.
QString ShortHash(const std::string& hash);
//! Local time, "2024-05-01 12:34:56".
QString TimeText(int64_t seconds_since_epoch);

} // namespace mpgui

#endif // MPGUI_DISPLAY_FORMAT_H
