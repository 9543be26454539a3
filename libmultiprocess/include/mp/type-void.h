// Methods that return nothing need no conversion; kept for types headers
// that include it.

#ifndef MP_TYPE_VOID_H
#define MP_TYPE_VOID_H

#include <mp/proxy-types.h>

#endif // MP_TYPE_VOID_H
