// Running figures for the activity view: how long IPC calls take.

#ifndef MPGUI_LATENCY_STATS_H
#define MPGUI_LATENCY_STATS_H

#include <string>

namespace mpgui {

//! Last and average duration of the IPC calls made so far, as measured on
//! the worker thread around each call (so they include marshalling and the
//! round trip, not time spent queued behind other calls).
struct LatencyStats
{
    std::string last_method;
    double last_ms = 0;
    double total_ms = 0;
    long count = 0;

    void add(const std::string& method, double ms)
    {
        last_method = method;
        last_ms = ms;
        total_ms += ms;
        ++count;
    }
    double averageMs() const { return count ? total_ms / count : 0; }
};

} // namespace mpgui

#endif // MPGUI_LATENCY_STATS_H
