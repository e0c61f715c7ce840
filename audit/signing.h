// Ed25519 keys of the audit trail (OpenSSL): the service signs checkpoints with
// its private key; anyone verifies them with the public key, offline, e.g.
//   openssl pkeyutl -verify -pubin -inkey audit.pub -rawin -in checkpoint.bin
//       -sigfile checkpoint.sig        (one command line)
// Keys travel as PEM (PKCS#8 private, SubjectPublicKeyInfo public), the format of
// `openssl genpkey -algorithm ed25519`. A key's id is the lower-case hex SHA-256 of
// its public key's DER encoding:
//   openssl pkey -pubin -in audit.pub -outform DER | sha256sum
// Pure apart from key generation (which draws on OpenSSL's random source); every
// method is thread-safe (the keys are immutable).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

typedef struct evp_pkey_st EVP_PKEY;

namespace usulan::audit {

class VerifyingKey {
 public:
  // INVALID_ARGUMENT unless `pem` is an Ed25519 public key (or a private key, whose
  // public half is taken).
  static absl::StatusOr<VerifyingKey> FromPem(std::string_view pem);

  // True when `signature` (64 bytes) is this key's Ed25519 signature of `message`.
  bool Verify(std::string_view message, std::string_view signature) const;

  const std::string& key_id() const { return key_id_; }
  const std::string& pem() const { return pem_; }  // SubjectPublicKeyInfo PEM

 private:
  explicit VerifyingKey(std::shared_ptr<EVP_PKEY> key);
  std::shared_ptr<EVP_PKEY> key_;
  std::string key_id_;
  std::string pem_;
};

class SigningKey {
 public:
  // INVALID_ARGUMENT unless `pem` is an Ed25519 private key (PKCS#8 PEM).
  static absl::StatusOr<SigningKey> FromPem(std::string_view pem);
  // A new random key as PKCS#8 PEM. INTERNAL if OpenSSL fails.
  static absl::StatusOr<std::string> GeneratePem();

  // The 64-byte Ed25519 signature of `message` (Ed25519 signs the message itself,
  // no pre-hash). INTERNAL if OpenSSL fails.
  absl::StatusOr<std::string> Sign(std::string_view message) const;

  const VerifyingKey& verifying_key() const { return verifying_key_; }

 private:
  SigningKey(std::shared_ptr<EVP_PKEY> key, VerifyingKey verifying_key);
  std::shared_ptr<EVP_PKEY> key_;
  VerifyingKey verifying_key_;
};

}  // namespace usulan::audit
