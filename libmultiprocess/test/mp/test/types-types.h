// Type conversions for types.capnp: one mp/type-*.h header per family the
// TypesInterface methods use.

#ifndef MP_TEST_TYPES_TYPES_H
#define MP_TEST_TYPES_TYPES_H

#include <mp/proxy-types.h>
#include <mp/type-char.h>
#include <mp/type-chrono.h>
#include <mp/type-data.h>
#include <mp/type-interface.h>
#include <mp/type-map.h>
#include <mp/type-message.h>
#include <mp/type-number.h>
#include <mp/type-optional.h>
#include <mp/type-pair.h>
#include <mp/type-pointer.h>
#include <mp/type-set.h>
#include <mp/type-string.h>
#include <mp/type-struct.h>
#include <mp/type-tuple.h>
#include <mp/type-vector.h>

#include <mp/test/types.h>

#endif // MP_TEST_TYPES_TYPES_H
