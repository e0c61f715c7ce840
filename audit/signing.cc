#include "audit/signing.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "audit/digest.h"

namespace usulan::audit {
namespace {

std::shared_ptr<EVP_PKEY> Own(EVP_PKEY* key) { return {key, EVP_PKEY_free}; }

using Bio = std::unique_ptr<BIO, decltype(&BIO_free)>;
using MdContext = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;

Bio ReadBio(std::string_view text) {
  return Bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())), BIO_free);
}

std::string Drain(BIO* bio) {
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  return size > 0 ? std::string(data, static_cast<size_t>(size)) : std::string();
}

bool IsEd25519(const std::shared_ptr<EVP_PKEY>& key) {
  return key && EVP_PKEY_get_base_id(key.get()) == EVP_PKEY_ED25519;
}

}  // namespace

VerifyingKey::VerifyingKey(std::shared_ptr<EVP_PKEY> key) : key_(std::move(key)) {
  unsigned char* der = nullptr;
  const int length = i2d_PUBKEY(key_.get(), &der);
  if (length > 0) {
    key_id_ = ToHex(
        Sha256(std::string_view(reinterpret_cast<const char*>(der), static_cast<size_t>(length))));
  }
  OPENSSL_free(der);
  Bio out(BIO_new(BIO_s_mem()), BIO_free);
  if (out && PEM_write_bio_PUBKEY(out.get(), key_.get()) == 1) pem_ = Drain(out.get());
}

absl::StatusOr<VerifyingKey> VerifyingKey::FromPem(std::string_view pem) {
  Bio in = ReadBio(pem);
  std::shared_ptr<EVP_PKEY> key = Own(PEM_read_bio_PUBKEY(in.get(), nullptr, nullptr, nullptr));
  if (!key) {
    in = ReadBio(pem);
    key = Own(PEM_read_bio_PrivateKey(in.get(), nullptr, nullptr, nullptr));
  }
  if (!IsEd25519(key)) {
    return absl::InvalidArgumentError("not an Ed25519 public key in PEM form");
  }
  VerifyingKey verifying(std::move(key));
  if (verifying.key_id_.empty() || verifying.pem_.empty()) {
    return absl::InvalidArgumentError("the Ed25519 public key cannot be encoded");
  }
  return verifying;
}

bool VerifyingKey::Verify(std::string_view message, std::string_view signature) const {
  if (signature.size() != 64) return false;
  MdContext context(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  if (!context || EVP_DigestVerifyInit(context.get(), nullptr, nullptr, nullptr, key_.get()) != 1) {
    return false;
  }
  return EVP_DigestVerify(context.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                          signature.size(), reinterpret_cast<const unsigned char*>(message.data()),
                          message.size()) == 1;
}

SigningKey::SigningKey(std::shared_ptr<EVP_PKEY> key, VerifyingKey verifying_key)
    : key_(std::move(key)), verifying_key_(std::move(verifying_key)) {}

absl::StatusOr<SigningKey> SigningKey::FromPem(std::string_view pem) {
  Bio in = ReadBio(pem);
  std::shared_ptr<EVP_PKEY> key = Own(PEM_read_bio_PrivateKey(in.get(), nullptr, nullptr, nullptr));
  if (!IsEd25519(key)) {
    return absl::InvalidArgumentError("not an Ed25519 private key in PEM form");
  }
  absl::StatusOr<VerifyingKey> verifying = VerifyingKey::FromPem(pem);
  if (!verifying.ok()) return verifying.status();
  return SigningKey(std::move(key), std::move(*verifying));
}

absl::StatusOr<std::string> SigningKey::GeneratePem() {
  std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> context(
      EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nullptr), EVP_PKEY_CTX_free);
  EVP_PKEY* raw = nullptr;
  if (!context || EVP_PKEY_keygen_init(context.get()) != 1 ||
      EVP_PKEY_keygen(context.get(), &raw) != 1) {
    return absl::InternalError("Ed25519 key generation failed");
  }
  std::shared_ptr<EVP_PKEY> key = Own(raw);
  Bio out(BIO_new(BIO_s_mem()), BIO_free);
  if (!out ||
      PEM_write_bio_PrivateKey(out.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    return absl::InternalError("Ed25519 key encoding failed");
  }
  return Drain(out.get());
}

absl::StatusOr<std::string> SigningKey::Sign(std::string_view message) const {
  MdContext context(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  std::string signature(64, '\0');
  size_t length = signature.size();
  if (!context || EVP_DigestSignInit(context.get(), nullptr, nullptr, nullptr, key_.get()) != 1 ||
      EVP_DigestSign(context.get(), reinterpret_cast<unsigned char*>(signature.data()), &length,
                     reinterpret_cast<const unsigned char*>(message.data()), message.size()) != 1 ||
      length != 64) {
    return absl::InternalError("Ed25519 signing failed");
  }
  return signature;
}

}  // namespace usulan::audit
