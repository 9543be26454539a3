// mpbench: cost per call of libmultiprocess against plain Cap'n Proto RPC and
// a raw socket, between two real processes, in one run. See
// docs/performance.md.
//
//   mpbench [--benchmark_* flags]   run the benchmarks (defaults: 5
//                                   repetitions, medians shown, 0.2 s each)
//   mpbench --scale [CONNECTIONS [THREADS]]  1000 connections to one
//                                   server, 256 client threads each mapped to
//                                   a server thread: RSS per connection/thread
//   mpbench --serve-floor FD        (internal) the servers, one per child
//   mpbench --serve-capnp FD[,FD...] [tcp | tls CERT_DIR]
//   mpbench --serve-mp FD [tcp | tls CERT_DIR]
//   mpbench --serve-mp-listen FD

#include "echo-signatures.h"
#include "harness.h"
#include "idle.h"
#include "parallel.h"
#include "report.h"
#include "rows.h"

#include <benchmark/benchmark.h>

#include <cstring>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

namespace mpbench {
namespace {

//! Payload sizes of the echo sweep (8 B to 16 MiB).
constexpr size_t kSizes[] = {8, 128, 1024, 16 * 1024, 128 * 1024, 1024 * 1024, 16 * 1024 * 1024};

//! A client made on first use: the TCP rows' server children and TLS
//! certificates cost nothing unless those rows run.
template <typename Client>
class Lazy
{
public:
    explicit Lazy(Transport transport) : m_transport(transport) {}
    Client& operator*()
    {
        if (!m_client) m_client.emplace(m_transport);
        return *m_client;
    }

private:
    Transport m_transport;
    std::optional<Client> m_client;
};

//! The rows of one network transport ("capnp-tls/add", "mp-tls/add/..."):
//! a small call and echoes, for plain Cap'n Proto and the library, each
//! over its own connection of that transport.
void RegisterNetwork(Transport transport, Lazy<PlainCapnpClient>& plain, Lazy<MpClient>& mp)
{
    const std::string name = TransportName(transport);
    constexpr size_t kNetworkSizes[] = {1024, 1024 * 1024};
    benchmark::RegisterBenchmark(("capnp-" + name + "/add").c_str(), [&plain](benchmark::State& state) {
        MeasureCalls(state, (*plain).serverPid(), [&](int32_t i) { return (*plain).session().add(i, 1) == i + 1; });
        (*plain).close();
    });
    for (size_t size : kNetworkSizes) {
        benchmark::RegisterBenchmark(("capnp-" + name + "/echo/" + std::to_string(size)).c_str(),
                                     [&plain, size](benchmark::State& state) {
                                         std::vector<unsigned char> data(size, 0x5a);
                                         MeasureCalls(state, (*plain).serverPid(), [&](int32_t) {
                                             return (*plain).session().echo(data).size() == size;
                                         });
                                         SetEchoBytes(state, size);
                                         (*plain).close();
                                     });
    }
    benchmark::RegisterBenchmark(("mp-" + name + "/add/loop_thread").c_str(), [&mp](benchmark::State& state) {
        Bench& bench = (*mp).bench();
        MeasureCalls(state, (*mp).serverPid(), [&](int32_t i) { return bench.add(i, 1) == i + 1; });
    });
    benchmark::RegisterBenchmark(("mp-" + name + "/add/worker_thread").c_str(), [&mp](benchmark::State& state) {
        Bench& bench = (*mp).bench();
        MeasureCalls(state, (*mp).serverPid(), [&](int32_t i) { return bench.addOnWorker(i, 1) == i + 1; });
    });
    for (size_t size : kNetworkSizes) {
        benchmark::RegisterBenchmark(("mp-" + name + "/echo/" + std::to_string(size)).c_str(),
                                     [&mp, size](benchmark::State& state) {
                                         Bench& bench = (*mp).bench();
                                         std::vector<unsigned char> data(size, 0x5a);
                                         MeasureCalls(state, (*mp).serverPid(),
                                                      [&](int32_t) { return bench.echo(data).size() == size; });
                                         SetEchoBytes(state, size);
                                     });
    }
}

void Register(FloorClient& floor, PlainCapnpClient& plain, MpClient& mp)
{
    for (size_t size : kSizes) {
        benchmark::RegisterBenchmark(("floor/echo/" + std::to_string(size)).c_str(), [&floor, size](benchmark::State& state) {
            for (auto _ : state) floor.echo(size);
            SetEchoBytes(state, size);
        });
    }

    // Each plain run connects before timing and closes its session at the
    // end (see PlainCapnpClient).
    benchmark::RegisterBenchmark("capnp/add", [&plain](benchmark::State& state) {
        MeasureCalls(state, plain.serverPid(), [&](int32_t i) { return plain.session().add(i, 1) == i + 1; });
        plain.close();
    });
    benchmark::RegisterBenchmark("capnp/callback", [&plain](benchmark::State& state) {
        MeasureCalls(state, plain.serverPid(), [&](int32_t i) { return plain.session().callBack(i) == i + 1; });
        plain.close();
    });
    for (size_t size : kSizes) {
        benchmark::RegisterBenchmark(("capnp/echo/" + std::to_string(size)).c_str(), [&plain, size](benchmark::State& state) {
            std::vector<unsigned char> data(size, 0x5a);
            MeasureCalls(state, plain.serverPid(), [&](int32_t) { return plain.session().echo(data).size() == size; });
            SetEchoBytes(state, size);
            plain.close();
        });
    }

    Bench& bench = mp.bench();
    const int server = mp.serverPid();
    benchmark::RegisterBenchmark("mp/add/loop_thread", [&bench, server](benchmark::State& state) {
        MeasureCalls(state, server, [&](int32_t i) { return bench.add(i, 1) == i + 1; });
    });
    benchmark::RegisterBenchmark("mp/add/worker_thread", [&bench, server](benchmark::State& state) {
        MeasureCalls(state, server, [&](int32_t i) { return bench.addOnWorker(i, 1) == i + 1; });
    });
    benchmark::RegisterBenchmark("mp/callback", [&bench, server](benchmark::State& state) {
        MeasureCalls(state, server, [&](int32_t i) { return bench.callBack(i) == i + 1; });
    });
    for (size_t size : kSizes) {
        benchmark::RegisterBenchmark(("mp/echo/" + std::to_string(size)).c_str(), [&bench, server, size](benchmark::State& state) {
            std::vector<unsigned char> data(size, 0x5a);
            MeasureCalls(state, server, [&](int32_t) { return bench.echo(data).size() == size; });
            SetEchoBytes(state, size);
        });
    }
    for (size_t size : kTargetEchoSizes) {
        benchmark::RegisterBenchmark(("mp/echo_worker/" + std::to_string(size)).c_str(),
                                     [&bench, server, size](benchmark::State& state) {
                                         std::vector<unsigned char> data(size, 0x5a);
                                         MeasureCalls(state, server,
                                                      [&](int32_t) { return bench.echoOnWorker(data).size() == size; });
                                         SetEchoBytes(state, size);
                                     });
    }
    RegisterParallelRows(bench, server);
    RegisterSignatureEchoes(plain, bench, server);
    RegisterIdleRows(bench, server);
}

bool HasFlag(int argc, char** argv, const char* prefix)
{
    for (int i = 1; i < argc; ++i) {
        if (std::strncmp(argv[i], prefix, std::strlen(prefix)) == 0) return true;
    }
    return false;
}

} // namespace
} // namespace mpbench

