#!/usr/bin/env bash
# Runs the frozen-interface client against the current node and wallet.
# Usage: old-client-test.sh OLD_CLIENT MPNODE MPWALLET
set -euo pipefail
old_client=$1 mpnode=$2 mpwallet=$3

work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

# Waits (up to 30 s) until FILE contains TEXT.
wait_for_text() {
    local file=$1 text=$2
    for _ in $(seq 300); do
        grep -q -- "$text" "$file" 2>/dev/null && return 0
        sleep 0.1
    done
    echo "old-client-test: timed out waiting for '$text' in $file:" >&2
    cat "$file" >&2
    return 1
}

"$mpnode" --datadir="$work/node" >"$work/node.log" 2>&1 & pids+=($!)
wait_for_text "$work/node.log" "listening on"
"$mpwallet" --connect="$work/node/node.sock" --datadir="$work/wallet" --name=old-compat >"$work/wallet.log" 2>&1 & pids+=($!)
wait_for_text "$work/node.log" "wallet 'old-compat' registered"

"$old_client" "$work/node/node.sock" old-compat
echo "old-client-test: PASS"
