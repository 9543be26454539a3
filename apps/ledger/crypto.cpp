#include "crypto.h"

#include <openssl/evp.h>
#include <openssl/sha.h>

#include <memory>
#include <stdexcept>

namespace ledger {
namespace {

struct PkeyFree
{
    void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct PkeyCtxFree
{
    void operator()(EVP_PKEY_CTX* ctx) const { EVP_PKEY_CTX_free(ctx); }
};
struct MdCtxFree
{
    void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;

[[noreturn]] void Fail(const char* what) { throw std::runtime_error(std::string("OpenSSL: ") + what + " failed"); }

PkeyPtr PrivateKey(const Bytes& private_key)
{
    if (private_key.size() != 32) throw std::invalid_argument("private key must be 32 bytes");
    PkeyPtr key(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, private_key.data(), private_key.size()));
    if (!key) Fail("EVP_PKEY_new_raw_private_key");
    return key;
}

Bytes RawPublicKey(EVP_PKEY* key)
{
    Bytes out(32);
    size_t size = out.size();
    if (EVP_PKEY_get_raw_public_key(key, out.data(), &size) != 1 || size != 32) Fail("EVP_PKEY_get_raw_public_key");
    return out;
}

} // namespace

Hash256 Sha256(const Bytes& data)
{
    Hash256 out;
    SHA256(data.data(), data.size(), out.data());
    return out;
}

std::string HexEncode(const unsigned char* data, size_t size)
{
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(size * 2);
    for (size_t i = 0; i < size; ++i) {
        out += digits[data[i] >> 4];
        out += digits[data[i] & 15];
    }
    return out;
}

Bytes HexDecode(std::string_view text)
{
    auto value = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    if (text.size() % 2) throw std::invalid_argument("hex text has an odd length");
    Bytes out;
    out.reserve(text.size() / 2);
    for (size_t i = 0; i < text.size(); i += 2) {
        const int high = value(text[i]), low = value(text[i + 1]);
        if (high < 0 || low < 0) throw std::invalid_argument("not a hex digit in '" + std::string(text) + "'");
        out.push_back(static_cast<unsigned char>(high * 16 + low));
    }
    return out;
}

KeyPair GenerateKeyPair()
{
    std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree> ctx(EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nullptr));
    if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1) Fail("EVP_PKEY_keygen_init");
    EVP_PKEY* raw = nullptr;
    if (EVP_PKEY_keygen(ctx.get(), &raw) != 1) Fail("EVP_PKEY_keygen");
    PkeyPtr key(raw);
    KeyPair pair;
    pair.private_key.resize(32);
    size_t size = 32;
    if (EVP_PKEY_get_raw_private_key(key.get(), pair.private_key.data(), &size) != 1 || size != 32) {
        Fail("EVP_PKEY_get_raw_private_key");
    }
    pair.public_key = RawPublicKey(key.get());
    return pair;
}

Bytes PublicKeyOf(const Bytes& private_key)
{
    return RawPublicKey(PrivateKey(private_key).get());
}

Bytes Sign(const Bytes& private_key, const Bytes& message)
{
    PkeyPtr key = PrivateKey(private_key);
    MdCtxPtr ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) != 1) Fail("EVP_DigestSignInit");
    Bytes signature(64);
    size_t size = signature.size();
    if (EVP_DigestSign(ctx.get(), signature.data(), &size, message.data(), message.size()) != 1 || size != 64) {
        Fail("EVP_DigestSign");
    }
    return signature;
}

bool Verify(const Bytes& public_key, const Bytes& message, const Bytes& signature)
{
    if (public_key.size() != 32 || signature.size() != 64) return false;
    PkeyPtr key(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, public_key.data(), public_key.size()));
    if (!key) return false;
    MdCtxPtr ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) != 1) return false;
    return EVP_DigestVerify(ctx.get(), signature.data(), signature.size(), message.data(), message.size()) == 1;
}

} // namespace ledger
