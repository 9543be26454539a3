// Idle rows: see idle.h.

#include "idle.h"

#include "cpu-time.h"

#include <mp/util.h>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <sys/prctl.h>
#include <thread>
#include <vector>

namespace mpbench {

namespace {

using Clock = std::chrono::steady_clock;

//! How long after a call the CPU of both processes is watched.
constexpr auto kWatchAfterCall = std::chrono::milliseconds(20);
//! Time between two looks at it.
constexpr auto kSampleEvery = std::chrono::microseconds(50);
//! Less CPU than this between two looks is not counted as use: reading the
//! clocks themselves makes the difference between this process's CPU and
//! this thread's jitter by a microsecond or so.
constexpr int64_t kNoiseNs = 5'000;
//! The quiet row waits this long after its call, then measures for kQuietFor.
constexpr auto kSettle = std::chrono::milliseconds(100);
constexpr auto kQuietFor = std::chrono::milliseconds(500);

//! CPU used so far by both processes, except by this thread, which only
//! watches. (This thread's time is read on both sides of the process's, so
//! that the reading itself does not count.)
int64_t OthersCpuNs(int server_pid)
{
    const int64_t before = ThreadCpuNs();
    const int64_t own = OwnCpuNs();
    const int64_t after = ThreadCpuNs();
    return own - (before + after) / 2 + ProcessCpuNs(server_pid);
}

double Median(std::vector<double> values)
{
    if (values.empty()) return 0;
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

double Microseconds(Clock::duration duration) { return std::chrono::duration<double, std::micro>(duration).count(); }

} // namespace

void RegisterIdleRows(Bench& bench, int server_pid)
{
    benchmark::RegisterBenchmark("mp/idle/after_call", [&bench, server_pid](benchmark::State& state) {
        // Wake up when asked to, not up to 50 us later (the default slack);
        // given back after the row, since later rows run on this thread and
        // the threads it starts inherit the slack.
        const int saved_slack = prctl(PR_GET_TIMERSLACK, 0UL, 0UL, 0UL, 0UL);
        prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);
        mp::ScopeExit restore_slack([&] {
            if (saved_slack > 0) prctl(PR_SET_TIMERSLACK, static_cast<unsigned long>(saved_slack), 0UL, 0UL, 0UL);
        });
        std::vector<double> polling_us;
        std::vector<double> cpu_after_us;
        for (auto _ : state) {
            if (bench.addOnWorker(1, 1) != 2) state.SkipWithError("wrong sum");
            const Clock::time_point returned = Clock::now();
            const int64_t cpu_at_return = OthersCpuNs(server_pid);
            int64_t cpu = cpu_at_return;
            Clock::time_point last_used = returned;
            while (Clock::now() - returned < kWatchAfterCall) {
                std::this_thread::sleep_for(kSampleEvery);
                const int64_t now_cpu = OthersCpuNs(server_pid);
                if (now_cpu - cpu > kNoiseNs) last_used = Clock::now();
                cpu = now_cpu;
            }
            polling_us.push_back(Microseconds(last_used - returned));
            cpu_after_us.push_back(static_cast<double>(cpu - cpu_at_return) / 1e3);
        }
        state.counters["polling_us"] = Median(polling_us);
        state.counters["cpu_after_us"] = Median(cpu_after_us);
    })->Iterations(20);

    benchmark::RegisterBenchmark("mp/idle/quiet", [&bench, server_pid](benchmark::State& state) {
        double cpu_us_per_s = 0;
        for (auto _ : state) {
            if (bench.addOnWorker(1, 1) != 2) state.SkipWithError("wrong sum");
            std::this_thread::sleep_for(kSettle);
            const int64_t start = OthersCpuNs(server_pid);
            std::this_thread::sleep_for(kQuietFor);
            const double seconds = std::chrono::duration<double>(kQuietFor).count();
            // A fraction of a microsecond either way is the clocks' own noise.
            cpu_us_per_s = std::max(0.0, static_cast<double>(OthersCpuNs(server_pid) - start) / 1e3 / seconds);
        }
        state.counters["cpu_us_per_s"] = cpu_us_per_s;
    })->Iterations(1);
}

} // namespace mpbench
