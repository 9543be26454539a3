#!/usr/bin/env bash
# Bad input to mpcli: each mistake gives exactly one line on stderr, nothing
# on stdout and a non-zero exit, whether or not a node is running.
source "$(dirname "$0")/lib.sh"

address=mp$(printf 'a%.0s' {1..40})

log "usage errors need no node"
expect_error "unknown command 'frobnicate'" cli frobnicate
expect_error "no command given" cli
expect_error "block must be a height \(a whole number from 0\) or a block hash.*'x'" cli getblock x
expect_error "height out of range.*-1" cli getblock -1
expect_error "number of blocks must be a whole number.*'many'" cli mine many "$address"
expect_error "number of blocks out of range" cli mine 0 "$address"
expect_error "malformed address 'mp123'" cli mine 1 mp123
expect_error "amount must be positive.*'-1'" cli wallet A send "$address" -1
expect_error "amount too large.*'99999999999'" cli wallet A send "$address" 99999999999
expect_error "not an amount: '1\.2\.3'" cli wallet A send "$address" 1.2.3
expect_error "at most 8 decimal places" cli wallet A send "$address" 0.000000001
expect_error "--fee: must not be negative, not '-1'" cli wallet A send "$address" 1 --fee=-1
expect_error "--fee: must not be negative, not '-0'" cli wallet A send "$address" 1 --fee=-0
expect_error "malformed address 'nope'" cli wallet A send nope 1
expect_error "unknown wallet command 'frob'" cli wallet A frob
expect_error "no wallet command given" cli wallet A
expect_error "log-level" cli --log-level=loud status
expect_error "unknown address scheme in 'http://node:8332'" "$MPCLI" --connect=http://node:8332 status
expect_error "tcp:127.0.0.1:8332: TCP connections use TLS: give --tls-cert, --tls-key and --tls-trust" \
    "$MPCLI" --connect=tcp:127.0.0.1:8332 status
expect_error "TLS needs all three of --tls-cert, --tls-key and --tls-trust" \
    "$MPCLI" --connect=tcp:127.0.0.1:8332 --tls-cert="$TMP/x.pem" status
expect_error "TLS: cannot read the certificate file $TMP/x.pem" \
    "$MPCLI" --connect=tcp:127.0.0.1:8332 --tls-cert="$TMP/x.pem" --tls-key="$TMP/x.key" --tls-trust="$TMP/ca.pem" status

log "no node there"
expect_error "no socket at /nonexistent/x.sock \(is the server running\?\)" "$MPCLI" --connect=/nonexistent/x.sock status
expect_error "no socket at $TMP/none.sock" "$MPCLI" --connect="unix:$TMP/none.sock" echo hi
long="$TMP/$(printf 'x%.0s' {1..120}).sock"
expect_error "socket path is [0-9]+ bytes.*shorter than 108" "$MPCLI" --connect="$long" status

log "errors the node reports"
start_node node
expect_error "no block at height 5 \(the chain is empty\)" cli getblock 5
cli mine 1 "$address" >/dev/null
expect_error "no block at height 5 \(the tip is at 0\)" cli getblock 5
expect_error "no wallet named 'A' is registered with the node \(registered: none\)" cli wallet A balance
expect_error "no wallet named 'A'" cli wallet A send "$address" 1
expect_error "give an ADDRESS" cli mine 1
log "pass"
