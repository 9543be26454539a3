#!/usr/bin/env bash
# Package test: build a consumer project that includes libmultiprocess with
# add_subdirectory(), and run it.
#
# Usage: tests/package/subdirectory-test.sh [WORK_DIR]
#   WORK_DIR is emptied first and kept afterwards for inspection; without it a
#   temporary directory is used and removed at the end.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)

if [[ $# -ge 1 ]]; then
    work=$1
    case "$work" in ""|/|"$HOME"|"$repo") echo "subdirectory-test: refusing WORK_DIR '$work'" >&2; exit 2;; esac
    rm -rf "$work"
    mkdir -p "$work"
    work=$(cd "$work" && pwd)
else
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
fi

jobs=${MP_TEST_JOBS:-2}
step() { echo "=== subdirectory-test: $*"; }

step "configure (libmultiprocess via add_subdirectory)"
cmake -S "$here/subdirectory" -B "$work/build" -DMP_SOURCE_DIR="$repo/libmultiprocess"
step "build"
cmake --build "$work/build" -j"$jobs"
step "run the consumer"
"$work/build/consumer"

echo "subdirectory-test: PASS"
