#!/usr/bin/env bash
# Installs dependencies, builds, and runs every test with ctest.
# Extra arguments go to ctest, e.g. scripts/test.sh -L package
# Exits non-zero if any test fails (or if no test ran).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

build_dir=${BUILD_DIR:-build}
scripts/setup.sh
scripts/build.sh

log="$build_dir/ctest.log"
set +e
ctest --test-dir "$build_dir" --output-on-failure -j2 --timeout 600 --no-tests=error "$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
set -e

# ctest's own summary line: "N% tests passed, F tests failed out of T"
summary=$(grep -E '^[0-9]+% tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -n 1 || true)
if [[ -n "$summary" ]]; then
    failed=$(sed -E 's/.* ([0-9]+) tests? failed out of.*/\1/' <<<"$summary")
    total=$(sed -E 's/.*out of ([0-9]+).*/\1/' <<<"$summary")
    passed=$((total - failed))
else
    failed=0
    passed=0
fi
if [[ $rc -eq 0 ]]; then
    echo "test.sh: $passed passed, $failed failed"
else
    [[ $failed -gt 0 ]] || failed=1
    echo "test.sh: ctest exited with code $rc"
    echo "test.sh: $passed passed, $failed failed"
fi
exit "$rc"
