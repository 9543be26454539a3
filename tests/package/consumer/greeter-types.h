#ifndef MP_PACKAGE_TEST_GREETER_TYPES_H
#define MP_PACKAGE_TEST_GREETER_TYPES_H

// Type conversions the generated greeter.capnp proxy code needs.
#include <mp/type-context.h>
#include <mp/type-data.h>
#include <mp/type-decay.h>
#include <mp/type-function.h>
#include <mp/type-number.h>
#include <mp/type-string.h>
#include <mp/type-threadmap.h>

#endif // MP_PACKAGE_TEST_GREETER_TYPES_H
