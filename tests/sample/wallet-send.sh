#!/usr/bin/env bash
# Two wallets reached through the node: mine to A, send from A to B, mine,
# and check both balances and histories; then restart the node and both
# wallets and check that nothing was lost.
source "$(dirname "$0")/lib.sh"
require_wallet

#! balance_is WALLET CONFIRMED UNCONFIRMED: as `mpcli --json` prints them.
balance_is()
{
    local json
    json=$(cli --json wallet "$1" balance) || return 1
    [[ "$json" == "{\"confirmed\":$2,\"unconfirmed\":$3}" ]]
}

start_node node
start_wallet A
start_wallet B
expect_eq "$(cli --json wallets)" '["A","B"]' "registered wallets"
expect_error "give an ADDRESS.*2 are registered" cli mine 1

log "mine 2 blocks to A"
address_a=$(cli wallet A newaddress savings)
address_b=$(cli wallet B newaddress)
cli mine 2 "$address_a" >/dev/null
# Wallets learn about blocks through notifications, a moment later.
wait_until 20 "A confirmed 100" balance_is A 100.00000000 100.00000000
expect_eq "$(json_get "$(cli --json wallet A addresses)" '[a["label"] for a in d if a["address"] == "'"$address_a"'"]')" \
    "['savings']" "label of A's address"

log "send 12.5 (fee 0.5) from A to B"
expect_error "insufficient funds" cli wallet B send "$address_a" 1
expect_error "insufficient funds" cli wallet A send "$address_b" 1000
txid=$(cli wallet A send "$address_b" 12.5 --fee=0.5)
[[ "$txid" =~ ^[0-9a-f]{64}$ ]] || fail "send printed '$txid', not a txid"
expect_eq "$(json_get "$(cli --json mempool)" '[t["txid"] for t in d]')" "['$txid']" "mempool after the send"
wait_until 20 "B unconfirmed 12.5" balance_is B 0.00000000 12.50000000
wait_until 20 "A unconfirmed 87" balance_is A 100.00000000 87.00000000

log "mine it (to an address of neither wallet)"
cli mine 1 "$OTHER_ADDRESS" >/dev/null
wait_until 20 "B confirmed 12.5" balance_is B 12.50000000 12.50000000
wait_until 20 "A confirmed 87" balance_is A 87.00000000 87.00000000
expect_eq "$(cli --json mempool)" "[]" "mempool after mining"
block=$(cli --json getblock 2)
expect_eq "$(json_get "$block" '[t["txid"] for t in d["transactions"]]')" "['$txid']" "transactions of block 2"
expect_eq "$(json_get "$block" 'str(d["reward"])')" "50.5" "reward of block 2 (subsidy and fee)"

log "histories"
history_a=$(cli --json wallet A history)
history_b=$(cli --json wallet B history)
expect_eq "$(json_get "$history_a" '[(str(e["amount"]), e["height"], e["coinbase"]) for e in d]')" \
    "[('-13.0', 2, False), ('50.0', 1, True), ('50.0', 0, True)]" "A's history (newest first)"
expect_eq "$(json_get "$history_a" 'd[0]["txid"]')" "$txid" "txid of A's payment"
expect_eq "$(json_get "$history_a" 'd[0]["counterparty"]')" "$address_b" "counterparty of A's payment"
expect_eq "$(json_get "$history_b" '[(str(e["amount"]), e["height"], e["txid"]) for e in d]')" \
    "[('12.5', 2, '$txid')]" "B's history"
cli wallet B history | grep -q "^block 2 .*+12.50000000" || fail "human history of B: $(cli wallet B history)"

log "history --limit: the newest entries only (Wallet.getHistory's limit, added after v1)"
expect_eq "$(json_get "$(cli --json wallet A history --limit 2)" '[e["height"] for e in d]')" "[2, 1]" "A's newest 2"
expect_eq "$(cli --json wallet A history --limit 0)" "$history_a" "limit 0 is everything"
expect_error "history limit out of range \(0 to [0-9]+\): -1" cli wallet A history --limit -1

log "restart the node and both wallets"
status=$(cli --json status)
stop_wallet A
stop_wallet B
wait_until 10 "the node forgot both wallets" wallets_are "[]"
stop_node
start_node node
start_wallet A
start_wallet B
# All but the start time, which is the new node's.
without_start() { json_get "$1" '{k: v for k, v in d.items() if k != "start_time"}'; }
expect_eq "$(without_start "$(cli --json status)")" "$(without_start "$status")" "node status after the restart"
expect_eq "$(cli --json wallet A history)" "$history_a" "A's history after the restart"
expect_eq "$(cli --json wallet B history)" "$history_b" "B's history after the restart"
balance_is A 87.00000000 87.00000000 || fail "A's balance after the restart: $(cli --json wallet A balance)"
balance_is B 12.50000000 12.50000000 || fail "B's balance after the restart: $(cli --json wallet B balance)"

log "a restarted wallet still signs: B pays A back"
cli wallet B send "$address_a" 2 --fee=0 >/dev/null
cli mine 1 "$OTHER_ADDRESS" >/dev/null
wait_until 20 "B confirmed 10.5" balance_is B 10.50000000 10.50000000
wait_until 20 "A confirmed 89" balance_is A 89.00000000 89.00000000

log "payments not mined yet come first in the history, the latest first"
pending_txids=()
for amount in 1 2 3 4 5; do pending_txids+=("$(cli wallet A send "$address_b" "$amount")"); done
expect_eq "$(json_get "$(cli --json wallet A history --limit 1)" 'd[0]["txid"]')" "${pending_txids[4]}" \
    "A's newest entry is its last payment"
expect_eq "$(json_get "$(cli --json wallet A history --limit 5)" '" ".join(e["txid"] for e in d)')" \
    "${pending_txids[4]} ${pending_txids[3]} ${pending_txids[2]} ${pending_txids[1]} ${pending_txids[0]}" \
    "A's pending payments, latest first"
log "pass"
