// Parallel rows: see parallel.h. The reported time is wall time divided by
// the calls of all threads together; cpu_us is the CPU of both processes per
// call.

#include "parallel.h"

#include "rows.h"

#include <benchmark/benchmark.h>

#include <memory>

namespace mpbench {

namespace {

//! The plain server of the running capnp/parallel/add run, with one
//! connection per benchmark thread: made by Setup before the threads start,
//! destroyed by Teardown after they end.
std::unique_ptr<ChildProcess> g_plain_server;

void StartPlainServer(const benchmark::State& state)
{
    g_plain_server = std::make_unique<ChildProcess>("--serve-capnp", state.threads());
}

void StopPlainServer(const benchmark::State&) { g_plain_server.reset(); }

} // namespace

void RegisterParallelRows(Bench& bench, int server_pid)
{
    auto* mp = benchmark::RegisterBenchmark("mp/parallel/add_worker", [&bench, server_pid](benchmark::State& state) {
        // Google Benchmark starts new threads for each run: this thread's
        // first Context call makes its server thread, which must not be
        // timed (the plain side connects before timing too).
        if (bench.addOnWorker(0, 0) != 0) state.SkipWithError("wrong sum");
        MeasureCalls(state, server_pid, [&](int32_t i) { return bench.addOnWorker(i, 1) == i + 1; });
        state.SetItemsProcessed(state.iterations());
    });
    auto* plain = benchmark::RegisterBenchmark("capnp/parallel/add", [](benchmark::State& state) {
        // This thread's own connection, connected before the timed loop and
        // closed on this thread (see PlainCapnpClient::close).
        PlainSession session(g_plain_server->release(static_cast<size_t>(state.thread_index())));
        MeasureCalls(state, g_plain_server->pid(), [&](int32_t i) { return session.add(i, 1) == i + 1; });
        state.SetItemsProcessed(state.iterations());
    });
    plain->Setup(StartPlainServer)->Teardown(StopPlainServer);
    for (int threads : kParallelThreads) {
        mp->Threads(threads);
        plain->Threads(threads);
    }
    mp->UseRealTime();
    plain->UseRealTime();
}

} // namespace mpbench
