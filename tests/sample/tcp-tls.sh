#!/usr/bin/env bash
# A node and a wallet on two hosts (two network namespaces when root) over
# TCP with mutual TLS: the wallet follows the node's blocks through
# notifications and sends coins. Then every way a connection can be wrong
# is refused, with the reason on both sides, while the node keeps serving
# the others: a certificate of another CA, an expired one, a client that
# does not trust the node, plaintext against TLS, and TLS against plaintext.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/two-hosts.sh"
require_wallet

setup_network
make_certs
# shellcheck disable=SC2046  # tls_flags prints several words on purpose
start_node node --ipcbind=unix --ipcbind="tcp:$NODE_IP:0" $(tls_flags node)
TCP=$(node_tcp_address node)
[[ $TCP == tcp:$NODE_IP:* ]] || fail "mpnode did not say which TCP port it listens on"
log "node listens on $TCP"

#! remote_cli_as NAME TRUST_FILE ARGS...: mpcli on the wallet's host over
#! TCP, presenting certificate NAME and trusting TRUST_FILE.
remote_cli_as()
{
    local name=$1 trust=$2
    shift 2
    # shellcheck disable=SC2046  # tls_flags prints several words on purpose
    "${IN_WALLET_NET[@]}" "$MPCLI" --connect="$TCP" $(tls_flags "$name" "$trust") "$@"
}
#! remote_cli ARGS...: the same with mpcli's own certificate.
remote_cli() { remote_cli_as cli "$CERTS/ca/ca.pem" "$@"; }

#! balance_is WALLET CONFIRMED UNCONFIRMED, asked over TCP.
balance_is()
{
    [[ "$(remote_cli --json wallet "$1" balance)" == "{\"confirmed\":$2,\"unconfirmed\":$3}" ]]
}

log "wallet A on the other host over TLS, wallet B beside the node"
# shellcheck disable=SC2046
"${IN_WALLET_NET[@]}" "$MPWALLET" --connect="$TCP" $(tls_flags wallet-a) --datadir="$TMP/wallet-A" --name=A \
    >>"$TMP/wallet-A.log" 2>&1 &
STARTED_PIDS+=("$!")
wait_until 20 "wallet A registered over TCP" wallet_listed A
grep -q "connected to $TCP as wallet 'A'" "$TMP/wallet-A.log" || fail "wallet A did not say it connected over TCP"
start_wallet B

log "blocks reach A by notification over TLS; A sends to B"
address_a=$(remote_cli wallet A newaddress)
address_b=$(cli wallet B newaddress)
remote_cli mine 2 "$address_a" >/dev/null
wait_until 20 "A confirmed 100" balance_is A 100.00000000 100.00000000
txid=$(remote_cli wallet A send "$address_b" 12.5 --fee=0.5)
[[ "$txid" =~ ^[0-9a-f]{64}$ ]] || fail "send printed '$txid', not a txid"
wait_until 20 "B unconfirmed 12.5" balance_is B 0.00000000 12.50000000
cli mine 1 "$OTHER_ADDRESS" >/dev/null
wait_until 20 "A confirmed 87 (a block mined by another client)" balance_is A 87.00000000 87.00000000
wait_until 20 "B confirmed 12.5" balance_is B 12.50000000 12.50000000
expect_eq "$(json_get "$(remote_cli --json wallet A history)" 'd[0]["txid"]')" "$txid" "A's last payment"

#! expect_refused CLIENT_PATTERN NODE_LOG NODE_PATTERN COMMAND...: COMMAND
#! fails with one line matching CLIENT_PATTERN; the node's log (NODE_LOG)
#! gets a line matching NODE_PATTERN; the node still serves wallet A and a
#! trusted client.
expect_refused()
{
    local client_pattern=$1 node_log=$2 node_pattern=$3
    shift 3
    expect_error "$client_pattern" "$@"
    wait_until 10 "the node's log says: $node_pattern" log_has "$node_log" "$node_pattern"
    log "ok, node: $(grep -E -- "$node_pattern" "$node_log" | tail -n 1 | sed 's/^.*IPC/IPC/')"
    expect_eq "$(remote_cli --json wallets)" '["A","B"]' "wallets still registered after the refusal"
}

from="from $WALLET_IP:[0-9]+"
log "refused: a certificate another CA signed"
expect_refused "cannot connect to $TCP: the server does not trust this client's certificate" \
    "$TMP/node.log" "refused a connection $from: the client's certificate is not trusted" \
    remote_cli_as stranger "$CERTS/ca/ca.pem" status

log "refused: an expired certificate"
expect_refused "the server refused this client's certificate: it has expired" \
    "$TMP/node.log" "refused a connection $from: the client's certificate is not trusted.*certificate verify failed" \
    remote_cli_as expired "$CERTS/ca/ca.pem" status

log "refused: a client that does not trust the node's certificate"
expect_refused "the server's certificate is not trusted" \
    "$TMP/node.log" "refused a connection $from: the client does not trust this server's certificate" \
    remote_cli_as cli "$CERTS/other-ca/ca.pem" status

log "refused: plaintext against the TLS listener"
# --log-level=error: the line warning about plaintext is not the error.
expect_refused "the server closed the connection before answering; if it listens with TLS, connect with TLS" \
    "$TMP/node.log" "refused a connection $from: the client is not speaking TLS" \
    "${IN_WALLET_NET[@]}" "$MPCLI" --connect="$TCP" --insecure-plaintext-tcp --log-level=error status

log "refused: TLS against a plaintext listener"
first_node=$NODE_PID
start_node plain --ipcbind=unix --ipcbind="tcp:$NODE_IP:0" --insecure-plaintext-tcp
NODE_PID=$first_node
grep -q "listening on tcp:$NODE_IP:[0-9]* without TLS" "$TMP/plain.log" || fail "the plaintext node did not warn"
plain_tcp=$(node_tcp_address plain)
# shellcheck disable=SC2046
expect_refused "the server is not speaking TLS \(is it listening with TLS off\?\)" \
    "$TMP/plain.log" "client $WALLET_IP:[0-9]+ is speaking TLS, but this listener is plaintext" \
    "${IN_WALLET_NET[@]}" "$MPCLI" --connect="$plain_tcp" $(tls_flags cli) status

log "the node serves on: wallet A still follows its blocks"
remote_cli mine 1 "$address_a" >/dev/null
wait_until 20 "A confirmed 137" balance_is A 137.00000000 137.00000000
stop_wallet B
stop_node
log "pass"
