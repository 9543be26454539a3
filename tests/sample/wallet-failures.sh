#!/usr/bin/env bash
# A second mpwallet on a datadir in use, and wallet names refused; then
# processes dying under load: kill -9 a wallet in the middle of sends made
# through the node, and check that the node keeps serving and forgets the
# wallet; kill -9 the node, and check that a wallet reports it and
# reconnects when a new node starts on the same datadir; and payments in the
# mempool outlive the node's restarts.
source "$(dirname "$0")/lib.sh"
require_wallet

#! coins JSON_NUMBER: the amount in base units, exactly (no float).
units() { python3 -c 'import decimal, sys; print(int(decimal.Decimal(sys.argv[1]) * 100000000))' "$1"; }
confirmed_units() { units "$(json_get "$(cli --json wallet "$1" balance)" 'd["confirmed"]')"; }
#! confirmed_is WALLET UNITS (a function, so that wait_until re-evaluates it)
confirmed_is() { [[ "$(confirmed_units "$1")" == "$2" ]]; }
sends_with_rc0() { cat "$TMP"/sends/*.rc 2>/dev/null | grep -cx 0 || true; }
sends_failed() { cat "$TMP"/sends/*.rc 2>/dev/null | grep -cvx 0 || true; }
at_least() { (($("$1") >= $2)); }

start_node node
start_wallet A
start_wallet B

log "a second wallet on a datadir in use, and names a wallet cannot have"
expect_error "mpwallet: error: datadir $TMP/wallet-A is in use by mpwallet 'A', pid ${WALLET_PID[A]}" \
    timeout 20 "$MPWALLET" --connect="unix:$SOCK" --datadir="$TMP/wallet-A" --name=A2
expect_error "mpwallet: error: --name: a wallet name starts with a letter or digit, not '-x'" \
    timeout 20 "$MPWALLET" --connect="unix:$SOCK" --datadir="$TMP/wallet-x" --name=-x
expect_error "mpwallet: error: --name: a wallet name has at most 64 characters" \
    timeout 20 "$MPWALLET" --connect="unix:$SOCK" --datadir="$TMP/wallet-x" --name="$(printf 'w%.0s' {1..65})"
expect_eq "$(cli wallets | tr '\n' ' ')" "A B " "wallets after the refused starts"
address_a=$(cli wallet A newaddress)
address_b=$(cli wallet B newaddress)
cli mine 1 "$address_a" >/dev/null
wait_until 20 "A has 50 to spend" confirmed_is A 5000000000

log "kill -9 wallet A while sends from it go through the node"
# Each send is its own mpcli process; results go to sends/N.{out,err,rc}.
mkdir "$TMP/sends"
(
    for i in $(seq 1 300); do
        [[ -e "$TMP/stop-sends" ]] && break
        rc=0
        "$MPCLI" --connect="unix:$SOCK" wallet A send "$address_b" 0.01 \
            >"$TMP/sends/$i.out" 2>"$TMP/sends/$i.err" || rc=$?
        echo "$rc" >"$TMP/sends/$i.rc"
    done
) &
SENDER_PID=$!
STARTED_PIDS+=("$SENDER_PID")
wait_until 20 "a few sends accepted" at_least sends_with_rc0 3
kill -9 "${WALLET_PID[A]}"
wait_exit "${WALLET_PID[A]}" 10
wait_until 30 "sends failing once A is gone" at_least sends_failed 3
touch "$TMP/stop-sends"
wait_exit "$SENDER_PID" 30

accepted=$(sends_with_rc0)
failed=$(sends_failed)
log "$accepted sends accepted, $failed failed"
for rc_file in "$TMP"/sends/*.rc; do
    [[ $(cat "$rc_file") == 0 ]] && continue
    err=${rc_file%.rc}.err
    expect_eq "$(wc -l <"$err")" 1 "lines of stderr of a failed send ($(cat "$err"))"
    grep -q "^mpcli: error: " "$err" || fail "a failed send said: $(cat "$err")"
done
log "errors seen: $(cat "$TMP"/sends/*.err | sed 's/[0-9a-f]\{40,\}/…/g' | sort | uniq -c | tr '\n' ';')"

log "the node keeps serving and forgets A"
wait_until 10 "the node forgot wallet A" wallets_are '["B"]'
expect_error "no wallet named 'A' is registered with the node \(registered: B\)" cli wallet A balance
kill -0 "$NODE_PID" || fail "mpnode died with wallet A"
in_mempool=$(json_get "$(cli --json mempool)" 'len(d)')
((in_mempool >= accepted)) || fail "mempool holds $in_mempool transactions, but $accepted sends were accepted"

log "mine with no ADDRESS: pays a new address of the only wallet, B"
mined=$(cli --json mine 1)
expect_eq "$(json_get "$mined" 'd["wallet"]')" B "wallet chosen by mine without ADDRESS"
block=$(cli --json getblock 1)
expect_eq "$(json_get "$block" 'len(d["transactions"])')" "$in_mempool" "transactions mined from the mempool"
# B: the new block's 50 plus 0.01 per payment from A; the fees went to B too.
expected_b=$((5000000000 + in_mempool * (1000000 + 10000)))
wait_until 20 "B confirmed the block" confirmed_is B "$expected_b"

log "kill -9 the node: the wallet reports it and comes back with a new node"
kill -9 "$NODE_PID"
wait_exit "$NODE_PID" 10
wait_until 20 "wallet B reports the lost node" grep -q "lost the connection to the node" "$TMP/wallet-B.log"
expect_error "nothing is listening on $SOCK" cli status
kill -0 "${WALLET_PID[B]}" || fail "mpwallet B exited when the node was killed"
start_node node
wait_until 30 "wallet B registered again" wallet_listed B
expect_eq "$(confirmed_units B)" "$expected_b" "B's balance with the new node"

log "A restarts and sees what it sent before it was killed"
start_wallet A
expected_a=$((5000000000 - in_mempool * (1000000 + 10000)))
wait_until 20 "A caught up" confirmed_is A "$expected_a"
cli wallet A send "$address_b" 1 >/dev/null || fail "A cannot send after its restart"

log "payments waiting in the mempool survive the node's restart, clean or kill -9"
mempool_txids() { json_get "$(cli --json mempool)" '" ".join(t["txid"] for t in d)'; }
#! a_pending TXID: whether A's history lists TXID as not yet mined.
a_pending() { json_get "$(cli --json wallet A history)" 'any(e["txid"] == "'"$1"'" and e["height"] is None for e in d)' | grep -qx True; }
txid=$(cli wallet A send "$address_b" 2)
pending=$(mempool_txids)
[[ " $pending " == *" $txid "* ]] || fail "the payment just sent ($txid) is not in the mempool ($pending)"
stop_node
start_node node
expect_eq "$(mempool_txids)" "$pending" "the mempool after a clean restart"
kill -9 "$NODE_PID"
wait_exit "$NODE_PID" 10
start_node node
expect_eq "$(mempool_txids)" "$pending" "the mempool after kill -9 and a restart"
grep -q "mempool: 2 transaction(s) restored from disk" "$TMP/node.log" || fail "the node did not say it restored its mempool"
wait_until 30 "A registered again" wallet_listed A
wait_until 20 "A lists its payment as pending again" a_pending "$txid"
cli mine 1 "$OTHER_ADDRESS" >/dev/null
expect_eq "$(mempool_txids)" "" "the mempool after mining its payments"
expected_a=$((expected_a - (100000000 + 10000) - (200000000 + 10000)))
wait_until 20 "A confirmed both payments" confirmed_is A "$expected_a"
log "pass"
