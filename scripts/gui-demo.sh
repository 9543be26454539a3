#!/usr/bin/env bash
# Opens mpgui on a throwaway node with two wallets, alice and bob, that
# already have some history (a few mined blocks, a payment in the mempool).
# Mine, send, open new addresses; the window follows the node live. Closing
# the window stops the node and wallets and removes their data.
# Needs a display ($DISPLAY or $WAYLAND_DISPLAY) and a built tree.
# Environment: BUILD_DIR (default build).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bin=${BUILD_DIR:-build}/bin
for program in mpnode mpwallet mpgui mpgui-scenario; do
    if [[ ! -x "$bin/$program" ]]; then
        echo "gui-demo.sh: $bin/$program was not built (run scripts/build.sh)" >&2
        exit 1
    fi
done

source scripts/sample-session.sh
start_sample_session "$bin" alice bob
"$bin/mpgui-scenario" "$socket" alice bob before
echo "gui-demo.sh: opening mpgui on $socket; close its window to finish"
echo "gui-demo.sh: to watch it reconnect, kill -9 $node_pid (the node), then start it again with"
echo "    $bin/mpnode --datadir=$work/node"
"$bin/mpgui" --connect="unix:$socket"
