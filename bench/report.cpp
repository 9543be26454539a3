// The summary printed after the benchmark runs (see report.h).

#include "report.h"

#include "echo-signatures.h"
#include "parallel.h"

#include <cstdio>
#include <cstdlib>
#include <string>

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

//! A C++ signature of the echo (rows mp/echo_<row>/..., see
//! echo-signatures.cpp) and the plain twin it is compared with.
struct Signature
{
    const char* label;
    const char* row;
    const char* capnp;
};

constexpr Signature kSignatures[] = {
    {"std::vector<unsigned char> by value", "mp/echo_uchar_vector/by_value", "capnp/echo"},
    {"std::vector<unsigned char> const&", "mp/echo_uchar_vector/const_ref", "capnp/echo"},
    {"std::vector<char> by value", "mp/echo_char_vector/by_value", "capnp/echo"},
    {"std::vector<char> const&", "mp/echo_char_vector/const_ref", "capnp/echo"},
    {"std::string (Text) by value", "mp/echo_string/by_value", "capnp/echo_text"},
    {"std::string (Text) const&", "mp/echo_string/const_ref", "capnp/echo_text"},
};

//! Highest acceptable ratio of the signature echoes of 1 MiB and more.
constexpr double kSignatureTarget = 1.0;

std::string SizeLabel(size_t size)
{
    constexpr size_t kMiB = 1024 * 1024;
    if (size % kMiB == 0) return std::to_string(size / kMiB) + "MiB";
    if (size % 1024 == 0) return std::to_string(size / 1024) + "KiB";
    return std::to_string(size) + "B";
}

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
        Figures& figures = m_rows[name];
        figures.ns = ToNanoseconds(run.GetAdjustedRealTime(), run.time_unit);
        for (const auto& [counter, value] : run.counters) figures.counters[counter] = value.value;
    }
}

const RatioReporter::Figures* RatioReporter::find(const std::string& name) const
{
    auto it = m_rows.find(name);
    return it == m_rows.end() ? nullptr : &it->second;
}

namespace {

//! The counter, or a negative number if the row has none.
double Counter(const std::map<std::string, double>& counters, const char* name)
{
    auto it = counters.find(name);
    return it == counters.end() ? -1 : it->second;
}

void PrintCpu(double mp, double capnp)
{
    if (mp < 0 || capnp <= 0) return;
    std::printf(" %8.1f %8.1f %6.2f", mp, capnp, mp / capnp);
}

} // namespace

void RatioReporter::printTwins() const
{
    std::printf("\nlibmultiprocess / plain Cap'n Proto (medians, same run; cpu: both processes, per call)\n");
    std::printf("%-36s %10s %10s %6s %-9s %8s %8s %6s\n", "case", "mp (us)", "capnp (us)", "ratio", "target",
                "mp cpu", "capnp", "ratio");
    for (const Twin& twin : kTwins) {
        const Figures* mp = find(twin.mp);
        const Figures* capnp = find(twin.capnp);
        if (!mp || !capnp) continue;
        const double ratio = mp->ns / capnp->ns;
        char target[32] = "";
        if (twin.target > 0) {
            std::snprintf(target, sizeof(target), "<=%.1f %s", twin.target, ratio <= twin.target ? "ok" : "MISS");
        }
        std::printf("%-36s %10.2f %10.2f %6.2f %-9s", twin.label, mp->ns / 1e3, capnp->ns / 1e3, ratio, target);
        PrintCpu(Counter(mp->counters, "cpu_us"), Counter(capnp->counters, "cpu_us"));
        std::printf("\n");
    }
    if (const Figures *capnp = find("capnp/add"), *floor = find("floor/echo/8"); capnp && floor) {
        std::printf("%-36s %10.2f %10.2f %6.2f\n", "plain capnp call / 8 B socket floor", capnp->ns / 1e3,
                    floor->ns / 1e3, capnp->ns / floor->ns);
    }
}

