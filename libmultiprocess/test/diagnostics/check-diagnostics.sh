#!/usr/bin/env bash
# Checks that mistakes in a .capnp file are reported at the .capnp file and
# line with a sentence saying what is wrong, not as a template error page.
#
#   check-diagnostics.sh MPGEN CXX PROXY_CAPNP_DIR INCLUDE_DIR...
#
# Mistakes mpgen sees itself fail mpgen; mistakes only the C++ compiler can
# see (a wrapped class that does not exist, a method whose C++ signature does
# not match) fail the compile of the generated code at the .capnp line,
# thanks to the #line directives mpgen writes.
set -euo pipefail
mpgen=$1 cxx=$2 proxy_dir=$3
shift 3
include_flags=()
for dir in "$@"; do include_flags+=("-I$dir"); done
src=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0

# expect_mpgen_error FILE PATTERN: mpgen must fail and print PATTERN.
expect_mpgen_error() {
    local file=$1 pattern=$2 output
    if output=$(cd "$work" && "$mpgen" "$src" "$src" "$src/$file" "$proxy_dir" 2>&1); then
        echo "FAIL $file: mpgen succeeded"; failures=$((failures + 1)); return
    fi
    if grep -Eq "$pattern" <<<"$output"; then
        echo "ok   $file: $(grep -E "$pattern" <<<"$output" | head -1)"
    else
        echo "FAIL $file: expected /$pattern/ in:"; echo "$output"; failures=$((failures + 1))
    fi
}

# expect_compile_error FILE PATTERN [DETAIL]: mpgen succeeds, compiling the
# generated client code fails, and the first error names PATTERN; if DETAIL
# is given, the compiler's output also names it (e.g. the type or field the
# error is about, printed in a note).
expect_compile_error() {
    local file=$1 pattern=$2 detail=${3:-} output
    (cd "$work" && "$mpgen" "$src" "$src" "$src/$file" "$proxy_dir") || { echo "FAIL $file: mpgen failed"; failures=$((failures + 1)); return; }
    if output=$("$cxx" -std=c++20 -fsyntax-only "-I$work" "-I$src" "${include_flags[@]}" "$work/$file.proxy-client.c++" 2>&1); then
        echo "FAIL $file: generated code compiled"; failures=$((failures + 1)); return
    fi
    local first
    first=$(grep -m1 -E "error" <<<"$output" || true)
    if [ -n "$detail" ] && ! grep -Eq "$detail" <<<"$output"; then
        echo "FAIL $file: expected /$detail/ in:"; echo "$output" | head -20; failures=$((failures + 1))
    elif grep -Eq "$pattern" <<<"$first"; then
        echo "ok   $file: $first"
    else
        echo "FAIL $file: expected first error to match /$pattern/, got:"; echo "$output" | head -20; failures=$((failures + 1))
    fi
}

expect_mpgen_error context_not_first.capnp 'context_not_first\.capnp:7: error: Greeter\.greet: the Context parameter must come first'
expect_mpgen_error empty_wrap.capnp 'empty_wrap\.capnp:6: error: interface Greeter: \$Proxy\.wrap needs the name of a C\+\+ class'
expect_mpgen_error count_too_large.capnp 'count_too_large\.capnp:7: error: Greeter\.greet: field .name. has \$Proxy\.count\(2\): only 0 and 1 are supported'
expect_mpgen_error syntax_error.capnp 'syntax_error\.capnp:5:.*Txet'
expect_compile_error unknown_class.capnp 'unknown_class\.capnp:7:.*NoSuchGreeter'
expect_compile_error param_count_mismatch.capnp 'param_count_mismatch\.capnp:8:.*Greeter\.greet maps to 2 C\+\+ parameter\(s\) \(name, loudly\)'
# Conversions that cannot work say why, from the mp/type-*.h header.
expect_compile_error optional_without_companion.capnp 'static assertion failed: mp: an empty std::optional / null pointer cannot be sent in this field' \
    'CanBeAbsent<BuilderField<field::Limit, diag::Limiter::SetLimitParams::Builder>'
expect_compile_error span_result.capnp 'static assertion failed: mp: a method cannot return a type that points into the reply'
expect_compile_error vector_of_unconvertible.capnp 'static assertion failed: mp: no conversion from the C\+\+ type T of ConversionExists<T>' \
    'ConversionExists<Unconvertible>\(\)'

if [ "$failures" -ne 0 ]; then
    echo "$failures diagnostics check(s) failed"
    exit 1
fi
echo "all diagnostics checks passed"
