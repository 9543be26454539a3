// Ratio table printed after the benchmark runs (see report.h).

#include "report.h"

#include <cstdio>

namespace mpbench {

namespace {

double ToNanoseconds(double value, benchmark::TimeUnit unit)
{
    switch (unit) {
    case benchmark::kNanosecond: return value;
    case benchmark::kMicrosecond: return value * 1e3;
    case benchmark::kMillisecond: return value * 1e6;
    case benchmark::kSecond: return value * 1e9;
    }
    return value;
}

struct Twin
{
    const char* label;
    const char* mp;
    const char* capnp;
    double target; //!< highest acceptable ratio, 0 if none
};

constexpr Twin kTwins[] = {
    {"call on server event loop thread", "mp/add/loop_thread", "capnp/add", 1.2},
    {"call on mapped worker thread", "mp/add/worker_thread", "capnp/add", 1.5},
    {"callback round trip", "mp/callback", "capnp/callback", 1.5},
    {"Data echo 1 KiB (loop thread)", "mp/echo/1024", "capnp/echo/1024", 0},
    {"Data echo 1 MiB (loop thread)", "mp/echo/1048576", "capnp/echo/1048576", 1.3},
    {"Data echo 16 MiB (loop thread)", "mp/echo/16777216", "capnp/echo/16777216", 1.3},
    {"Data echo 1 KiB (worker thread)", "mp/echo_worker/1024", "capnp/echo/1024", 0},
    {"Data echo 1 MiB (worker thread)", "mp/echo_worker/1048576", "capnp/echo/1048576", 1.3},
    {"Data echo 16 MiB (worker thread)", "mp/echo_worker/16777216", "capnp/echo/16777216", 1.3},
    // The same transport on both sides of each ratio: TCP on the loopback
    // interface, then TCP with mutual TLS.
    {"TCP: call on server loop thread", "mp-tcp/add/loop_thread", "capnp-tcp/add", 1.2},
    {"TCP: call on mapped worker thread", "mp-tcp/add/worker_thread", "capnp-tcp/add", 1.5},
    {"TCP: Data echo 1 KiB", "mp-tcp/echo/1024", "capnp-tcp/echo/1024", 0},
    // No target: over TCP the library's extra copies of a Data payload are
    // no longer hidden by the socketpair's small buffer (performance.md).
    {"TCP: Data echo 1 MiB", "mp-tcp/echo/1048576", "capnp-tcp/echo/1048576", 0},
    {"TLS: call on server loop thread", "mp-tls/add/loop_thread", "capnp-tls/add", 1.2},
    {"TLS: call on mapped worker thread", "mp-tls/add/worker_thread", "capnp-tls/add", 1.5},
    {"TLS: Data echo 1 KiB", "mp-tls/echo/1024", "capnp-tls/echo/1024", 0},
    {"TLS: Data echo 1 MiB", "mp-tls/echo/1048576", "capnp-tls/echo/1048576", 1.3},
};

} // namespace

void RatioReporter::ReportRuns(const std::vector<Run>& runs)
{
    ConsoleReporter::ReportRuns(runs);
    for (const Run& run : runs) {
        if (run.error_occurred) continue;
        const bool median = run.run_type == Run::RT_Aggregate && run.aggregate_name == "median";
        const bool single = run.run_type == Run::RT_Iteration && run.repetitions <= 1;
        if (!median && !single) continue;
        std::string name = run.run_name.function_name;
        if (!run.run_name.threads.empty()) name += "/" + run.run_name.threads;
        m_ns[name] = ToNanoseconds(run.GetAdjustedRealTime(), run.time_unit);
    }
}

void RatioReporter::Finalize()
{
    ConsoleReporter::Finalize();
    auto find = [&](const std::string& name) -> const double* {
        auto it = m_ns.find(name);
        return it == m_ns.end() ? nullptr : &it->second;
    };
    std::printf("\nlibmultiprocess / plain Cap'n Proto (median real time per call, same run)\n");
    std::printf("%-36s %12s %12s %7s %7s\n", "case", "mp (us)", "capnp (us)", "ratio", "target");
    for (const Twin& twin : kTwins) {
        const double* mp = find(twin.mp);
        const double* capnp = find(twin.capnp);
        if (!mp || !capnp) continue;
        const double ratio = *mp / *capnp;
        char target[32] = "";
        if (twin.target > 0) {
            std::snprintf(target, sizeof(target), "<=%.1f %s", twin.target, ratio <= twin.target ? "ok" : "MISS");
        }
        std::printf("%-36s %12.2f %12.2f %7.2f %s\n", twin.label, *mp / 1e3, *capnp / 1e3, ratio, target);
    }
    if (const double *capnp = find("capnp/add"), *floor = find("floor/echo/8"); capnp && floor) {
        std::printf("%-36s %12.2f %12.2f %7.2f\n", "plain capnp call / 8 B socket floor", *capnp / 1e3, *floor / 1e3,
                    *capnp / *floor);
    }
    if (const double* one = find("mp/parallel/add_worker/threads:1")) {
        std::printf("\nparallel client threads, calls on mapped worker threads (aggregate)\n");
        std::printf("%-10s %14s %16s\n", "threads", "calls/s", "vs 1 thread");
        std::printf("%-10d %14.0f %16.2f\n", 1, 1e9 / *one, 1.0);
        for (int threads : {2, 4, 8}) {
            const double* ns = find("mp/parallel/add_worker/threads:" + std::to_string(threads));
            if (!ns) continue;
            std::printf("%-10d %14.0f %15.2fx%s\n", threads, 1e9 / *ns, *one / *ns,
                        threads == 4 ? (*one / *ns >= 2.0 ? "  (target >=2x: ok)" : "  (target >=2x: MISS)") : "");
        }
    }
    std::fflush(stdout);
}

} // namespace mpbench
