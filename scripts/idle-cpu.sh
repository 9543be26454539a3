#!/usr/bin/env bash
# Measures what the sample costs while nothing happens: mpnode (not mining),
# three wallets and mpgui (headless, QT_QPA_PLATFORM=offscreen) connected to
# it, no traffic. After they have settled, reads each process's CPU time
# (utime + stime in /proc/PID/stat, and the nanosecond sum of its threads'
# /proc/PID/task/*/schedstat) at the start and the end of SECONDS (default 30)
# and prints the share of one CPU each used. Exits 1 if a process used
# 0.5 % of a CPU or more.
#   scripts/idle-cpu.sh [SECONDS]
# Environment: BUILD_DIR (default build).
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

# CPU time of a process: "TICKS NANOSECONDS", from /proc/PID/stat (utime +
# stime, in clock ticks) and the sum of its threads' schedstat run times.
cpu_of() {
    local pid=$1 stat ns=0 task run
    stat=$(<"/proc/$pid/stat")
    stat=${stat##*) } # fields after the command name, which may contain spaces
    read -r -a fields <<<"$stat"
    for task in /proc/"$pid"/task/*/schedstat; do
        read -r run _ <"$task" 2>/dev/null || continue
        ns=$((ns + run))
    done
    # utime and stime are fields 14 and 15, i.e. 11 and 12 counted from 0
    # after the command name (field 3 is the first one left).
    echo "$((fields[11] + fields[12])) $ns"
}

names=(mpnode mpwallet:alice mpwallet:bob mpwallet:carol mpgui)
watched=("${pids[@]:0:4}" "$gui_pid")
declare -a start_ticks start_ns
for i in "${!watched[@]}"; do
    read -r start_ticks[i] start_ns[i] < <(cpu_of "${watched[i]}")
done
sleep "$seconds"
hz=$(getconf CLK_TCK)
status=0
printf '%-16s %8s %14s %12s\n' process pid "ticks (1/$hz s)" "% of a CPU"
for i in "${!watched[@]}"; do
    read -r ticks ns < <(cpu_of "${watched[i]}")
    percent=$(awk -v ns=$((ns - start_ns[i])) -v s="$seconds" 'BEGIN { printf "%.4f", ns / (s * 1e9) * 100 }')
    printf '%-16s %8d %14d %12s\n' "${names[i]}" "${watched[i]}" $((ticks - start_ticks[i])) "$percent"
    if awk -v p="$percent" 'BEGIN { exit !(p >= 0.5) }'; then status=1; fi
done
if ((status)); then
    echo "idle-cpu.sh: a process used 0.5 % of a CPU or more while idle" >&2
fi
exit "$status"
