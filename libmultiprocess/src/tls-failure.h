// Why a TLS connection failed, in words a user can act on, from the
// OpenSSL error kj's TLS reports.

#ifndef MP_SRC_TLS_FAILURE_H
#define MP_SRC_TLS_FAILURE_H

#include <kj/exception.h>

#include <string>

namespace mp {

//! Explains an error raised while a TLS connection was set up: on the
//! listening side (is_server) or the connecting side. Names who refused
//! whom and why (a certificate not trusted, expired or missing, a peer not
//! speaking TLS), ending with OpenSSL's own words in parentheses; an error
//! it does not recognize is returned as "TLS: DESCRIPTION". trust_file
//! names this side's trust file in advice.
std::string ExplainTlsFailure(const kj::Exception& error, bool is_server, const std::string& trust_file);

} // namespace mp

#endif // MP_SRC_TLS_FAILURE_H
