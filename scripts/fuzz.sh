#!/usr/bin/env bash
# Builds the libFuzzer target of libmultiprocess (clang, Debug, ASan+UBSan) in
# build-fuzz/ and runs it for SECONDS (default 60) on a new connection of a
# served FooInterface per input, starting from the committed seed corpus.
#   scripts/fuzz.sh [SECONDS] [LIBFUZZER_ARGS...]
# Exits non-zero on a finding (crash, sanitizer report, hang); the input that
# caused it is left in build-fuzz/findings/. New inputs the fuzzer finds go
# to build-fuzz/corpus/, never into the committed corpus.
# Environment: FUZZ_BUILD_DIR (default build-fuzz), BUILD_JOBS (default 2).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

seconds=${1:-60}
shift || true
build_dir=${FUZZ_BUILD_DIR:-build-fuzz}
seeds=libmultiprocess/test/fuzz/corpus

scripts/setup.sh
CC=clang CXX=clang++ cmake -S libmultiprocess -B "$build_dir" -DCMAKE_BUILD_TYPE=Debug \
    -DMP_ENABLE_FUZZ=ON -DMP_ENABLE_EXAMPLES=OFF -DMP_ENABLE_INSTALL=OFF
cmake --build "$build_dir" -j"${BUILD_JOBS:-2}" --target mpfuzz-connection

mkdir -p "$build_dir/corpus" "$build_dir/findings"
export ASAN_OPTIONS="halt_on_error=1:abort_on_error=1:detect_leaks=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export UBSAN_OPTIONS="halt_on_error=1:abort_on_error=1:print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
echo "fuzz.sh: running mpfuzz-connection for ${seconds}s"
set +e
"$build_dir/test/fuzz/mpfuzz-connection" -max_total_time="$seconds" -timeout=30 -rss_limit_mb=4096 \
    -print_final_stats=1 -artifact_prefix="$build_dir/findings/" "$@" "$build_dir/corpus" "$seeds"
rc=$?
set -e
if [[ $rc -ne 0 ]]; then
    echo "fuzz.sh: finding (exit code $rc); inputs in $build_dir/findings/:"
    ls -l "$build_dir/findings/"
else
    echo "fuzz.sh: no findings in ${seconds}s"
fi
exit "$rc"
