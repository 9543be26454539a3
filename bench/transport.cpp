// Transports of the benchmark: names, certificates, and the port handshake
// of TCP server children.

#include "transport.h"

#include <kj/compat/tls.h>
#include <kj/debug.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sstream>
#include <stdexcept>
#include <sys/socket.h>
#include <system_error>
#include <unistd.h>

#ifndef MPBENCH_TLS_CERTS_TOOL
#error "MPBENCH_TLS_CERTS_TOOL must name libmultiprocess/tools/mp-tls-certs"
#endif

namespace mpbench {

namespace {

std::string ReadFile(const std::string& path)
{
    std::ifstream file(path);
    if (!file) throw std::runtime_error("cannot read " + path);
    std::ostringstream contents;
    contents << file.rdbuf();
    return contents.str();
}

void Run(const std::string& command)
{
    if (std::system((command + " >/dev/null").c_str()) != 0) throw std::runtime_error("failed: " + command);
}

//! The certificate directory, removed when the process exits.
struct CertificateDir
{
    std::string path;
    CertificateDir()
    {
        char dir[] = "/tmp/mpbench-tls-XXXXXX";
        if (!mkdtemp(dir)) throw std::system_error(errno, std::generic_category(), "mkdtemp");
        path = dir;
        const std::string tool = MPBENCH_TLS_CERTS_TOOL;
        Run(tool + " ca " + path + "/ca");
        Run(tool + " issue " + path + " server --ca " + path + "/ca --host 127.0.0.1");
        Run(tool + " issue " + path + " client --ca " + path + "/ca");
    }
    ~CertificateDir() { std::system(("rm -rf '" + path + "'").c_str()); }
};

} // namespace

std::string TransportName(Transport transport)
{
    switch (transport) {
    case Transport::UnixPair: return "";
    case Transport::Tcp: return "tcp";
    case Transport::Tls: return "tls";
    }
    return "";
}

Transport ParseTransport(const std::string& name)
{
    if (name == "tcp") return Transport::Tcp;
    if (name == "tls") return Transport::Tls;
    throw std::invalid_argument("unknown transport '" + name + "'");
}

std::vector<std::string> TransportArguments(Transport transport)
{
    if (transport == Transport::UnixPair) return {};
    if (transport == Transport::Tcp) return {"tcp"};
    return {"tls", TlsCertificateDir()};
}

const std::string& TlsCertificateDir()
{
    static CertificateDir dir;
    return dir.path;
}

kj::Own<kj::TlsContext> MakePlainTlsContext(const std::string& dir, const std::string& name)
{
    // Kept alive with the context: kj reads them in its constructor.
    struct Files
    {
        kj::TlsKeypair keypair;
        kj::TlsCertificate ca;
    };
    const std::string key = ReadFile(dir + "/" + name + ".key");
    const std::string certificate = ReadFile(dir + "/" + name + ".pem");
    const std::string ca = ReadFile(dir + "/ca/ca.pem");
    auto files = kj::heap<Files>(Files{kj::TlsKeypair{kj::TlsPrivateKey(kj::StringPtr(key.c_str())),
                                                      kj::TlsCertificate(kj::StringPtr(certificate.c_str()))},
                                       kj::TlsCertificate(kj::StringPtr(ca.c_str()))});
    kj::TlsContext::Options options;
    options.useSystemTrustStore = false;
    options.verifyClients = true;
    options.trustedCertificates = kj::arrayPtr(&files->ca, 1);
    options.defaultKeypair = files->keypair;
    return kj::heap<kj::TlsContext>(options).attach(kj::mv(files));
}

void SendPort(int control_fd, uint16_t port)
{
    if (write(control_fd, &port, sizeof(port)) != static_cast<ssize_t>(sizeof(port))) {
        throw std::system_error(errno, std::generic_category(), "write port");
    }
}

uint16_t ReceivePort(int control_fd)
{
    uint16_t port = 0;
    if (read(control_fd, &port, sizeof(port)) != static_cast<ssize_t>(sizeof(port))) {
        throw std::runtime_error("the server child did not say which port it listens on");
    }
    return port;
}

void WaitForEndOfFile(int control_fd)
{
    char byte;
    while (true) {
        const ssize_t count = read(control_fd, &byte, 1);
        if (count > 0 || (count < 0 && errno == EINTR)) continue;
        return;
    }
}

void NoDelay(kj::AsyncIoStream& stream)
{
    KJ_IF_MAYBE (fd, stream.getFd()) {
        int one = 1;
        setsockopt(*fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    }
}

} // namespace mpbench
