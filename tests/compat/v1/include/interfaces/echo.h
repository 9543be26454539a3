#ifndef INTERFACES_ECHO_H
#define INTERFACES_ECHO_H

#include <string>

namespace interfaces {

//! The smallest round trip: returns its argument. For checking that a node
//! answers, and for measuring a call.
class Echo
{
public:
    virtual ~Echo() = default;
    virtual std::string echo(const std::string& text) = 0;
};

} // namespace interfaces

#endif // INTERFACES_ECHO_H
