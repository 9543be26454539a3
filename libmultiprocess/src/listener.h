// The accepting end of ListenForConnections and ListenOnAddress: one
// listener type for a listening socket given by the program and for one
// the library opened on an address, whose connections may need securing
// (TLS) before they are served.

#ifndef MP_SRC_LISTENER_H
#define MP_SRC_LISTENER_H

#include <mp/proxy-io.h>

#include <kj/async-io.h>

#include <functional>
#include <string>

namespace mp {

//! What a listener does with each accepted stream before serving it (a TLS
//! handshake, socket options). The promise fails with the reason to refuse
//! the connection, which the listener logs as a warning: "IPC server:
//! refused a connection " + description, so the description reads "from
//! PEER: REASON". Runs on the loop thread.
using SecureAccepted = std::function<kj::Promise<kj::Own<kj::AsyncIoStream>>(kj::Own<kj::AsyncIoStream>)>;

//! Accepts connections from receiver until stopped, passes each through
//! secure (if not null) and serves make_bootstrap's capability on it.
//! `address` is what Listening::address() reports. Loop thread.
Listening ListenOnReceiver(EventLoop& loop, kj::Own<kj::ConnectionReceiver> receiver,
                           std::function<capnp::Capability::Client(Connection&)> make_bootstrap,
                           ListenOptions options, SecureAccepted secure, std::string address);

} // namespace mp

#endif // MP_SRC_LISTENER_H
