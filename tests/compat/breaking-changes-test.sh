#!/usr/bin/env bash
# Shows that schema-compat-check (and so ctest sample.compat.schema-v1)
# goes red on each kind of change interfaces/README.md forbids: it copies
# today's interfaces, makes one breaking change in the copy, and expects the
# checker to refuse it, naming the rule. The unchanged copy must pass, and
# so must an allowed change (a method appended with the next free number).
#
# Usage: breaking-changes-test.sh SCHEMA_COMPAT_CHECK INTERFACES_DIR IMPORT_DIR...
set -euo pipefail
check=$1 interfaces=$2
shift 2
imports=("$@")

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0

# Copies interfaces/ to $work/NAME and applies the sed script to FILE in it
# (to every .capnp file if FILE is '*').
mutate() {
    local name=$1 file=$2 script=$3
    rm -rf "${work:?}/$name"
    cp -r "$interfaces" "$work/$name"
    (cd "$work/$name" && sed -i -E "$script" $file)
    if diff -rq "$interfaces" "$work/$name" >/dev/null; then
        echo "breaking-changes-test: the '$name' edit changed nothing (update this test)" >&2
        exit 1
    fi
}

# expect_refused NAME TEXT: the checker fails on copy NAME and says TEXT.
expect_refused() {
    local name=$1 text=$2 out
    if out=$("$check" "$interfaces" "$work/$name" "${imports[@]}" 2>&1); then
        echo "FAIL: $name: accepted, expected it refused" >&2
        failures=$((failures + 1))
    elif ! grep -q -- "$text" <<<"$out"; then
        echo "FAIL: $name: refused without '$text':" >&2
        echo "$out" >&2
        failures=$((failures + 1))
    else
        echo "ok: $name refused: $(grep -m1 -- "$text" <<<"$out")"
    fi
}

expect_accepted() {
    local name=$1 out
    if ! out=$("$check" "$interfaces" "$work/$name" "${imports[@]}" 2>&1); then
        echo "FAIL: $name: refused, expected it accepted:" >&2
        echo "$out" >&2
        failures=$((failures + 1))
    else
        echo "ok: $name accepted"
    fi
}

cp -r "$interfaces" "$work/unchanged"
expect_accepted unchanged

# Rule 1: renumber a method (swap the numbers of two Node methods).
mutate renumbered-method node.capnp 's/getMempool @4/getMempool @TMP/; s/generate @5/generate @4/; s/getMempool @TMP/getMempool @5/'
expect_refused renumbered-method "method getMempool @4: is now generate"

# Rule 1: change a field's type.
mutate retyped-field common.capnp 's/amount @3 :Int64/amount @3 :Int32/'
expect_refused retyped-field "field amount @3: changed type from Int64 to Int32"

# Rule 1: change a parameter's type.
mutate retyped-parameter chain.capnp 's/getBlock @2 \(context :Proxy.Context, height :Int32\)/getBlock @2 (context :Proxy.Context, height :Int64)/'
expect_refused retyped-parameter "getBlock @2 parameters field height @1: changed type"

# Rule 2: remove the last method of an interface.
mutate removed-method echo.capnp '/^ *echo @1 /d'
expect_refused removed-method "method echo @1: removed"

# Rule 2: remove a struct field (and so renumber the ones after it).
mutate removed-field common.capnp '/^ *mempoolSize @2 /d; s/wallets @3/wallets @2/; s/datadir @4/datadir @3/; s/startTime @5/startTime @4/'
expect_refused removed-field "field mempoolSize @2: is now named wallets"

# Rule 5: rename an interface (its ID derives from its name), and every use.
mutate renamed-interface '*.capnp' 's/interface Echo /interface Echo2 /; s/Echo\.Echo\b/Echo.Echo2/g'
expect_refused renamed-interface "Echo: removed or renamed"

# Allowed: a new method with the next free number of its interface.
mutate appended-method echo.capnp 's/^(interface Echo [^{]*\{)$/\1\n    shout @99 (text :Text) -> (result :Text);/'
sed -i -E "s/shout @99/shout @$(grep -cE '^ +[a-zA-Z]+ @[0-9]+ \(' "$interfaces/echo.capnp")/" "$work/appended-method/echo.capnp"
expect_accepted appended-method

if [[ $failures -gt 0 ]]; then
    echo "breaking-changes-test: $failures case(s) failed" >&2
    exit 1
fi
echo "breaking-changes-test: PASS"
