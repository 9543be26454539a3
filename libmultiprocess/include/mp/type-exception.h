// Exceptions. A std::exception thrown by a server implementation reaches
// the client as std::runtime_error with the same what() (see
// exception-conversion.h); nothing needs including for that. This header
// is the home of the $Proxy.exception result-field conversions.

#ifndef MP_TYPE_EXCEPTION_H
#define MP_TYPE_EXCEPTION_H

#include <mp/exception-conversion.h>
#include <mp/proxy-types.h>

#endif // MP_TYPE_EXCEPTION_H
