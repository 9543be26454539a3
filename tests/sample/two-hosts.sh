# Shared by the TCP tests (sourced after lib.sh, never run): a node host and
# a wallet host, and TLS certificates for them.
#
# As root (as here and in CI) the two hosts are two network namespaces the
# test makes, joined by a veth pair: NODE_IP on one end, WALLET_IP on the
# other, nothing else on the way, and a link a test can cut (cut_link)
# without either end seeing a reset. Otherwise both are this host's
# loopback interface (HAVE_NETNS=0, NODE_IP=WALLET_IP=127.0.0.1).
#
#   IN_WALLET_NET=(...)  prefix that runs a command on the wallet's host
#   NODE_RUN=(...)       prefix start_node runs mpnode with (lib.sh)
#   tls_flags NAME [TRUST_FILE]  the --tls-* flags of certificate NAME

CERTS_TOOL=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../libmultiprocess/tools" && pwd)/mp-tls-certs
CERTS="$TMP/certs"
HAVE_NETNS=0
NODE_IP=127.0.0.1
WALLET_IP=127.0.0.1
IN_WALLET_NET=()

#! setup_network: the two hosts, as described above.
setup_network()
{
    if [[ $(id -u) != 0 ]] || ! command -v ip >/dev/null; then
        log "not root (or no ip command): node and wallet share the loopback interface"
        return
    fi
    # Names unique to this test run: other tests (and other users' runs)
    # may be making namespaces at the same time.
    NODE_NS="mpt$$n"
    WALLET_NS="mpt$$w"
    WALLET_LINK="mpt$$w0"
    if ! ip netns add "$NODE_NS" 2>/dev/null; then
        # Root without the right to make namespaces (some containers).
        log "cannot make network namespaces here: node and wallet share the loopback interface"
        return
    fi
    CLEANUP_COMMANDS+=("ip netns del $NODE_NS" "ip netns del $WALLET_NS")
    ip netns add "$WALLET_NS"
    ip link add "mpt$$n0" netns "$NODE_NS" type veth peer name "$WALLET_LINK" netns "$WALLET_NS"
    # The addresses live inside the namespaces only, so they cannot clash
    # with the machine's or another run's.
    ip -n "$NODE_NS" addr add 10.213.0.1/30 dev "mpt$$n0"
    ip -n "$WALLET_NS" addr add 10.213.0.2/30 dev "$WALLET_LINK"
    ip -n "$NODE_NS" link set lo up
    ip -n "$WALLET_NS" link set lo up
    ip -n "$NODE_NS" link set "mpt$$n0" up
    ip -n "$WALLET_NS" link set "$WALLET_LINK" up
    HAVE_NETNS=1
    NODE_IP=10.213.0.1
    WALLET_IP=10.213.0.2
    NODE_RUN=(ip netns exec "$NODE_NS")
    IN_WALLET_NET=(ip netns exec "$WALLET_NS")
    log "node host: namespace $NODE_NS ($NODE_IP); wallet host: namespace $WALLET_NS ($WALLET_IP)"
}

#! cut_link / restore_link: takes the wallet host's end of the link down
#! (packets are dropped, no reset is sent either way), and up again.
cut_link() { ip -n "$WALLET_NS" link set "$WALLET_LINK" down; }
restore_link() { ip -n "$WALLET_NS" link set "$WALLET_LINK" up; }

#! make_certs: a CA ($CERTS/ca/ca.pem) and certificates it signs for the
#! node (naming NODE_IP), wallet A and mpcli; another CA's certificate
#! (stranger) and an expired one (expired).
make_certs()
{
    "$CERTS_TOOL" ca "$CERTS/ca" >/dev/null
    "$CERTS_TOOL" ca "$CERTS/other-ca" >/dev/null
    "$CERTS_TOOL" issue "$CERTS" node --ca "$CERTS/ca" --host "$NODE_IP" >/dev/null
    "$CERTS_TOOL" issue "$CERTS" wallet-a --ca "$CERTS/ca" >/dev/null
    "$CERTS_TOOL" issue "$CERTS" cli --ca "$CERTS/ca" >/dev/null
    "$CERTS_TOOL" issue "$CERTS" stranger --ca "$CERTS/other-ca" >/dev/null
    "$CERTS_TOOL" issue "$CERTS" expired --ca "$CERTS/ca" --days -1 >/dev/null
}

tls_flags()
{
    echo "--tls-cert=$CERTS/$1.pem --tls-key=$CERTS/$1.key --tls-trust=${2:-$CERTS/ca/ca.pem}"
}

#! node_tcp_address NAME: the tcp: address mpnode NAME printed it listens
#! on (started with a tcp:HOST:0 --ipcbind, so the port is its choice).
node_tcp_address()
{
    grep -o 'listening on .*' "$TMP/$1.log" | tail -n 1 | grep -o 'tcp:[^ ,]*'
}

#! log_has FILE PATTERN: whether FILE has a line matching PATTERN (ERE).
log_has() { grep -qE -- "$2" "$1"; }
