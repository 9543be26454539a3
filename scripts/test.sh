#!/usr/bin/env bash
# Installs dependencies, builds, and runs every test with ctest.
# Extra arguments go to ctest, e.g. scripts/test.sh -L package
# Exits non-zero if any test fails (or if no test ran).
#
# scripts/test.sh --sanitize [CTEST_ARGS...] instead builds only libmultiprocess
# and its tests in build-sanitize/ (SANITIZE_BUILD_DIR) with AddressSanitizer
# and UndefinedBehaviorSanitizer, and runs its ctest, then the original
# library's test suite and example against that build, installed
# (tests/peer/peer-test.sh); any sanitizer report fails the run.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

sanitize=0
if [[ "${1:-}" == "--sanitize" ]]; then
    sanitize=1
    shift
fi

scripts/setup.sh

if [[ $sanitize -eq 1 ]]; then
    build_dir=${SANITIZE_BUILD_DIR:-build-sanitize}
    sanitizers="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined"
    # The library alone (its own project): the apps are not needed to test it.
    cmake -S libmultiprocess -B "$build_dir" -DCMAKE_BUILD_TYPE=Debug \
        -DMP_ENABLE_EXAMPLES=OFF -DCMAKE_INSTALL_PREFIX="$(mkdir -p "$build_dir" && cd "$build_dir" && pwd)/prefix" \
        -DCMAKE_CXX_FLAGS="$sanitizers" \
        -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined"
    cmake --build "$build_dir" -j"${BUILD_JOBS:-2}"
    # Installed for the peer test below (the original's suite builds
    # against an installed package).
    cmake --install "$build_dir" >/dev/null
    # Any report fails the test that produced it (the process stops with a
    # non-zero status; leaks are reported at exit). Reports also go to files
    # in $reports, so that one from a child process whose exit status a test
    # does not check still fails the run below.
    reports="$build_dir/sanitizer-reports"
    rm -rf "$reports"
    mkdir -p "$reports"
    reports=$(cd "$reports" && pwd)
    export ASAN_OPTIONS="halt_on_error=1:abort_on_error=1:detect_leaks=1:detect_stack_use_after_return=1:log_path=$reports/asan${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
    export UBSAN_OPTIONS="halt_on_error=1:abort_on_error=1:print_stacktrace=1:log_path=$reports/ubsan${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
else
    build_dir=${BUILD_DIR:-build}
    scripts/build.sh
fi

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
if [[ $sanitize -eq 1 && $# -eq 0 ]]; then
    # The original library's test suite and example, built with the same
    # sanitizers against the sanitized library (see tests/peer/peer-test.sh).
    set +e
    MP_PEER_CXX_FLAGS="$sanitizers" tests/peer/peer-test.sh "$build_dir/peer" "$build_dir/prefix" \
        >"$build_dir/peer-test.log" 2>&1
    peer_rc=$?
    set -e
    tail -n 20 "$build_dir/peer-test.log"
    if [[ $peer_rc -eq 0 ]]; then
        passed=$((passed + 1))
    elif [[ $peer_rc -ne 77 ]]; then
        echo "test.sh: the original library's test suite failed (log: $build_dir/peer-test.log)"
        failed=$((failed + 1))
        [[ $rc -ne 0 ]] || rc=1
    fi
fi
if [[ $sanitize -eq 1 ]] && [[ -n "$(ls -A "$reports")" ]]; then
    echo "test.sh: sanitizer reports:"
    cat "$reports"/*
    [[ $rc -ne 0 ]] || rc=1
    [[ $failed -gt 0 ]] || failed=1
fi
if [[ $rc -eq 0 ]]; then
    echo "test.sh: $passed passed, $failed failed"
else
    [[ $failed -gt 0 ]] || failed=1
    echo "test.sh: ctest exited with code $rc"
    echo "test.sh: $passed passed, $failed failed"
fi
exit "$rc"
