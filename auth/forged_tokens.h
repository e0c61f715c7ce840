// Test support (not linked into the server): the forged and broken tokens that
// the verifier must refuse, each named, built against a given issuer key so that
// the unit tests (token_verifier_test.cc) and the end-to-end test through gRPC
// (tests/e2e/forged_token_e2e_test.cc) run the same cases.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "auth/dev_issuer.h"

namespace usulan::auth::testing {

struct ForgedToken {
  std::string name;   // a gtest-friendly name: letters, digits, underscores
  std::string token;
  std::string reason;  // a part of the refusal's message: it failed for this reason
};
inline void PrintTo(const ForgedToken& forged, std::ostream* out) { *out << forged.name; }

// A valid village operator's claims (desa 3201012001) issued at `now`, with the
// default claim policy (ClaimPolicy()).
MintRequest ValidRequest(int64_t now);

// A valid citizen's claims (desa 3201012001, the NIK and KK below) issued at `now`.
inline constexpr const char* kCitizenNik = "3201014107900001";
inline constexpr const char* kCitizenKk = "3201010101900001";
MintRequest ValidCitizenRequest(int64_t now);

// Every forged case. `issuer` is an EdDSA key pair whose public key the verifier
// trusts (its kid included); each token differs from a valid one in one respect.
std::vector<ForgedToken> ForgedTokens(const SigningKeyPair& issuer, int64_t now);

// base64url without padding (JWS), for hand-built tokens.
std::string Base64Url(std::string_view raw);

}  // namespace usulan::auth::testing
