#!/usr/bin/env bash
# Configures and builds the whole project in build/ (-j2).
# Extra arguments go to the CMake configure step, e.g.
#   scripts/build.sh -DCMAKE_BUILD_TYPE=Debug
# Environment: BUILD_DIR (default build), CMAKE_BUILD_TYPE (default
# RelWithDebInfo), BUILD_JOBS (default 2).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

build_dir=${BUILD_DIR:-build}
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE="${CMAKE_BUILD_TYPE:-RelWithDebInfo}" "$@"
cmake --build "$build_dir" -j"${BUILD_JOBS:-2}"
