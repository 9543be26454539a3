# A wallet (interfaces::Wallet in wallet.h), served by mpwallet and reached
# by other processes through the node's registry.
#
# Versioning: append methods with the next ordinal; never renumber, change
# or remove one (see README.md). tests/compat holds a frozen copy.

@0xccd490bd8008a273;

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("interfaces::messages");

using Proxy = import "/mp/proxy.capnp";
$Proxy.include("interfaces/wallet.h");
$Proxy.includeTypes("interfaces/capnp-types.h");

using Common = import "common.capnp";
using Handler = import "handler.capnp";

interface Wallet $Proxy.wrap("interfaces::Wallet") {
    destroy @0 (context :Proxy.Context) -> ();
    getName @1 (context :Proxy.Context) -> (result :Text);
    newAddress @2 (context :Proxy.Context, label :Text) -> (result :Text);
    listAddresses @3 (context :Proxy.Context) -> (result :List(Common.AddressInfo));
    getBalances @4 (context :Proxy.Context) -> (result :Common.Balances);
    send @5 (context :Proxy.Context, address :Text, amount :Int64, fee :Int64)
        -> (result :Text, error :Text $Proxy.exception("interfaces::TransactionRejected"));
    # `limit` was added after v1: an old client does not send it, and its
    # default, 0, means "everything", which is what v1's getHistory returned.
    getHistory @6 (context :Proxy.Context, limit :Int32) -> (result :List(Common.WalletTransaction));
    handleBalanceChanged @7 (context :Proxy.Context, fn :BalanceChangedFn) -> (result :Handler.Handler);
}

# std::function<void(Balances)>, called in the subscriber's process.
interface BalanceChangedFn $Proxy.wrap("mp::ProxyCallback<std::function<void(interfaces::Balances)>>") {
    destroy @0 (context :Proxy.Context) -> ();
    call @1 (context :Proxy.Context, balances :Common.Balances) -> ();
}
