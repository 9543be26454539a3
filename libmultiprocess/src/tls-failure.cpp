// Explaining TLS failures (tls-failure.h).
//
// The side that finds a certificate wanting only learns "certificate verify
// failed" from OpenSSL; the other side learns the reason from the alert it
// receives ("certificate expired", "unknown ca"). So each side says what it
// can, and the other side's log says the rest.

#include "tls-failure.h"

#include <string_view>

namespace mp {

namespace {

bool Has(std::string_view text, std::string_view fragment) { return text.find(fragment) != std::string_view::npos; }

//! OpenSSL's words without kj's prefix and OpenSSL's error code:
//! "OpenSSL error; message = error:0A000415:SSL routines::sslv3 alert
//! certificate expired" becomes "sslv3 alert certificate expired".
std::string OpenSslWords(std::string_view description)
{
    const size_t routines = description.rfind("::");
    if (routines != std::string_view::npos) return std::string(description.substr(routines + 2));
    return std::string(description);
}

} // namespace

std::string ExplainTlsFailure(const kj::Exception& error, bool is_server, const std::string& trust_file)
{
    const std::string_view description = error.getDescription().cStr();
    const std::string peer = is_server ? "the client" : "the server";
    const std::string self = is_server ? "this server" : "this client";
    const std::string openssl = " (" + OpenSslWords(description) + ")";

    if (Has(description, "certificate verify failed")) {
        return peer + "'s certificate is not trusted: it must be signed by a certificate of the trust file " +
               trust_file + " (or be one of them) and be within its validity period" +
               (is_server ? "" : ", and it must name the host connected to") + "; " + peer +
               " was told why" + openssl;
    }
    if (Has(description, "alert unknown ca")) {
        return peer + " does not trust " + self + "'s certificate: no certificate of its trust file signed it" +
               openssl;
    }
    if (Has(description, "alert certificate expired")) {
        return peer + " refused " + self + "'s certificate: it has expired" + openssl;
    }
    if (Has(description, "alert certificate required") || Has(description, "peer did not return a certificate")) {
        return is_server ? "the client presented no certificate, and this server requires one" + openssl
                         : "the server requires a certificate, and this client presented none" + openssl;
    }
    if (Has(description, "alert bad certificate") || Has(description, "alert certificate unknown") ||
        Has(description, "alert unsupported certificate") || Has(description, "alert certificate revoked")) {
        return peer + " refused " + self + "'s certificate" +
               (is_server ? " (does it name the host the client connected to?)" : "") + openssl;
    }
    if (Has(description, "wrong version number") || Has(description, "packet length too long") ||
        Has(description, "unknown protocol") || Has(description, "http request") ||
        Has(description, "record layer failure")) {
        return peer + " is not speaking TLS" +
               (is_server ? " (is it connecting with TLS off?)" : " (is it listening with TLS off?)") + openssl;
    }
    if (error.getType() == kj::Exception::Type::DISCONNECTED || Has(description, "unexpected eof")) {
        return (is_server ? "the client closed the connection during the TLS handshake"
                          : "the server closed the connection before answering") +
               openssl;
    }
    return "TLS: " + std::string(description);
}

} // namespace mp
