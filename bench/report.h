// The console output of mpbench: Google Benchmark's usual table, then a
// summary of the libmultiprocess figures against their plain Cap'n Proto
// twins measured in the same run: latency ratios with CPU per call beside
// them, the echoes with the signatures people write, the parallel rows, and
// what an idle connection costs.

#ifndef MPBENCH_REPORT_H
#define MPBENCH_REPORT_H

#include <benchmark/benchmark.h>

#include <map>
#include <string>

namespace mpbench {

class RatioReporter final : public benchmark::ConsoleReporter
{
public:
    void ReportRuns(const std::vector<Run>& runs) override;
    void Finalize() override;

private:
    //! A row's median (or single-run) figures.
    struct Figures
    {
        double ns{0}; //!< real time per iteration, nanoseconds
        std::map<std::string, double> counters;
    };

    const Figures* find(const std::string& name) const;
    void printTwins() const;
    void printSignatureEchoes() const;
    void printParallel() const;
    void printIdle() const;

    //! By benchmark name (with "/threads:N" for multi-threaded rows).
    std::map<std::string, Figures> m_rows;
};

} // namespace mpbench

#endif // MPBENCH_REPORT_H
