// PlaintextGuard: the stream of a plaintext TCP connection a listener
// accepted, which recognizes a client that starts a TLS handshake instead
// of sending Cap'n Proto messages, and says so.

#ifndef MP_SRC_PLAINTEXT_GUARD_H
#define MP_SRC_PLAINTEXT_GUARD_H

#include <kj/async-io.h>

#include <string>

namespace mp {

//! Wraps stream (owned). The first bytes read are checked: a TLS record
//! header (a ClientHello) fails that read with an exception saying that the
//! client speaks TLS to a plaintext listener, which closes the connection
//! with that reason logged (the RPC system aborts on the failed read);
//! anything else passes through untouched. Everything else is forwarded.
//! `peer` names the client in the message. Loop thread, like the stream.
kj::Own<kj::AsyncIoStream> NewPlaintextGuard(kj::Own<kj::AsyncIoStream> stream, std::string peer);

} // namespace mp

#endif // MP_SRC_PLAINTEXT_GUARD_H
