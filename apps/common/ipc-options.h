// The IPC options the sample programs share: which addresses to use, and
// for tcp: addresses mutual TLS (or, explicitly, none) and how long a
// silent peer is waited for. One place for the flags, their help text and
// their checks; docs/multi-host.md explains them.

#ifndef MPSAMPLE_IPC_OPTIONS_H
#define MPSAMPLE_IPC_OPTIONS_H

#include <mp/network.h>

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace mpsample {

//! What the flags hold, as given.
struct IpcOptions
{
    std::string tls_cert;
    std::string tls_key;
    std::string tls_trust;
    std::string tls_server_name; //!< clients only
    bool insecure_plaintext_tcp = false;
    double tcp_timeout = 30; //!< seconds
};

//! A listening program (mpnode) or a connecting one.
enum class IpcRole { Server, Client };

//! Adds --tls-cert, --tls-key, --tls-trust, --tls-server-name (clients),
//! --insecure-plaintext-tcp and --tcp-timeout to app, in a group of their
//! own in --help.
void AddIpcOptions(CLI::App& app, IpcOptions& options, IpcRole role);

//! The library's options for the given addresses: TLS from the three files
//! when one of them is tcp:, loaded now. Throws std::invalid_argument when
//! a tcp: address has neither TLS files nor --insecure-plaintext-tcp, or
//! only some of the files are given, and std::runtime_error when a file is
//! unusable (the message names it). Warns (once) when TCP goes without TLS.
mp::NetworkOptions MakeNetworkOptions(const IpcOptions& options, const std::vector<std::string>& addresses);

//! The address a user gave, with "unix" alone standing for the node's
//! default socket: unix:NODE_DATADIR/node.sock; and an empty one for it too.
std::string ExpandNodeAddress(const std::string& address, const std::string& node_datadir);

//! The help text of a --connect option: the forms an address takes.
std::string ConnectHelp();

} // namespace mpsample

#endif // MPSAMPLE_IPC_OPTIONS_H
