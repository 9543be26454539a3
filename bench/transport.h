// The transports mpbench measures each side over: a Unix socketpair (the
// default rows), TCP on the loopback interface, and TCP with mutual TLS.
// Both plain Cap'n Proto and libmultiprocess run over each, so that a
// ratio always compares the two on the same transport.
//
// A TCP server child listens on 127.0.0.1 port 0 and sends the port it got
// over its control socket (the socketpair ChildProcess made), then serves
// until that socket reaches end of file.

#ifndef MPBENCH_TRANSPORT_H
#define MPBENCH_TRANSPORT_H

#include <kj/async-io.h>

#include <cstdint>
#include <string>
#include <vector>

namespace kj {
class TlsContext;
} // namespace kj

namespace mpbench {

enum class Transport { UnixPair, Tcp, Tls };

//! "tcp", "tls" (and "" for the socketpair): the prefix of the row names
//! ("capnp-tls/add"), and the argument a server child is started with.
std::string TransportName(Transport transport);
//! The inverse, for a child's arguments; throws for an unknown name.
Transport ParseTransport(const std::string& name);

//! The arguments after the control fd that start a server child for
//! transport: {"tcp"}, or {"tls", CERT_DIR}.
std::vector<std::string> TransportArguments(Transport transport);

//! Certificates for the TLS rows, made once per process with
//! libmultiprocess/tools/mp-tls-certs in a temporary directory (removed at
//! exit): ca/ca.pem, server.pem/.key, client.pem/.key.
const std::string& TlsCertificateDir();

//! A kj TLS context as a plain Cap'n Proto program would set one up for
//! mutual TLS with certificate `name` of dir ("server", "client"): no
//! system CAs, peers must present a certificate of the CA.
kj::Own<kj::TlsContext> MakePlainTlsContext(const std::string& dir, const std::string& name);

//! Child: reports the TCP port it listens on. Parent: waits for it.
void SendPort(int control_fd, uint16_t port);
uint16_t ReceivePort(int control_fd);
//! Child: blocks until the parent closes the control socket.
void WaitForEndOfFile(int control_fd);

//! Sets TCP_NODELAY on a TCP stream (small calls must not wait for Nagle).
void NoDelay(kj::AsyncIoStream& stream);

} // namespace mpbench

#endif // MPBENCH_TRANSPORT_H
