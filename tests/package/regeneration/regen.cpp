// Compiles the generated code of user.capnp (and so of base.capnp).
#include <user.capnp.proxy-types.h>

int RegenerationTestSymbol() { return 0; }
