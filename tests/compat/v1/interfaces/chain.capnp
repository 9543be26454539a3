# The node's chain as a wallet sees it (interfaces::Chain in chain.h).
#
# Versioning: append methods with the next ordinal; never renumber, change
# or remove one (see README.md). tests/compat holds a frozen copy of this
# file that old-client tests build against.

@0xedc3a4f5e55f3694;

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("interfaces::messages");

using Proxy = import "/mp/proxy.capnp";
$Proxy.include("interfaces/chain.h");
$Proxy.includeTypes("interfaces/capnp-types.h");

using Common = import "common.capnp";
using Handler = import "handler.capnp";

interface Chain $Proxy.wrap("interfaces::Chain") {
    destroy @0 (context :Proxy.Context) -> ();
    getHeight @1 (context :Proxy.Context) -> (result :Int32);
    getBlock @2 (context :Proxy.Context, height :Int32) -> (result :Common.Block);
    getBlocks @3 (context :Proxy.Context, first :Int32, count :Int32) -> (result :List(Common.Block));
    getMempool @4 (context :Proxy.Context) -> (result :List(Common.Transaction));
    getNextNonce @5 (context :Proxy.Context, address :Text) -> (result :UInt64);
    broadcastTransaction @6 (context :Proxy.Context, tx :Common.Transaction)
        -> (result :Text, error :Text $Proxy.exception("interfaces::TransactionRejected"));
    handleNotifications @7 (context :Proxy.Context, notifications :ChainNotifications)
        -> (result :Handler.Handler);
}

interface ChainNotifications $Proxy.wrap("interfaces::ChainNotifications") {
    destroy @0 (context :Proxy.Context) -> ();
    blockConnected @1 (context :Proxy.Context, block :Common.Block) -> ();
    transactionAddedToMempool @2 (context :Proxy.Context, tx :Common.Transaction) -> ();
}
