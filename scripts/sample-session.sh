# Sourced by scripts that need a throwaway node with wallets (screenshot.sh,
# gui-demo.sh, tests/compat/old-client-test.sh). Defines:
#   start_sample_session BIN_DIR NAME...  mpnode and one mpwallet per NAME in
#       a temporary directory; sets $work (that directory), $socket and
#       $node_pid; all
#       are stopped and the directory removed when the script exits.
#   wait_for_text FILE TEXT  waits (up to 30 s) until FILE contains TEXT.
#   track_pid PID  stop PID too on exit.
# Logs are in $work/node.log and $work/NAME.log.

pids=()

wait_for_text() {
    local file=$1 text=$2
    for _ in $(seq 300); do
        grep -q -- "$text" "$file" 2>/dev/null && return 0
        sleep 0.1
    done
    echo "$(basename "$0"): timed out waiting for '$text' in $file:" >&2
    cat "$file" >&2
    return 1
}

track_pid() {
    pids+=("$1")
}

stop_sample_session() {
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    [[ -n "${work:-}" ]] && rm -rf "$work"
}

start_sample_session() {
    local bin=$1
    shift
    # Short: the node's socket path must fit a sockaddr_un.
    work=$(mktemp -d /tmp/mpsample.XXXXXX)
    socket="$work/node/node.sock"
    trap stop_sample_session EXIT
    trap 'exit 143' INT TERM
    "$bin/mpnode" --datadir="$work/node" >"$work/node.log" 2>&1 &
    node_pid=$!
    track_pid "$node_pid"
    wait_for_text "$work/node.log" "listening on"
    local name
    for name in "$@"; do
        "$bin/mpwallet" --connect="$socket" --datadir="$work/$name" --name="$name" >"$work/$name.log" 2>&1 &
        track_pid $!
        wait_for_text "$work/node.log" "wallet '$name' registered"
    done
}
