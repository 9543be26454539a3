// Hashing and Ed25519 signatures for the sample ledger, on OpenSSL.

#ifndef LEDGER_CRYPTO_H
#define LEDGER_CRYPTO_H

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace ledger {

using Bytes = std::vector<unsigned char>;
using Hash256 = std::array<unsigned char, 32>;

Hash256 Sha256(const Bytes& data);

std::string HexEncode(const unsigned char* data, size_t size);
inline std::string HexEncode(const Bytes& data) { return HexEncode(data.data(), data.size()); }
inline std::string HexEncode(const Hash256& data) { return HexEncode(data.data(), data.size()); }
//! Throws std::invalid_argument if text is not even-length hex.
Bytes HexDecode(std::string_view text);

//! An Ed25519 key pair as raw 32-byte keys.
struct KeyPair
{
    Bytes private_key;
    Bytes public_key;
};

//! A new random key pair. Throws std::runtime_error if OpenSSL fails.
KeyPair GenerateKeyPair();
//! The public key of a raw private key.
Bytes PublicKeyOf(const Bytes& private_key);
//! A 64-byte signature of message.
Bytes Sign(const Bytes& private_key, const Bytes& message);
//! False for a bad signature, a malformed key or a malformed signature.
bool Verify(const Bytes& public_key, const Bytes& message, const Bytes& signature);

} // namespace ledger

#endif // LEDGER_CRYPTO_H
