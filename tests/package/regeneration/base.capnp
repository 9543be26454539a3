# Imported by user.capnp: touching this file must regenerate both.
@0xe3f1c1a2b4d50601;
using Proxy = import "/mp/proxy.capnp";

struct Point {
    x @0 :Int32;
    y @1 :Int32;
}
