# Shared by the sample's end-to-end tests (sourced, never run). Each test
# script gets the directory holding mpnode, mpwallet and mpcli as $1, works
# in its own temporary directory, and on exit kills every process it
# started (by pid) and removes the directory (kept if KEEP_TMP=1, and its
# path printed, for a failure to be looked at).
#
# Timing is by polling with a timeout (wait_until), never by sleeping a
# fixed time and hoping.

set -euo pipefail

BIN_DIR=$(cd "${1:?usage: $0 BIN_DIR}" && pwd)
MPNODE="$BIN_DIR/mpnode"
MPWALLET="$BIN_DIR/mpwallet"
MPCLI="$BIN_DIR/mpcli"
TEST_NAME=$(basename "$0" .sh)
# Short: a Unix socket path must stay under 108 bytes.
TMP=$(mktemp -d /tmp/mps-XXXXXX)
STARTED_PIDS=()
# The node everything talks to unless a test says otherwise.
SOCK="$TMP/node/node.sock"

log() { echo "[$TEST_NAME] $*"; }

for program in "$MPNODE" "$MPCLI"; do
    [[ -x "$program" ]] || { echo "[$TEST_NAME] FAIL: $program is not built" >&2; exit 1; }
done

# Commands run on exit after the processes are gone (e.g. deleting the
# network namespaces a test made).
CLEANUP_COMMANDS=()
# A command prefix start_node runs mpnode with (e.g. ip netns exec NS).
NODE_RUN=()

cleanup()
{
    local pid command
    for pid in "${STARTED_PIDS[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
    for pid in "${STARTED_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    for command in "${CLEANUP_COMMANDS[@]}"; do eval "$command" >/dev/null 2>&1 || true; done
    if [[ "${KEEP_TMP:-0}" == 1 ]]; then
        echo "[$TEST_NAME] kept $TMP"
    else
        rm -rf "$TMP"
    fi
}
trap cleanup EXIT

