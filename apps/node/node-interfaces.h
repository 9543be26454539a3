// The node's implementations of the sample's interfaces: what mpnode serves
// to its clients. Each class adapts an interface onto ChainState, Notifier
// and WalletRegistry; none holds state of its own.

#ifndef MPNODE_NODE_INTERFACES_H
#define MPNODE_NODE_INTERFACES_H

#include "chain-state.h"
#include "notifier.h"
#include "wallet-registry.h"

#include <interfaces/init.h>

#include <cstdint>
#include <memory>
#include <string>

namespace mpnode {

//! What the interface implementations work on; owned by main().
struct NodeContext
{
    ChainState& chain;
    Notifier& notifier;
    WalletRegistry& wallets;
    std::string datadir;
    //! When this node started, seconds since the epoch (NodeStatus).
    int64_t start_time = 0;
};

//! The bootstrap object served on every connection.
std::unique_ptr<interfaces::Init> MakeInit(NodeContext& context);

} // namespace mpnode

#endif // MPNODE_NODE_INTERFACES_H
