#ifndef INTERFACES_HANDLER_H
#define INTERFACES_HANDLER_H

namespace interfaces {

//! A subscription (to notifications, or a registration). Destroying it, or
//! losing the connection it came over, ends the subscription.
class Handler
{
public:
    virtual ~Handler() = default;
    //! Ends the subscription now; the handler may still be destroyed later.
    virtual void disconnect() = 0;
};

} // namespace interfaces

#endif // INTERFACES_HANDLER_H