int main(int argc, char** argv)
{
    using namespace mpbench;
    if (argc >= 3 && std::strncmp(argv[1], "--serve-", 8) == 0) {
        try {
            const std::string mode = argv[1];
            const Transport transport = argc > 3 ? ParseTransport(argv[3]) : Transport::UnixPair;
            const std::string cert_dir = argc > 4 ? argv[4] : "";
            if (mode == "--serve-capnp") return ServePlainCapnp(ParseFds(argv[2]), transport, cert_dir);
            const int fd = std::stoi(argv[2]);
            if (mode == "--serve-floor") return ServeFloor(fd);
            if (mode == "--serve-mp") return ServeMp(fd, transport, cert_dir);
            if (mode == "--serve-mp-listen") return ServeMpListen(fd);
        } catch (const std::exception& e) {
            std::cerr << "mpbench " << argv[1] << ": " << e.what() << std::endl;
            return 1;
        }
        std::cerr << "mpbench: unknown mode " << argv[1] << std::endl;
        return 2;
    }

    if (argc >= 2 && std::strcmp(argv[1], "--scale") == 0) {
        try {
            return RunScale(argc > 2 ? std::stoi(argv[2]) : 1000, argc > 3 ? std::stoi(argv[3]) : 256);
        } catch (const std::exception& e) {
            std::cerr << "mpbench --scale: " << e.what() << std::endl;
            return 1;
        }
    }

    // Defaults chosen for a noisy 2-core machine: medians of 5 runs.
    std::vector<std::string> defaults;
    if (!HasFlag(argc, argv, "--benchmark_repetitions")) defaults.push_back("--benchmark_repetitions=5");
    if (!HasFlag(argc, argv, "--benchmark_display_aggregates_only") &&
        !HasFlag(argc, argv, "--benchmark_report_aggregates_only")) {
        defaults.push_back("--benchmark_display_aggregates_only=true");
    }
    if (!HasFlag(argc, argv, "--benchmark_min_time")) defaults.push_back("--benchmark_min_time=0.2");
    std::vector<char*> args(argv, argv + argc);
    for (auto& flag : defaults) args.push_back(flag.data());
    int count = static_cast<int>(args.size());
    benchmark::Initialize(&count, args.data());
    if (benchmark::ReportUnrecognizedArguments(count, args.data())) return 1;

    FloorClient floor;
    PlainCapnpClient plain;
    MpClient mp;
    Register(floor, plain, mp);
    Lazy<PlainCapnpClient> plain_tcp(Transport::Tcp);
    Lazy<MpClient> mp_tcp(Transport::Tcp);
    RegisterNetwork(Transport::Tcp, plain_tcp, mp_tcp);
    Lazy<PlainCapnpClient> plain_tls(Transport::Tls);
    Lazy<MpClient> mp_tls(Transport::Tls);
    RegisterNetwork(Transport::Tls, plain_tls, mp_tls);
    RatioReporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();
    return 0;
}