fail()
{
    echo "[$TEST_NAME] FAIL: $*" >&2
    local file
    for file in "$TMP"/*.log "$TMP"/*.out "$TMP"/*.err; do
        [[ -s "$file" ]] || continue
        echo "---- ${file#"$TMP"/} (last 15 lines)" >&2
        tail -n 15 "$file" >&2
    done
    exit 1
}

require_wallet()
{
    if [[ ! -x "$MPWALLET" ]]; then
        echo "[$TEST_NAME] SKIP: $MPWALLET is not built"
        exit 77 # ctest SKIP_RETURN_CODE
    fi
}

#! wait_until SECONDS DESCRIPTION COMMAND...: polls COMMAND (quietly) every
#! 50 ms until it succeeds; fails the test after SECONDS. COMMAND's
#! arguments are expanded once, by the caller: anything that must be
#! looked at again on each poll belongs in a function.
wait_until()
{
    local timeout=$1 what=$2
    shift 2
    local deadline=$((SECONDS + timeout))
    until "$@" >/dev/null 2>&1; do
        ((SECONDS < deadline)) || fail "timed out after ${timeout}s waiting for: $what"
        sleep 0.05
    done
}

#! wait_exit PID SECONDS: waits for a process we started to exit and sets
#! EXIT_CODE to its exit code (a variable, not output: `wait` works only in
#! the shell that started the process, not in a $(...) subshell). Fails the
#! test if it is still running after SECONDS.
EXIT_CODE=
wait_exit()
{
    local pid=$1 timeout=$2
    local deadline=$((SECONDS + timeout))
    while kill -0 "$pid" 2>/dev/null && [[ "$(ps -o stat= -p "$pid" 2>/dev/null)" != Z* ]]; do
        ((SECONDS < deadline)) || fail "process $pid did not exit within ${timeout}s"
        sleep 0.05
    done
    EXIT_CODE=0
    wait "$pid" || EXIT_CODE=$?
}

#! cli ARGS...: mpcli against $SOCK. (A shell function: to start mpcli in
#! the background with a pid to signal, run "$MPCLI" itself.)
cli() { "$MPCLI" --connect="unix:$SOCK" "$@"; }

#! start_node DATADIR_NAME [MPNODE ARGS...]: starts mpnode (prefixed by
#! NODE_RUN) with datadir $TMP/DATADIR_NAME (log in $TMP/DATADIR_NAME.log),
#! sets NODE_PID, and waits until it answers on its socket (a stale socket
#! file from a killed node does not count).
start_node()
{
    local name=$1
    shift
    "${NODE_RUN[@]}" "$MPNODE" --datadir="$TMP/$name" "$@" >>"$TMP/$name.log" 2>&1 &
    NODE_PID=$!
    STARTED_PIDS+=("$NODE_PID")
    local deadline=$((SECONDS + 20))
    until "$MPCLI" --connect="$TMP/$name/node.sock" echo ready >/dev/null 2>&1; do
        kill -0 "$NODE_PID" 2>/dev/null || fail "mpnode ($name) exited while starting"
        ((SECONDS < deadline)) || fail "mpnode ($name) did not answer within 20s"
        sleep 0.05
    done
}

#! stop_node: SIGTERM to NODE_PID; checks that it exits 0.
stop_node()
{
    kill -TERM "$NODE_PID"
    wait_exit "$NODE_PID" 20
    [[ "$EXIT_CODE" == 0 ]] || fail "mpnode exited with $EXIT_CODE after SIGTERM, not 0"
}

#! start_wallet NAME: starts mpwallet NAME (datadir $TMP/wallet-NAME, log
#! $TMP/wallet-NAME.log), records its pid in WALLET_PID[NAME], and waits
#! until the node lists it.
declare -A WALLET_PID=()
start_wallet()
{
    local name=$1
    "$MPWALLET" --connect="unix:$SOCK" --datadir="$TMP/wallet-$name" --name="$name" \
        >>"$TMP/wallet-$name.log" 2>&1 &
    WALLET_PID[$name]=$!
    STARTED_PIDS+=("$!")
    wait_until 20 "wallet $name registered with the node" wallet_listed "$name"
}

#! wallet_listed NAME: whether `mpcli wallets` lists NAME.
wallet_listed() { cli wallets | grep -qx "$1"; }
#! wallets_are JSON: whether `mpcli --json wallets` prints exactly JSON.
wallets_are() { [[ "$(cli --json wallets)" == "$1" ]]; }

#! stop_wallet NAME: SIGTERM; checks that it exits 0.
stop_wallet()
{
    local name=$1
    kill -TERM "${WALLET_PID[$name]}"
    wait_exit "${WALLET_PID[$name]}" 20
    [[ "$EXIT_CODE" == 0 ]] || fail "mpwallet $name exited with $EXIT_CODE after SIGTERM, not 0"
}

#! expect_error PATTERN COMMAND...: COMMAND must exit non-zero, print
#! nothing on stdout and exactly one line on stderr, matching the
#! extended regular expression PATTERN.
expect_error()
{
    local pattern=$1
    shift
    local code=0
    "$@" >"$TMP/expect.out" 2>"$TMP/expect.err" || code=$?
    local what="'$*'"
    [[ $code != 0 ]] || fail "$what succeeded; expected an error matching /$pattern/"
    [[ ! -s "$TMP/expect.out" ]] || fail "$what printed on stdout: $(head -c 300 "$TMP/expect.out")"
    local lines
    lines=$(wc -l <"$TMP/expect.err")
    [[ $lines == 1 ]] || fail "$what printed $lines lines on stderr, not one: $(head -c 600 "$TMP/expect.err")"
    grep -qE -- "$pattern" "$TMP/expect.err" ||
        fail "$what: stderr '$(cat "$TMP/expect.err")' does not match /$pattern/"
    log "ok (exit $code): $*  ->  $(cat "$TMP/expect.err")"
}

#! expect_eq ACTUAL EXPECTED WHAT
expect_eq()
{
    [[ "$1" == "$2" ]] || fail "$3: got '$1', expected '$2'"
}

#! json_get JSON PYTHON_EXPRESSION: evaluates the expression on the parsed
#! document `d` (also checks the JSON is valid).
json_get()
{
    python3 -c 'import json, sys; d = json.loads(sys.argv[1]); print(eval(sys.argv[2]))' "$1" "$2"
}

#! An address nobody owns, for mining blocks that change no wallet.
OTHER_ADDRESS=mp$(printf '7%.0s' {1..40})
