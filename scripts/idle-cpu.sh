#!/usr/bin/env bash
# Measures what the sample costs while nothing happens: mpnode (not mining),
# three wallets and mpgui (headless, QT_QPA_PLATFORM=offscreen unless set)
# connected to it, no traffic. After they have settled, reads each process's
# CPU time (utime + stime in /proc/PID/stat, which keeps the time of threads
# that have exited) at the start and the end of SECONDS (default 30) and
# prints the share of one CPU each used. Exits 1 if a process used 0.5 % of
# a CPU or more.
#   scripts/idle-cpu.sh [SECONDS]
# Environment: BUILD_DIR (default build), QT_QPA_PLATFORM.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

seconds=${1:-30}
bin=${BUILD_DIR:-build}/bin
for program in mpnode mpwallet mpcli mpgui; do
    if [[ ! -x "$bin/$program" ]]; then
        echo "idle-cpu.sh: $bin/$program was not built (run scripts/build.sh)" >&2
        exit 1
    fi
done

source scripts/sample-session.sh
start_sample_session "$bin" alice bob carol
# Some history for the GUI to show (blocks paying alice, a payment to bob),
# then silence.
cli() { "$bin/mpcli" --connect="unix:$socket" "$@"; }
cli mine 3 "$(cli wallet alice newaddress)" >/dev/null
cli wallet alice send "$(cli wallet bob newaddress)" 1 >/dev/null
cli mine 1 "$(cli wallet carol newaddress)" >/dev/null
QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen} "$bin/mpgui" --connect="unix:$socket" >"$work/gui.log" 2>&1 &
gui_pid=$!
track_pid "$gui_pid"
wait_for_text "$work/gui.log" "connected to"
# Let start-up work (history, balances, the first paint) finish.
sleep 3

# CPU time of a process in clock ticks: utime + stime from /proc/PID/stat.
cpu_ticks_of() {
    local stat
    stat=$(<"/proc/$1/stat")
    stat=${stat##*) } # the fields after the command name, which may contain spaces
    read -r -a fields <<<"$stat"
    # utime and stime are fields 14 and 15 of the line: 11 and 12 counted
    # from 0 after the command name (field 3 is the first one left).
    echo $((fields[11] + fields[12]))
}

names=(mpnode mpwallet:alice mpwallet:bob mpwallet:carol mpgui)
watched=("${pids[@]:0:4}" "$gui_pid")
declare -a start_ticks
for i in "${!watched[@]}"; do start_ticks[i]=$(cpu_ticks_of "${watched[i]}"); done
sleep "$seconds"
hz=$(getconf CLK_TCK)
status=0
printf '%-16s %8s %14s %12s\n' process pid "ticks (1/$hz s)" "% of a CPU"
for i in "${!watched[@]}"; do
    ticks=$(($(cpu_ticks_of "${watched[i]}") - start_ticks[i]))
    percent=$(awk -v t="$ticks" -v hz="$hz" -v s="$seconds" 'BEGIN { printf "%.3f", t / hz / s * 100 }')
    printf '%-16s %8d %14d %12s\n' "${names[i]}" "${watched[i]}" "$ticks" "$percent"
    if awk -v p="$percent" 'BEGIN { exit !(p >= 0.5) }'; then status=1; fi
done
if ((status)); then
    echo "idle-cpu.sh: a process used 0.5 % of a CPU or more while idle" >&2
fi
exit "$status"
