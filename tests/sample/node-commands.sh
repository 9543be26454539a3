#!/usr/bin/env bash
# mpcli against a node without wallets: status of a fresh node, mining and
# reading blocks back, echo, --json documents, and `watch` receiving the
# blocks another mpcli mines (callbacks into the watching process).
source "$(dirname "$0")/lib.sh"

start_node node

log "status of a fresh node"
status=$(cli --json status)
expect_eq "$(json_get "$status" 'd["height"]')" -1 "height of a fresh node"
expect_eq "$(json_get "$status" 'd["wallets"]')" "[]" "wallets of a fresh node"
cli status | grep -q '^height *-1$' || fail "human status does not show height -1"
started=$(json_get "$status" 'd["start_time"]')
now=$(date +%s)
(( started > 0 && started <= now )) || fail "start_time $started is not a time before now ($now)"

log "watch, in the background, before mining"
"$MPCLI" --connect="unix:$SOCK" watch >"$TMP/watch.out" 2>"$TMP/watch.err" &
WATCH_PID=$!
STARTED_PIDS+=("$WATCH_PID")
"$MPCLI" --connect="unix:$SOCK" --json watch >"$TMP/watch-json.out" 2>"$TMP/watch-json.err" &
WATCH_JSON_PID=$!
STARTED_PIDS+=("$WATCH_JSON_PID")
# Subscribed once the first line is out.
wait_until 10 "watch subscribed" grep -q '^watching ' "$TMP/watch.out"
wait_until 10 "watch --json subscribed" grep -q '"event":"watching"' "$TMP/watch-json.out"

log "mine 3 blocks, then read block 2"
address=mp$(printf '1%.0s' {1..40})
mined=$(cli --json mine 3 "$address")
expect_eq "$(json_get "$mined" 'len(d["hashes"])')" 3 "hashes returned by mine 3"
block=$(cli --json getblock 2)
expect_eq "$(json_get "$block" 'd["height"]')" 2 "height of block 2"
expect_eq "$(json_get "$block" 'd["hash"]')" "$(json_get "$mined" 'd["hashes"][2]')" "hash of block 2"
expect_eq "$(json_get "$block" 'd["miner"]')" "$address" "miner of block 2"
expect_eq "$(json_get "$block" 'str(d["reward"])')" "50.0" "reward of block 2"
cli getblock 2 | grep -q "^reward *50.00000000$" || fail "human getblock does not show the reward as 50.00000000"
expect_eq "$(json_get "$(cli --json status)" 'd["height"]')" 2 "height after mining 3"

log "getblock by hash (Node.getBlockByHash, added after v1)"
expect_eq "$(cli --json getblock "$(json_get "$mined" 'd["hashes"][1]')")" "$(cli --json getblock 1)" "block 1 by hash"
expect_error "no block with hash 0{64} in the node's chain" cli getblock "$(printf '0%.0s' {1..64})"

log "watch saw the three blocks, in order"
wait_until 10 "watch printed block 2" grep -q '^block 2 ' "$TMP/watch.out"
expect_eq "$(grep '^block ' "$TMP/watch.out" | cut -d' ' -f2 | tr '\n' ' ')" "0 1 2 " "blocks seen by watch"
wait_until 10 "watch --json printed block 2" grep -q '"event":"block","height":2' "$TMP/watch-json.out"
while read -r line; do
    json_get "$line" 'd["event"]' >/dev/null || fail "watch --json printed a line that is not JSON: $line"
done <"$TMP/watch-json.out"

log "watch stops on SIGINT and SIGTERM with exit 0"
kill -INT "$WATCH_PID"
wait_exit "$WATCH_PID" 10
expect_eq "$EXIT_CODE" 0 "exit code of watch after SIGINT"
kill -TERM "$WATCH_JSON_PID"
wait_exit "$WATCH_JSON_PID" 10
expect_eq "$EXIT_CODE" 0 "exit code of watch --json after SIGTERM"
[[ ! -s "$TMP/watch.err" ]] || fail "watch wrote on stderr: $(cat "$TMP/watch.err")"

log "echo, and JSON string escaping of what comes back"
expect_eq "$(cli echo hi)" hi "echo hi"
tricky=$'quote " backslash \\ newline \n tab \t bell \a unicode \xc3\xa9 bad \xff end'
echoed=$(cli --json echo "$tricky")
expect_eq "$(json_get "$echoed" 'd["text"].encode("utf-8", "surrogateescape").decode("utf-8", "replace")')" \
    "$(printf '%s' "$tricky" | python3 -c 'import sys; print(sys.stdin.buffer.read().decode("utf-8", "replace"))')" \
    "--json echo of a string needing escapes"

log "mempool and wallets of a node without wallets"
expect_eq "$(cli --json mempool)" "[]" "mempool"
expect_eq "$(cli --json wallets)" "[]" "wallets"
expect_error "give an ADDRESS.*0 are registered" cli mine 1
log "pass"
