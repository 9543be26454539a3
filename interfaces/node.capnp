# The node as user interfaces (mpgui, mpcli) see it: interfaces::Node in
# node.h.
#
# Versioning: append methods with the next ordinal; never renumber, change
# or remove one (see README.md).

@0xb199929098a3a83d;

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("interfaces::messages");

using Proxy = import "/mp/proxy.capnp";
$Proxy.include("interfaces/node.h");
$Proxy.includeTypes("interfaces/capnp-types.h");

using Common = import "common.capnp";
using Handler = import "handler.capnp";
using Wallet = import "wallet.capnp";

interface Node $Proxy.wrap("interfaces::Node") {
    destroy @0 (context :Proxy.Context) -> ();
    getStatus @1 (context :Proxy.Context) -> (result :Common.NodeStatus);
    getBlock @2 (context :Proxy.Context, height :Int32) -> (result :Common.Block);
    getRecentBlocks @3 (context :Proxy.Context, count :Int32) -> (result :List(Common.BlockSummary));
    getMempool @4 (context :Proxy.Context) -> (result :List(Common.Transaction));
    generate @5 (context :Proxy.Context, count :Int32, address :Text) -> (result :List(Text));
    listWallets @6 (context :Proxy.Context) -> (result :List(Text));
    getWallet @7 (context :Proxy.Context, name :Text) -> (result :Wallet.Wallet);
    registerWallet @8 (context :Proxy.Context, name :Text, wallet :Wallet.Wallet) -> (result :Handler.Handler);
    handleNotifications @9 (context :Proxy.Context, notifications :NodeNotifications) -> (result :Handler.Handler);
    # Added after v1 (tests/compat/v1): a new method takes the next number.
    getBlockByHash @10 (context :Proxy.Context, hash :Text) -> (result :Common.Block);
}

interface NodeNotifications $Proxy.wrap("interfaces::NodeNotifications") {
    destroy @0 (context :Proxy.Context) -> ();
    blockConnected @1 (context :Proxy.Context, block :Common.BlockSummary) -> ();
    mempoolChanged @2 (context :Proxy.Context, size :Int32) -> ();
    walletsChanged @3 (context :Proxy.Context, wallets :List(Text)) -> ();
}
