#ifndef DIAG_CONTAINERS_TYPES_H
#define DIAG_CONTAINERS_TYPES_H
#include <mp/proxy-types.h>
#include <mp/type-data.h>
#include <mp/type-number.h>
#include <mp/type-optional.h>
#include <mp/type-vector.h>
#endif
