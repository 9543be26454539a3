#!/usr/bin/env bash
# Installs dependencies, builds, and runs a short demo.
# For now the demo is libmultiprocess's example: a driver process (mpexample)
# that spawns a calculator and a printer process and talks to them over
# Cap'n Proto RPC.
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

# mpgui: with a display, also open the GUI on a node with two wallets.
if [[ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]]; then
    scripts/gui-demo.sh
fi
