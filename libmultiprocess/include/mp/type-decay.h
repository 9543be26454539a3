// References and cv-qualifiers on parameter types.
//
// BuildField and ReadField remove them before choosing a conversion, so a
// `const std::string&` parameter uses the std::string conversion and custom
// overloads are written for plain types. This header exists so that types
// headers written for other versions of the library, which include it,
// keep building.

#ifndef MP_TYPE_DECAY_H
#define MP_TYPE_DECAY_H

#include <mp/proxy-types.h>

#endif // MP_TYPE_DECAY_H
