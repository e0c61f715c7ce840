#include "tests/support/dev_tokens.h"

#include <cstdlib>
#include <fstream>
#include <iostream>

#include "auth/jwk_key_set.h"

namespace usulan::testing {

const auth::SigningKeyPair& TestIssuer() {
  static const auth::SigningKeyPair issuer = [] {
    auto pair = auth::GenerateSigningKey("EdDSA", "test-issuer");
    if (!pair.ok()) {
      std::cerr << "test issuer key: " << pair.status() << "\n";
      std::abort();
    }
    return *pair;
  }();
  return issuer;
}

std::string TestJwks() { return auth::MakeJwks({TestIssuer().public_jwk}); }

void WriteTestJwks(const std::filesystem::path& path) { std::ofstream(path) << TestJwks(); }

namespace {

std::string Mint(const auth::MintRequest& request) {
  auto token = auth::MintToken(TestIssuer().private_jwk, request);
  return token.ok() ? *token : "minting failed: " + std::string(token.status().message());
}

}  // namespace

std::string TestToken(const std::string& subject, workflow::Role role, const std::string& region,
                      int64_t now) {
  auth::MintRequest request;
  request.subject = subject;
  request.role = role;
  request.region = region;
  request.issued_at = now;
  return Mint(request);
}

std::string CitizenToken(const std::string& subject, const std::string& desa,
                         const std::string& nik, const std::string& kk, int64_t now) {
  auth::MintRequest request;
  request.subject = subject;
  request.role = workflow::Role::kCitizen;
  request.region = desa;
  request.nik = nik;
  request.kk = kk;
  request.issued_at = now;
  return Mint(request);
}

}  // namespace usulan::testing
