// The timed loop every call row of mpbench runs, and its byte counter.

#ifndef MPBENCH_ROWS_H
#define MPBENCH_ROWS_H

#include "cpu-time.h"

#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>

namespace mpbench {

//! Makes one call per iteration, call(i) with i = 0, 1, ..., which returns
//! false for a wrong answer, and reports the CPU both processes spent per
//! call (counter cpu_us, see CpuPerCall).
template <typename Call>
void MeasureCalls(benchmark::State& state, int server_pid, Call&& call)
{
    CpuPerCall cpu(state, server_pid);
    int32_t i = 0;
    for (auto _ : state) {
        cpu.iteration();
        if (!call(i++)) {
            state.SkipWithError("wrong result");
            break;
        }
    }
    cpu.finish();
}

//! Reports bytes per second for an echo of `size` bytes each way.
inline void SetEchoBytes(benchmark::State& state, size_t size)
{
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * size * 2));
}

} // namespace mpbench

#endif // MPBENCH_ROWS_H
