#!/usr/bin/env bash
# The link between the node's host and the wallet's host is cut (taken down
# in the wallet's network namespace: packets are dropped, no reset is ever
# sent) while a call to the wallet is on its way. The caller gets an error
# instead of waiting forever, the node forgets the wallet, the wallet and a
# watching mpcli on the cut-off host learn that the node is gone, and once
# the link is back the wallet registers again.
#
# What bounds the wait is TCP_USER_TIMEOUT and keepalive (--tcp-timeout,
# NetworkOptions::peer_timeout): the wallet's side uses 2 s, the node's 5 s.
# Every wait below is a bounded poll for the outcome, never a sleep. The
# one race is the call made right after the cut: it must reach the node
# before the node's kernel gives up on the link, at least 4 s later.
#
# Needs root (network namespaces); skipped otherwise.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/two-hosts.sh"
require_wallet

setup_network
if [[ $HAVE_NETNS != 1 ]]; then
    echo "[$TEST_NAME] SKIP: cutting a link needs network namespaces (run as root)"
    exit 77
fi
make_certs
# shellcheck disable=SC2046  # tls_flags prints several words on purpose
start_node node --ipcbind=unix --ipcbind="tcp:$NODE_IP:0" $(tls_flags node) --tcp-timeout=5
TCP=$(node_tcp_address node)

# shellcheck disable=SC2046
"${IN_WALLET_NET[@]}" "$MPWALLET" --connect="$TCP" $(tls_flags wallet-a) --tcp-timeout=2 \
    --datadir="$TMP/wallet-A" --name=A >>"$TMP/wallet-A.log" 2>&1 &
STARTED_PIDS+=("$!")
wait_until 20 "wallet A registered over TCP" wallet_listed A
cli wallet A balance >/dev/null

# shellcheck disable=SC2046
"${IN_WALLET_NET[@]}" "$MPCLI" --connect="$TCP" $(tls_flags cli) --tcp-timeout=2 watch \
    >"$TMP/watch.out" 2>"$TMP/watch.err" &
WATCH_PID=$!
STARTED_PIDS+=("$WATCH_PID")
wait_until 10 "watch subscribed over TCP" grep -q '^watching ' "$TMP/watch.out"

log "cut the link, and ask the wallet for its balance through the node"
cut_link
cli wallet A balance >"$TMP/balance.out" 2>"$TMP/balance.err" &
CALL_PID=$!
STARTED_PIDS+=("$CALL_PID")
wait_exit "$CALL_PID" 30
[[ $EXIT_CODE != 0 ]] || fail "the call to the cut-off wallet succeeded: $(cat "$TMP/balance.out")"
# The node's call to the wallet failed with DisconnectedError, which the
# node reports to its caller in its own words.
grep -q "wallet 'A' went away" "$TMP/balance.err" ||
    fail "the call to the cut-off wallet failed, but not as a disconnect: $(cat "$TMP/balance.err")"
log "ok (exit $EXIT_CODE): $(cat "$TMP/balance.err")"

wait_until 30 "the node forgot wallet A" wallets_are "[]"
wait_exit "$WATCH_PID" 30
[[ $EXIT_CODE != 0 ]] || fail "watch exited 0 when the node became unreachable"
grep -q "went away" "$TMP/watch.err" || fail "watch said '$(cat "$TMP/watch.err")' when the link was cut"
log "ok, watch on the cut-off host: $(cat "$TMP/watch.err")"
wait_until 30 "wallet A noticed" grep -q "lost the connection to the node" "$TMP/wallet-A.log"

log "restore the link: the wallet comes back by itself"
restore_link
wait_until 30 "wallet A registered again" wallet_listed A
cli wallet A balance >/dev/null || fail "the wallet does not answer after it came back"
stop_node
log "pass"