void RatioReporter::printSignatureEchoes() const
{
    auto mp_row = [&](const Signature& signature, const char* thread, size_t size) {
        return find(std::string(signature.row) + "/" + thread + "/" + std::to_string(size));
    };
    bool ran_any = false;
    for (const Signature& signature : kSignatures) {
        for (const char* thread : {"loop", "worker"}) {
            for (size_t size : kTargetEchoSizes) ran_any = ran_any || mp_row(signature, thread, size);
        }
    }
    if (!ran_any) return;
    std::printf("\necho with the signatures people write, ratio to plain Cap'n Proto (same run; * above the "
                "target %.1f of 1 MiB and more)\n",
                kSignatureTarget);
    std::printf("%-36s", "C++ parameter (returned by value)");
    for (const char* thread : {"loop", "worker"}) {
        for (size_t size : kTargetEchoSizes) {
            char heading[32];
            std::snprintf(heading, sizeof(heading), "%s %s", thread, SizeLabel(size).c_str());
            std::printf(" %12s", heading);
        }
    }
    std::printf("\n");
    for (const Signature& signature : kSignatures) {
        std::printf("%-36s", signature.label);
        for (const char* thread : {"loop", "worker"}) {
            for (size_t size : kTargetEchoSizes) {
                const Figures* mp = mp_row(signature, thread, size);
                const Figures* capnp = find(std::string(signature.capnp) + "/" + std::to_string(size));
                if (!mp || !capnp) {
                    std::printf(" %12s", "-");
                    continue;
                }
                const double ratio = mp->ns / capnp->ns;
                const bool miss = size >= 1024 * 1024 && ratio > kSignatureTarget;
                std::printf(" %11.2f%s", ratio, miss ? "*" : " ");
            }
        }
        std::printf("\n");
    }
}

void RatioReporter::printParallel() const
{
    const Figures* mp_one = find("mp/parallel/add_worker/threads:1");
    const Figures* capnp_one = find("capnp/parallel/add/threads:1");
    if (!mp_one && !capnp_one) return;
    std::printf("\nparallel client threads: aggregate calls/s, CPU of both processes per call (us)\n");
    std::printf("(mp: one connection, calls on mapped worker threads; capnp: one connection per thread, one server "
                "thread)\n");
    std::printf("%-8s %12s %8s %12s %8s %9s %8s %8s %6s\n", "threads", "mp calls/s", "vs 1", "capnp calls/s", "vs 1",
                "mp/capnp", "mp cpu", "capnp", "ratio");
    for (int threads : kParallelThreads) {
        const std::string suffix = "/threads:" + std::to_string(threads);
        const Figures* mp = find("mp/parallel/add_worker" + suffix);
        const Figures* capnp = find("capnp/parallel/add" + suffix);
        std::printf("%-8d", threads);
        if (mp) {
            std::printf(" %12.0f %7.2fx", 1e9 / mp->ns, mp_one ? mp_one->ns / mp->ns : 0.0);
        } else {
            std::printf(" %12s %8s", "-", "-");
        }
        if (capnp) {
            std::printf(" %12.0f %7.2fx", 1e9 / capnp->ns, capnp_one ? capnp_one->ns / capnp->ns : 0.0);
        } else {
            std::printf(" %12s %8s", "-", "-");
        }
        if (mp && capnp) {
            std::printf(" %8.2fx", capnp->ns / mp->ns);
            PrintCpu(Counter(mp->counters, "cpu_us"), Counter(capnp->counters, "cpu_us"));
        }
        std::printf("\n");
    }
}

void RatioReporter::printIdle() const
{
    const Figures* after = find("mp/idle/after_call");
    const Figures* quiet = find("mp/idle/quiet");
    if (!after && !quiet) return;
    const char* budget = std::getenv("MP_SPIN_US");
    if (budget) {
        std::printf("\nidle (polling budget MP_SPIN_US=%s us per wait)\n", budget);
    } else {
        std::printf("\nidle (polling budget: the library's default, MP_SPIN_US unset)\n");
    }
    if (after) {
        std::printf("after the last call, both processes used CPU for %.0f us (%.0f us of CPU in all)\n",
                    Counter(after->counters, "polling_us"), Counter(after->counters, "cpu_after_us"));
    }
    if (quiet) {
        std::printf("idle connection, both processes: %.1f us of CPU per second (%.4f %% of one CPU)\n",
                    Counter(quiet->counters, "cpu_us_per_s"), Counter(quiet->counters, "cpu_us_per_s") / 1e4);
    }
}

void RatioReporter::Finalize()
{
    ConsoleReporter::Finalize();
    printTwins();
    printSignatureEchoes();
    printParallel();
    printIdle();
    std::fflush(stdout);
}

} // namespace mpbench
