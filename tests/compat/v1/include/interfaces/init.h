#ifndef INTERFACES_INIT_H
#define INTERFACES_INIT_H

#include <interfaces/chain.h>
#include <interfaces/echo.h>
#include <interfaces/node.h>

#include <memory>

namespace interfaces {

//! The first object a process gets from mpnode (the connection's bootstrap
//! capability): a factory for the node's other interfaces.
class Init
{
public:
    virtual ~Init() = default;
    virtual std::unique_ptr<Node> makeNode() = 0;
    virtual std::unique_ptr<Chain> makeChain() = 0;
    virtual std::unique_ptr<Echo> makeEcho() = 0;
};

} // namespace interfaces

#endif // INTERFACES_INIT_H
