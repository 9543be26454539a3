#!/usr/bin/env bash
# mpnode's life: refusing a datadir it cannot write, a datadir another node
# uses (whatever socket it is given), and a socket path too long; keeping its blocks across a restart;
# replacing the stale socket of a killed node; and stopping cleanly on
# SIGTERM while a `watch` is connected, which then reports the loss.
source "$(dirname "$0")/lib.sh"

#! node_fails PATTERN MPNODE_ARGS...: mpnode must exit non-zero at once
#! with an error line matching PATTERN.
node_fails()
{
    local pattern=$1
    shift
    local code=0
    timeout 20 "$@" >"$TMP/refused.out" 2>&1 || code=$?
    [[ $code != 0 && $code != 124 ]] || fail "'$*' exited with $code; expected a quick error"
    grep -qE -- "$pattern" "$TMP/refused.out" ||
        fail "'$*' said '$(cat "$TMP/refused.out")', expected /$pattern/"
    log "ok (exit $code): $(grep -E -- "$pattern" "$TMP/refused.out")"
}

log "a datadir the node cannot write"
mkdir -m 0755 "$TMP/readonly"
if [[ $(id -u) == 0 ]]; then
    # Permission bits do not stop root: run the node as nobody instead.
    chmod 0755 "$TMP"
    node_fails "mpnode: error: datadir $TMP/readonly is not writable" \
        setpriv --reuid=nobody --regid=nogroup --clear-groups "$MPNODE" --datadir="$TMP/readonly"
else
    chmod 0555 "$TMP/readonly"
    node_fails "mpnode: error: datadir $TMP/readonly is not writable" "$MPNODE" --datadir="$TMP/readonly"
fi

log "a socket path too long"
node_fails "mpnode: error: socket path is [0-9]+ bytes; a Unix socket path must be shorter than 108" \
    "$MPNODE" --datadir="$TMP/long" --ipcbind="$TMP/$(printf 's%.0s' {1..120}).sock"

log "a usage error: one line, exit status 2, as mpcli"
code=0
"$MPNODE" --datadir="$TMP/never" --bogus >"$TMP/usage.out" 2>&1 || code=$?
expect_eq "$code" 2 "mpnode's exit status for an unknown option"
expect_eq "$(cat "$TMP/usage.out")" "mpnode: error: The following argument was not expected: --bogus (see mpnode --help)" \
    "mpnode's message for an unknown option"

log "mining intervals that would fill the disk or turn mining off unseen"
node_fails "--mine-every: must be 0 \(mine only on request\) or from 0.1 seconds to a year, not '1e-9'" \
    "$MPNODE" --datadir="$TMP/never" --mine-every=1e-9
node_fails "--mine-every: must be 0 .* not 'nan'" "$MPNODE" --datadir="$TMP/never" --mine-every=nan
[[ ! -e "$TMP/never" ]] || fail "a refused mpnode made its datadir"

log "a second node on the same datadir, on the same socket or another"
start_node node
node_fails "mpnode: error: datadir $TMP/node is in use by mpnode, pid $NODE_PID: stop that process first" \
    "$MPNODE" --datadir="$TMP/node"
node_fails "mpnode: error: datadir $TMP/node is in use by mpnode, pid $NODE_PID" \
    "$MPNODE" --datadir="$TMP/node" --ipcbind="unix:$TMP/other.sock"
[[ ! -e "$TMP/other.sock" ]] || fail "the refused node made a socket"
cli echo still here >/dev/null || fail "the first node stopped answering"

log "blocks survive a restart"
cli mine 3 "$OTHER_ADDRESS" >/dev/null
before=$(cli --json getblock 2)
stop_node
[[ ! -e "$SOCK" ]] || fail "mpnode left its socket file behind after SIGTERM"
expect_error "no socket at $SOCK" cli status
start_node node
expect_eq "$(cli --json getblock 2)" "$before" "block 2 after a restart"
expect_eq "$(json_get "$(cli --json status)" 'd["height"]')" 2 "height after a restart"

log "a killed node leaves a stale socket; the next node replaces it"
kill -9 "$NODE_PID"
wait_exit "$NODE_PID" 10
[[ -S "$SOCK" ]] || fail "expected a stale socket file after kill -9"
expect_error "nothing is listening on $SOCK \(the server is not running\)" cli status
start_node node
expect_eq "$(cli --json getblock 2)" "$before" "block 2 after kill -9 and a restart"

log "SIGTERM while a watch is connected"
"$MPCLI" --connect="unix:$SOCK" watch >"$TMP/watch.out" 2>"$TMP/watch.err" &
WATCH_PID=$!
STARTED_PIDS+=("$WATCH_PID")
wait_until 10 "watch subscribed" grep -q '^watching ' "$TMP/watch.out"
cli mine 1 "$OTHER_ADDRESS" >/dev/null
wait_until 10 "watch printed block 3" grep -q '^block 3 ' "$TMP/watch.out"
stop_node
wait_exit "$WATCH_PID" 10
[[ $EXIT_CODE != 0 ]] || fail "watch exited 0 when the node went away"
expect_eq "$(wc -l <"$TMP/watch.err")" 1 "lines watch printed on stderr"
grep -q "mpcli: error: the node at unix:$SOCK went away" "$TMP/watch.err" ||
    fail "watch said '$(cat "$TMP/watch.err")' when the node went away"
log "ok (exit $EXIT_CODE): $(cat "$TMP/watch.err")"

log "a watch whose node is killed -9 reports it too"
start_node node
"$MPCLI" --connect="unix:$SOCK" --json watch >"$TMP/watch2.out" 2>"$TMP/watch2.err" &
WATCH_PID=$!
STARTED_PIDS+=("$WATCH_PID")
wait_until 10 "watch subscribed" grep -q '"event":"watching"' "$TMP/watch2.out"
kill -9 "$NODE_PID"
wait_exit "$WATCH_PID" 10
[[ $EXIT_CODE != 0 ]] || fail "watch exited 0 when the node was killed"
grep -q "went away" "$TMP/watch2.err" || fail "watch said '$(cat "$TMP/watch2.err")' when the node was killed"
log "pass"
