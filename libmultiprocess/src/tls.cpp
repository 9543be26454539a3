// TlsSecurity: StreamSecurity with kj's TLS, and loading its files.

#include <mp/tls.h>

#include "tls-failure.h"

#include <mp/network.h>

#include <kj/compat/tls.h>
#include <kj/debug.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace mp {

namespace {

std::string ReadFile(const std::string& path, const char* what)
{
    if (path.empty()) throw std::runtime_error(std::string("TLS: no ") + what + " file given");
    std::ifstream file(path, std::ios::binary);
    if (!file) throw std::runtime_error("TLS: cannot read the " + std::string(what) + " file " + path + ": " + strerror(errno));
    std::ostringstream contents;
    contents << file.rdbuf();
    return contents.str();
}

//! Runs make (a kj constructor that parses PEM), turning its kj::Exception
//! into a std::runtime_error naming the file.
template <typename Make>
auto ParsePem(const std::string& path, const char* what, Make&& make) -> decltype(make())
{
    std::optional<decltype(make())> result;
    KJ_IF_MAYBE (error, kj::runCatchingExceptions([&] { result.emplace(make()); })) {
        throw std::runtime_error("TLS: " + path + " holds no valid " + what + " (" + error->getDescription().cStr() +
                                 ")");
    }
    return std::move(*result);
}

//! Each "-----BEGIN CERTIFICATE-----" block of a PEM file: kj trusts only
//! the first certificate of a chain it is given, so a trust file of several
//! certificates is split into one TlsCertificate each.
std::vector<std::string> CertificateBlocks(const std::string& pem)
{
    static const std::string kBegin = "-----BEGIN CERTIFICATE-----";
    static const std::string kEnd = "-----END CERTIFICATE-----";
    std::vector<std::string> blocks;
    size_t begin = pem.find(kBegin);
    while (begin != std::string::npos) {
        const size_t end = pem.find(kEnd, begin);
        if (end == std::string::npos) break;
        blocks.push_back(pem.substr(begin, end + kEnd.size() - begin) + "\n");
        begin = pem.find(kBegin, end);
    }
    return blocks;
}

//! Checks that the key belongs to the first certificate: OpenSSL would
//! otherwise drop the key silently and every handshake would fail with a
//! puzzling "no suitable signature algorithm".
void CheckKeyMatchesCertificate(const TlsConfig& config, const std::string& certificate_pem, const std::string& key_pem)
{
    using Bio = std::unique_ptr<BIO, decltype(&BIO_free)>;
    Bio certificate_bio(BIO_new_mem_buf(certificate_pem.data(), static_cast<int>(certificate_pem.size())), BIO_free);
    Bio key_bio(BIO_new_mem_buf(key_pem.data(), static_cast<int>(key_pem.size())), BIO_free);
    std::unique_ptr<X509, decltype(&X509_free)> certificate(
        PEM_read_bio_X509(certificate_bio.get(), nullptr, nullptr, nullptr), X509_free);
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
        PEM_read_bio_PrivateKey(key_bio.get(), nullptr, nullptr, nullptr), EVP_PKEY_free);
    const bool matches = certificate && key && X509_check_private_key(certificate.get(), key.get()) == 1;
    ERR_clear_error();
    if (!matches) {
        throw std::runtime_error("TLS: the key in " + config.key_file + " does not belong to the certificate in " +
                                 config.certificate_file);
    }
}

//! A TLS stream whose read and write errors are DISCONNECTED, whatever kj's
//! TLS made of OpenSSL's error: once the TLS session fails (an alert from
//! the peer, its end of the connection closed without a close_notify, a
//! corrupted record), the connection is gone, as when a Unix socket's peer
//! exits. Calls waiting on it then fail with DisconnectedError, and the RPC
//! system logs the reason at Debug level rather than as an error of this
//! process. The description is kept (ExplainTlsFailure reads it).
class DisconnectOnTlsError final : public kj::AsyncIoStream
{
public:
    explicit DisconnectOnTlsError(kj::Own<kj::AsyncIoStream> inner) : m_inner(kj::mv(inner)) {}

    kj::Promise<size_t> tryRead(void* buffer, size_t min_bytes, size_t max_bytes) override
    {
        return m_inner->tryRead(buffer, min_bytes, max_bytes).catch_([](kj::Exception&& error) -> size_t {
            kj::throwFatalException(AsDisconnect(kj::mv(error)));
        });
    }
    kj::Promise<void> write(const void* buffer, size_t size) override
    {
        return m_inner->write(buffer, size).catch_([](kj::Exception&& error) {
            kj::throwFatalException(AsDisconnect(kj::mv(error)));
        });
    }
    kj::Promise<void> write(kj::ArrayPtr<const kj::ArrayPtr<const kj::byte>> pieces) override
    {
        return m_inner->write(pieces).catch_([](kj::Exception&& error) {
            kj::throwFatalException(AsDisconnect(kj::mv(error)));
        });
    }
    kj::Promise<void> whenWriteDisconnected() override { return m_inner->whenWriteDisconnected(); }
    void shutdownWrite() override { m_inner->shutdownWrite(); }
    void abortRead() override { m_inner->abortRead(); }
    kj::Maybe<int> getFd() const override { return m_inner->getFd(); }

private:
    static kj::Exception AsDisconnect(kj::Exception&& error)
    {
        if (error.getType() == kj::Exception::Type::DISCONNECTED) return kj::mv(error);
        return kj::Exception(kj::Exception::Type::DISCONNECTED, error.getFile(), error.getLine(),
                             kj::heapString(error.getDescription()));
    }

