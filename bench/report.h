// The console output of mpbench: Google Benchmark's usual table, then each
// libmultiprocess figure as a ratio to its plain Cap'n Proto twin, measured
// in the same run.

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
    //! Median (or single-run) real time per iteration in nanoseconds, by
    //! benchmark name (with "/threads:N" when N > 1).
    std::map<std::string, double> m_ns;
};

} // namespace mpbench

#endif // MPBENCH_REPORT_H
