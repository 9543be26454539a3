# Records shared by the sample's interfaces. Each struct wraps the C++
# struct of the same name in include/interfaces/records.h; fields are copied
# by name ($Proxy.name where the C++ member is spelled differently).
#
# Versioning: append fields with the next ordinal; never renumber, retype or
# remove one (see README.md).

@0x87439584ce09ec23;

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("interfaces::messages");

using Proxy = import "/mp/proxy.capnp";
$Proxy.include("interfaces/records.h");
$Proxy.includeTypes("interfaces/capnp-types.h");

struct Transaction $Proxy.wrap("interfaces::Transaction") {
    senderKey @0 :Data $Proxy.name("sender_key");
    sender @1 :Text;
    recipient @2 :Text;
    amount @3 :Int64;
    fee @4 :Int64;
    nonce @5 :UInt64;
    signature @6 :Data;
    txid @7 :Text;
}

struct Block $Proxy.wrap("interfaces::Block") {
    height @0 :Int32;
    hash @1 :Text;
    prevHash @2 :Text $Proxy.name("prev_hash");
    time @3 :Int64;
    miner @4 :Text;
    reward @5 :Int64;
    transactions @6 :List(Transaction);
}

struct BlockSummary $Proxy.wrap("interfaces::BlockSummary") {
    height @0 :Int32;
    hash @1 :Text;
    time @2 :Int64;
    miner @3 :Text;
    transactionCount @4 :Int32 $Proxy.name("transaction_count");
}

struct NodeStatus $Proxy.wrap("interfaces::NodeStatus") {
    height @0 :Int32;
    tipHash @1 :Text $Proxy.name("tip_hash");
    mempoolSize @2 :Int32 $Proxy.name("mempool_size");
    wallets @3 :List(Text);
    datadir @4 :Text;
    # Added after v1; an old client ignores it.
    startTime @5 :Int64 $Proxy.name("start_time");
}

struct Balances $Proxy.wrap("interfaces::Balances") {
    confirmed @0 :Int64;
    unconfirmed @1 :Int64;
}

struct AddressInfo $Proxy.wrap("interfaces::AddressInfo") {
    address @0 :Text;
    label @1 :Text;
}

struct WalletTransaction $Proxy.wrap("interfaces::WalletTransaction") {
    txid @0 :Text;
    amount @1 :Int64;
    counterparty @2 :Text;
    height @3 :Int32;
    time @4 :Int64;
    coinbase @5 :Bool;
}
