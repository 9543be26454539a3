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
cp -r "$here/regeneration" "$work/regen"
cmake -S "$here/subdirectory" -B "$work/build" -DMP_SOURCE_DIR="$repo/libmultiprocess" -DREGEN_DIR="$work/regen"
step "build"
cmake --build "$work/build" -j"$jobs"
step "run the consumer"
"$work/build/consumer"

# The build regenerates code when a .capnp file or one it imports changes,
# and only then.
regenerated() { # prints the .capnp files a build of `regen` regenerated
    cmake --build "$work/build" --target regen -j"$jobs" | sed -n 's/.*Generating libmultiprocess code for //p' | sort | tr '\n' ' '
}
expect_regenerated() { # WHAT EXPECTED
    local got
    got=$(regenerated)
    if [[ "$got" != "$2" ]]; then
        echo "subdirectory-test: after $1, expected regenerated '$2', got '$got'" >&2
        exit 1
    fi
    echo "after $1: regenerated '${got}' as expected"
}
step "regeneration"
expect_regenerated "no change" ""
touch "$work/regen/base.capnp"
expect_regenerated "touching an imported file" "base.capnp user.capnp "
touch "$work/regen/user.capnp"
expect_regenerated "touching the importing file" "user.capnp "
expect_regenerated "no change again" ""

echo "subdirectory-test: PASS"
