#include "display-format.h"

#include <ledger/amount.h>

#include <QDateTime>

namespace mpgui {

QString AmountText(int64_t units)
{
    return CoinsText(units) + " MPC";
}

QString CoinsText(int64_t units)
{
    return QString::fromStdString(ledger::FormatAmount(units));
}

QString SignedAmountText(int64_t units)
{
    return (units >= 0 ? "+" : "") + QString::fromStdString(ledger::FormatAmount(units));
}

QString ShortHash(const std::string& hash)
{
    if (hash.size() <= 16) return QString::fromStdString(hash);
    return QString::fromStdString(hash.substr(0, 16)) + QChar(0x2026);
}

QString TimeText(int64_t seconds_since_epoch)
{
    return QDateTime::fromSecsSinceEpoch(seconds_since_epoch).toString("yyyy-MM-dd hh:mm:ss");
}

} // namespace mpgui
