# Annotations and built-in interfaces used by libmultiprocess.
#
# This file is part of the wire protocol: the file ID below, and the names of
# the items in it (from which Cap'n Proto derives their type IDs), must never
# change. Processes built from different versions of the library talk to each
# other only as long as they agree on it.

@0xcc316e3f71a040fb;

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("mp");

# Header to #include in the generated proxy files (the C++ classes wrapped).
annotation include(file) :Text;

# Header to #include in the generated proxy-types files (the type conversions
# this file's interfaces need, usually a project header including mp/type-*.h).
annotation includeTypes(file) :Text;

# C++ class an interface wraps (ProxyClient derives from it, ProxyServer calls
# into it), or C++ struct a capnp struct is copied to and from field by field.
annotation wrap(interface, struct) :Text;

# How many C++ parameters one capnp parameter stands for. 0 means none: the
# field is filled from the call's context (e.g. Context, ThreadMap).
annotation count(param, struct, interface) :Int32;

# A result field carrying a C++ exception of the named type, rethrown on the
# client side.
annotation exception(param) :Text;

# The C++ name of a field or method, where it differs from the capnp name.
annotation name(field, method) :Text;

# The field has no C++ counterpart (same as $count(0)).
annotation skip(field) :Void;

# Creates threads in the process that serves it. Each client thread that calls
# methods taking a Context gets one dedicated server thread through this.
interface ThreadMap $count(0) {
    makeThread @0 (name :Text) -> (result :Thread);
}

# A thread that can run calls: a server thread made by ThreadMap.makeThread,
# or a client thread waiting for a reply (for callbacks).
interface Thread {
    getName @0 () -> (result :Text);
}

# First parameter of every method that should run on a mapped thread.
struct Context $count(0) {
    # Thread in the receiving process that runs the call.
    thread @0 :Thread;
    # Thread in the calling process that runs callbacks made during the call.
    callbackThread @1 :Thread;
}
