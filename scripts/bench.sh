#!/usr/bin/env bash
# Builds mpbench in Release (in build-release/) and runs it: Google
# Benchmark's table, then libmultiprocess / plain Cap'n Proto ratios.
# The JSON results go to $BENCH_JSON (default build-release/mpbench.json),
# which scripts/plot-bench.py turns into docs/performance-latency.png.
# Extra arguments go to mpbench, e.g.
#   scripts/bench.sh --benchmark_filter='mp/add|capnp/add'
#   scripts/bench.sh --benchmark_repetitions=9
# Environment: BUILD_DIR (default build-release), BUILD_JOBS (default 2).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

build_dir=${BUILD_DIR:-build-release}
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build_dir" -j"${BUILD_JOBS:-2}" --target mpbench
json=${BENCH_JSON:-$build_dir/mpbench.json}
"$build_dir/bench/mpbench" --benchmark_out="$json" --benchmark_out_format=json "$@"
echo "bench.sh: JSON results in $json"
