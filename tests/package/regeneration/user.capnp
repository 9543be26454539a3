# Imports base.capnp: touching this file must regenerate only this one.
@0xe3f1c1a2b4d50602;
using Proxy = import "/mp/proxy.capnp";
using Base = import "base.capnp";

struct Line {
    from @0 :Base.Point;
    to @1 :Base.Point;
}
