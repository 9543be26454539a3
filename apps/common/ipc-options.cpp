#include "ipc-options.h"

#include "datadir.h"
#include "logging.h"

#include <mp/address.h>
#include <mp/tls.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>

namespace mpsample {

void AddIpcOptions(CLI::App& app, IpcOptions& options, IpcRole role)
{
    const std::string group = "IPC over TCP (tcp: addresses; see docs/multi-host.md)";
    const char* side = role == IpcRole::Server ? "clients" : "the node";
    app.add_option("--tls-cert", options.tls_cert, "PEM file: this program's certificate, presented to " +
                                                         std::string(side))
        ->group(group);
    app.add_option("--tls-key", options.tls_key, "PEM file: the private key of --tls-cert")->group(group);
    app.add_option("--tls-trust", options.tls_trust,
                   std::string("PEM file: the certificates that vouch for ") + side +
                       " (a CA, or a peer's own certificate to pin it); nothing else is trusted")
        ->group(group);
    if (role == IpcRole::Client) {
        app.add_option("--tls-server-name", options.tls_server_name,
                       "The name the node's certificate must carry (default: the HOST of --connect)")
            ->group(group);
    }
    app.add_flag("--insecure-plaintext-tcp", options.insecure_plaintext_tcp,
                 "Use tcp: addresses without TLS: anyone who can reach the port can then call every method, and "
                 "anyone on the way can read and change the traffic. Only for a network you trust entirely.")
        ->group(group);
    app.add_option("--tcp-timeout", options.tcp_timeout,
                   "A TCP peer that acknowledges nothing for SECONDS is taken for gone: its calls fail instead of "
                   "waiting (a cut link sends no reset)")
        ->check(CLI::PositiveNumber)
        ->capture_default_str()
        ->group(group);
}

mp::NetworkOptions MakeNetworkOptions(const IpcOptions& options, const std::vector<std::string>& addresses)
{
    mp::NetworkOptions network;
    network.peer_timeout = std::chrono::milliseconds(static_cast<long long>(options.tcp_timeout * 1000));
    const auto tcp = std::find_if(addresses.begin(), addresses.end(),
                                  [](const std::string& address) { return mp::ParseSocketAddress(address).isTcp(); });
    if (tcp == addresses.end()) return network;
    const int files = !options.tls_cert.empty() + !options.tls_key.empty() + !options.tls_trust.empty();
    if (files == 0 && !options.insecure_plaintext_tcp) {
        throw std::invalid_argument(*tcp + ": TCP connections use TLS: give --tls-cert, --tls-key and --tls-trust "
                                           "(see docs/multi-host.md), or --insecure-plaintext-tcp");
    }
    if (files != 0 && options.insecure_plaintext_tcp) {
        throw std::invalid_argument("--insecure-plaintext-tcp and the --tls-* files contradict each other");
    }
    if (options.insecure_plaintext_tcp) {
        network.allow_plaintext_tcp = true;
        Log(Level::Warning, "--insecure-plaintext-tcp: " + *tcp +
                                " without TLS: anyone who can reach the port can call every method, and the "
                                "traffic can be read and changed on the way");
        return network;
    }
    if (files != 3) throw std::invalid_argument("TLS needs all three of --tls-cert, --tls-key and --tls-trust");
    network.security = mp::MakeTlsSecurity({options.tls_cert, options.tls_key, options.tls_trust, options.tls_server_name});
    return network;
}

std::string ExpandNodeAddress(const std::string& address, const std::string& node_datadir)
{
    if (address.empty() || address == "unix") return "unix:" + node_datadir + "/node.sock";
    return address;
}

std::string ConnectHelp()
{
    return "The node's address: unix:PATH (or PATH), tcp:HOST:PORT or tcp:[IPV6]:PORT (default: unix:" +
           DefaultDatadir("node") + "/node.sock)";
}

} // namespace mpsample
