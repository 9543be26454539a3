// Mutual TLS for TCP connections between hosts (mp/network.h), on kj's TLS
// (kj-tls, with OpenSSL underneath). In its own library, multiprocess_tls
// (CMake: Libmultiprocess::multiprocess_tls; pkg-config: libmultiprocess-tls),
// so that a program links TLS only if it uses it; this header includes no
// TLS header.
//
//   mp::NetworkOptions options;
//   options.security = mp::MakeTlsSecurity({.certificate_file = "node.pem",
//                                           .key_file = "node.key",
//                                           .trust_file = "ca.pem"});
//   mp::ListenAddress<messages::Init>(loop, "tcp:0.0.0.0:8332", init, options);
//
// Both sides present a certificate and check the other's against their
// trust file only (not the system's CAs): a server accepts only clients
// whose certificate its trust file vouches for, and a client talks only to
// a server whose certificate its trust file vouches for and which names
// the host it connected to. What TLS protects and what it does not:
// doc/usage.md, "Several hosts".

#ifndef MP_TLS_H
#define MP_TLS_H

#include <memory>
#include <string>

namespace mp {

class StreamSecurity;

//! The files of one side of mutual TLS. Plain data.
struct TlsConfig
{
    //! PEM: this process's certificate, presented to every peer, optionally
    //! followed by the intermediate certificates that signed it.
    std::string certificate_file;
    //! PEM: the certificate's private key, not encrypted. Keep it readable
    //! by this user only.
    std::string key_file;
    //! PEM: the certificates that vouch for peers. A CA certificate accepts
    //! every certificate it signed; a peer's own self-signed certificate
    //! accepts exactly that certificate (pinning it). Several may be
    //! concatenated.
    std::string trust_file;
    //! Client side: the name the server's certificate must carry (a DNS
    //! entry of its subjectAltName; kj compares a numeric address as such a
    //! name too). Empty: the host of the address connected to.
    std::string server_name;
};

//! Reads and checks the three files now and returns TLS for
//! NetworkOptions::security, usable by any number of connections and
//! listeners on any loops. Throws std::runtime_error naming the file and
//! what is wrong: unreadable, no certificate or key in it, a key that does
//! not belong to the certificate, a trust file without certificates.
std::shared_ptr<const StreamSecurity> MakeTlsSecurity(const TlsConfig& config);

} // namespace mp

#endif // MP_TLS_H
