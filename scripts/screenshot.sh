#!/usr/bin/env bash
# Takes docs/images/mpgui.png, the picture of mpgui's main window in docs/.
#
# Starts mpnode and two wallets (alice, bob) in a temporary directory,
# plays a short session (mining, a payment) with mpgui-scenario, opens mpgui
# while a block and another payment arrive live, and has mpgui save its own
# window (mpgui --screenshot, which uses QWidget::grab()).
#
# Usage: scripts/screenshot.sh [--offscreen] [OUTPUT.png]
#   By default mpgui runs on an X server of its own (Xvfb, installed with
#   apt-get if missing). --offscreen uses Qt's offscreen platform instead,
#   which needs no X server and renders the same widgets.
# Environment: BUILD_DIR (default build).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

platform=xvfb
if [[ ${1:-} == --offscreen ]]; then
    platform=offscreen
    shift
fi
output=$(realpath -m "${1:-docs/images/mpgui.png}")
build_dir=${BUILD_DIR:-build}
bin="$build_dir/bin"

if [[ $platform == xvfb ]] && ! command -v xvfb-run >/dev/null 2>&1; then
    echo "screenshot.sh: installing xvfb"
    sudo=()
    [[ $(id -u) -ne 0 ]] && sudo=(sudo)
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends xvfb xauth
fi

if [[ ! -d "$build_dir" ]]; then
    cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE="${CMAKE_BUILD_TYPE:-RelWithDebInfo}"
fi
cmake --build "$build_dir" -j"${BUILD_JOBS:-2}" --target mpnode mpwallet mpgui mpgui-scenario

source scripts/sample-session.sh
start_sample_session "$bin" alice bob
"$bin/mpgui-scenario" "$socket" alice bob before

# The scenario's second half happens while mpgui watches, so its activity
# view shows the notifications; mpgui takes the picture once the block
# arrived and things are quiet.
gui=("$bin/mpgui" --connect="unix:$socket" --screenshot="$output" --screenshot-height=3)
mkdir -p "$(dirname "$output")"
if [[ $platform == xvfb ]]; then
    xvfb-run --auto-servernum --server-args="-screen 0 1400x1000x24" "${gui[@]}" >"$work/gui.log" 2>&1 & gui_pid=$!
else
    QT_QPA_PLATFORM=offscreen "${gui[@]}" >"$work/gui.log" 2>&1 & gui_pid=$!
fi
track_pid "$gui_pid"
wait_for_text "$work/gui.log" "connected to"
"$bin/mpgui-scenario" "$socket" alice bob during
if ! wait "$gui_pid"; then
    echo "screenshot.sh: mpgui failed:" >&2
    cat "$work/gui.log" >&2
    exit 1
fi
echo "screenshot.sh: saved $output"
