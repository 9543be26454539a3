// Conversions between C++ exceptions and kj::Exception at the edges of a
// call: a server turns what its implementation threw into a kj::Exception
// that Cap'n Proto sends back; a client turns the kj::Exception it receives
// into the C++ exception the caller sees.

#ifndef MP_EXCEPTION_CONVERSION_H
#define MP_EXCEPTION_CONVERSION_H

#include <kj/exception.h>

#include <exception>
#include <stdexcept>
#include <string>

namespace mp {

//! Why a connection is gone, as DisconnectedError reports it.
inline constexpr const char* kPeerGoneReason = "the other process exited or closed the connection";
inline constexpr const char* kShutdownReason = "this process is shutting down";

//! Thrown by a client call whose connection is gone (or goes away before
//! the reply arrives). Its message names the interface and method and says
//! the peer disconnected, e.g. "FooInterface.add: IPC peer disconnected (the
//! other process exited or closed the connection)".
class DisconnectedError : public std::runtime_error
{
public:
    explicit DisconnectedError(const std::string& method_name, const char* reason = kPeerGoneReason);
};

//! The C++ exception a client call throws for a kj::Exception: a
//! DisconnectedError when the peer went away (with `reason`), else
//! std::runtime_error with the server's message (Cap'n Proto's "remote
//! exception: " prefix removed). Returned as an exception_ptr so that the
//! DisconnectedError keeps its type.
std::exception_ptr ToCppException(const kj::Exception& exception, const char* method_name,
                                  const char* disconnect_reason = kPeerGoneReason);

//! The kj::Exception a server sends back for what its implementation threw:
//! kj::Exceptions pass through, std::exceptions carry their what(), anything
//! else becomes "unknown exception".
kj::Exception ToKjException(std::exception_ptr exception, const char* method_name);

} // namespace mp

#endif // MP_EXCEPTION_CONVERSION_H
