#!/usr/bin/env bash
# Installs dependencies, builds, and runs a short demo:
#  1. libmultiprocess's example: a driver process (mpexample) that spawns a
#     calculator and a printer process and talks to them over Cap'n Proto RPC;
#  2. the sample application: mpnode (mining a block every 2 seconds) and,
#     if built, two mpwallet processes, in a temporary datadir, driven by a
#     scripted mpcli session that shows blocks and balances changing;
#  3. with a display, mpgui on a node and wallets of its own (gui-demo.sh).
# Everything started here is stopped (SIGTERM) before the script ends.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

build_dir=${BUILD_DIR:-build}
scripts/setup.sh
scripts/build.sh

example="$build_dir/libmultiprocess/example/mpexample"
if [[ ! -x "$example" ]]; then
    echo "demo.sh: $example was not built" >&2
    exit 1
fi
echo "demo.sh: running $example with the input lines 1+1, 2*3, exit"
printf '1+1\n2*3\nexit\n' | "$example"

bin="$(pwd)/$build_dir/bin"
for program in mpnode mpcli; do
    if [[ ! -x "$bin/$program" ]]; then
        echo "demo.sh: $bin/$program was not built" >&2
        exit 1
    fi
done

demo_dir=$(mktemp -d /tmp/mpsample-demo.XXXXXX)
socket="$demo_dir/node/node.sock"
pids=()
stop_all()
{
    # Wallets first, so that they unregister from a node that is still there.
    local i
    for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill -TERM "${pids[i]}" 2>/dev/null || true; done
    for ((i = ${#pids[@]} - 1; i >= 0; i--)); do wait "${pids[i]}" 2>/dev/null || true; done
    rm -rf "$demo_dir"
}
trap stop_all EXIT

cli() { "$bin/mpcli" --connect="unix:$socket" "$@"; }
# Shows a command, then runs it.
step()
{
    echo
    echo "\$ mpcli $*"
    cli "$@"
}
# Shows `mpcli watch` and lets it print for 5 seconds. (Run directly, not
# through a function: the signal must reach mpcli, not a subshell.)
watch_for_5s()
{
    echo
    echo "\$ mpcli watch    # stopped with SIGTERM after 5 seconds"
    "$bin/mpcli" --connect="unix:$socket" watch &
    local watch_pid=$!
    sleep 5
    kill -TERM "$watch_pid"
    wait "$watch_pid" || true
}
# Polls for up to 20 s until the command succeeds.
wait_for()
{
    local deadline=$((SECONDS + 20))
    until "$@" >/dev/null 2>&1; do
        if ((SECONDS >= deadline)); then
            echo "demo.sh: gave up waiting for: $*" >&2
            exit 1
        fi
        sleep 0.1
    done
}
wallet_registered() { cli wallets | grep -qx "$1"; }

echo
echo "demo.sh: starting mpnode in $demo_dir/node, mining a block every 2 seconds (its log: $demo_dir/node.log)"
"$bin/mpnode" --datadir="$demo_dir/node" --mine-every=2 >"$demo_dir/node.log" 2>&1 &
pids+=($!)
wait_for cli echo ready
step status

if [[ ! -x "$bin/mpwallet" ]]; then
    echo
    echo "demo.sh: mpwallet is not built; watching the node mine instead"
    watch_for_5s
    step status
    exit 0
fi

for name in alice bob; do
    echo
    echo "demo.sh: starting mpwallet '$name' (its log: $demo_dir/wallet-$name.log)"
    "$bin/mpwallet" --connect="unix:$socket" --datadir="$demo_dir/wallet-$name" --name="$name" \
        >"$demo_dir/wallet-$name.log" 2>&1 &
    pids+=($!)
    wait_for wallet_registered "$name"
done
step wallets

echo
echo "\$ mpcli wallet alice newaddress mining; mpcli wallet bob newaddress 'from alice'"
alice=$(cli wallet alice newaddress mining)
bob=$(cli wallet bob newaddress "from alice")
echo "alice: $alice"
echo "bob:   $bob"
step mine 2 "$alice"
# Wallets hear about blocks through callbacks from the node, a moment later.
alice_funded() { cli --json wallet alice balance | grep -q '"confirmed":100\.'; }
wait_for alice_funded
step wallet alice balance
step wallet alice send "$bob" 12.5
step mempool
bob_pending() { cli --json wallet bob balance | grep -q '"unconfirmed":12\.5'; }
wait_for bob_pending
step wallet bob balance

echo
echo "demo.sh: the node's timer mines the payment into its next block; watching its notifications"
watch_for_5s

bob_confirmed() { cli --json wallet bob balance | grep -q '"confirmed":12\.5'; }
wait_for bob_confirmed
step wallet bob balance
step wallet bob history
step wallet alice history
step status

echo
echo "demo.sh: stopping the wallets and the node"

# mpgui: with a display, also open the GUI, on a node and wallets of its own.
if [[ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]]; then
    stop_all
    trap - EXIT
    echo "demo.sh: opening mpgui (scripts/gui-demo.sh); close its window to finish"
    scripts/gui-demo.sh
fi