    kj::Own<kj::AsyncIoStream> m_inner;
};

//! The secured stream, as a DisconnectOnTlsError, with owner (whose OpenSSL
//! context made it) attached.
kj::Promise<kj::Own<kj::AsyncIoStream>> Secured(kj::Promise<kj::Own<kj::AsyncIoStream>>&& handshake,
                                                std::shared_ptr<const StreamSecurity> owner)
{
    return handshake.then([owner = std::move(owner)](kj::Own<kj::AsyncIoStream> stream) mutable {
        return kj::Own<kj::AsyncIoStream>(kj::heap<DisconnectOnTlsError>(kj::mv(stream)).attach(std::move(owner)));
    });
}

//! Mutual TLS over kj::TlsContext. Immutable after construction: the
//! OpenSSL context underneath may make connections on several threads at
//! once. Each stream it returns keeps it alive.
class TlsSecurity final : public StreamSecurity, public std::enable_shared_from_this<TlsSecurity>
{
public:
    explicit TlsSecurity(const TlsConfig& config) : m_trust_file(config.trust_file), m_server_name(config.server_name)
    {
        const std::string certificate_pem = ReadFile(config.certificate_file, "certificate");
        const std::string key_pem = ReadFile(config.key_file, "key");
        const std::string trust_pem = ReadFile(config.trust_file, "trust");
        m_keypair = std::make_unique<kj::TlsKeypair>(kj::TlsKeypair{
            ParsePem(config.key_file, "private key",
                     [&] { return kj::TlsPrivateKey(kj::StringPtr(key_pem.c_str())); }),
            ParsePem(config.certificate_file, "certificate",
                     [&] { return kj::TlsCertificate(kj::StringPtr(certificate_pem.c_str())); })});
        CheckKeyMatchesCertificate(config, certificate_pem, key_pem);
        for (const std::string& block : CertificateBlocks(trust_pem)) {
            m_trusted.push_back(
                ParsePem(config.trust_file, "certificate", [&] { return kj::TlsCertificate(kj::StringPtr(block.c_str())); }));
        }
        if (m_trusted.empty()) throw std::runtime_error("TLS: the trust file " + config.trust_file + " holds no certificate");

        kj::TlsContext::Options options;
        // Only the trust file vouches for peers: a certificate some public
        // CA signed for anyone must not open the node.
        options.useSystemTrustStore = false;
        // Servers require a certificate from clients. Set on the client's
        // side too, it makes a client that does not trust the server abort
        // the handshake with an alert saying why, so the server learns it.
        options.verifyClients = true;
        options.minVersion = kj::TlsVersion::TLS_1_2; // and TLS 1.3, which OpenSSL prefers
        options.trustedCertificates = kj::ArrayPtr<const kj::TlsCertificate>(m_trusted.data(), m_trusted.size());
        options.defaultKeypair = *m_keypair;
        KJ_IF_MAYBE (error, kj::runCatchingExceptions([&] { m_context = std::make_unique<kj::TlsContext>(options); })) {
            throw std::runtime_error(std::string("TLS: cannot use ") + config.certificate_file + " and " +
                                     config.key_file + ": " + error->getDescription().cStr());
        }
    }

    kj::Promise<kj::Own<kj::AsyncIoStream>> secureClient(kj::Own<kj::AsyncIoStream> stream,
                                                          const SocketAddress& address) const override
    {
        const std::string& name = m_server_name.empty() ? address.host : m_server_name;
        return Secured(m_context->wrapClient(kj::mv(stream), name.c_str()), shared_from_this());
    }

    kj::Promise<kj::Own<kj::AsyncIoStream>> secureServer(kj::Own<kj::AsyncIoStream> stream) const override
    {
        return Secured(m_context->wrapServer(kj::mv(stream)), shared_from_this());
    }

    std::string explainFailure(const kj::Exception& error, bool is_server) const override
    {
        return ExplainTlsFailure(error, is_server, m_trust_file);
    }

    std::string name() const override { return "TLS"; }

private:
    std::string m_trust_file;
    std::string m_server_name;
    std::unique_ptr<kj::TlsKeypair> m_keypair;
    std::vector<kj::TlsCertificate> m_trusted;
    std::unique_ptr<kj::TlsContext> m_context;
};

} // namespace

std::shared_ptr<const StreamSecurity> MakeTlsSecurity(const TlsConfig& config)
{
    return std::make_shared<TlsSecurity>(config);
}

} // namespace mp
