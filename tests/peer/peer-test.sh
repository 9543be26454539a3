#!/usr/bin/env bash
# Drop-in test: the original libmultiprocess's own test suite and example
# (../shared/peer-tests/libmultiprocess-35944ff, unchanged), built against
# this repository's installed libmultiprocess package, then run:
#   - mptest, the original test suite (kj test runner: "1 test(s) passed");
#   - mpexample, which spawns mpcalculator and mpprinter and talks to them.
#
# Usage: tests/peer/peer-test.sh WORK_DIR [PREFIX]
#   WORK_DIR  emptied first and kept afterwards for inspection.
#   PREFIX    an installed libmultiprocess (e.g. package.install's); without
#             it, libmultiprocess is built and installed into WORK_DIR/prefix.
# Environment:
#   MP_PEER_DIR        the original sources (default: the copy in ../shared)
#   MP_PEER_CXX_FLAGS  extra compiler and linker flags (e.g. sanitizers) for
#                      the peer builds and for the library built here
# Exits 77 (ctest: skipped) with a message when the original sources are absent.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
peer=${MP_PEER_DIR:-$repo/../shared/peer-tests/libmultiprocess-35944ff}

if [[ ! -f "$peer/mp/test/test.cpp" || ! -f "$peer/example/example.cpp" ]]; then
    echo "peer-test: SKIP: the original library's tests are not at $peer (set MP_PEER_DIR)"
    exit 77
fi
peer=$(cd "$peer" && pwd)

if [[ $# -lt 1 ]]; then
    echo "usage: $0 WORK_DIR [PREFIX]" >&2
    exit 2
fi
work=$1
case "$work" in ""|/|"$HOME"|"$repo") echo "peer-test: refusing WORK_DIR '$work'" >&2; exit 2;; esac
rm -rf "$work"
mkdir -p "$work"
work=$(cd "$work" && pwd)

jobs=${MP_TEST_JOBS:-2}
flags=${MP_PEER_CXX_FLAGS:-}
step() { echo "=== peer-test: $*"; }

if [[ $# -ge 2 ]]; then
    prefix=$(cd "$2" && pwd)
else
    step "build and install libmultiprocess into $work/prefix"
    cmake -S "$repo/libmultiprocess" -B "$work/lib" -DCMAKE_INSTALL_PREFIX="$work/prefix" \
        -DMP_ENABLE_TESTS=OFF -DMP_ENABLE_EXAMPLES=OFF \
        -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="$flags"
    cmake --build "$work/lib" -j"$jobs"
    cmake --install "$work/lib" >/dev/null
    prefix=$work/prefix
fi

step "build the original test suite ($peer) against $prefix"
cmake -S "$peer" -B "$work/suite" -DCMAKE_PREFIX_PATH="$prefix" \
    -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="$flags"
cmake --build "$work/suite" -j"$jobs"

step "run the original test suite"
"$work/suite/mptest"

step "build the original example against $prefix"
cmake -S "$here/example" -B "$work/example" -DCMAKE_PREFIX_PATH="$prefix" -DMP_PEER_DIR="$peer" \
    -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="$flags"
cmake --build "$work/example" -j"$jobs"

step "run the original example (mpexample spawns mpcalculator and mpprinter)"
bin=$work/example/example
output=$(cd "$work" && printf '1 + 2\nexit\n' | timeout 60 "$bin/mpexample")
echo "$output"
for expected in "mpprinter: Wow 1 + 2, that's a tough one." "Bye!"; do
    if ! grep -qF "$expected" <<<"$output"; then
        echo "peer-test: FAIL: mpexample did not print: $expected" >&2
        exit 1
    fi
done
echo "peer-test: PASS"
