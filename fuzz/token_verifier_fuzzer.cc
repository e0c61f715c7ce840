// Bearer tokens as a client sends them, through the verifier every call passes
// (auth/token_verifier.h), against a fixed key set: the EdDSA key below (made for
// fuzzing, trusted by nothing else) and a development HS256 secret.
//
// Input: one mode byte, then
//   'T'  a compact JWS as sent (any bytes);
//   'M'  edits of a valid EdDSA token minted at start-up: each three bytes are a
//        position (two bytes), an operation (replace, insert, delete) and a byte;
//   'C'  a claims payload (any bytes), signed with the HS256 secret, so the claim
//        checks (auth/claims.h) see payloads the signature does not stop;
//   other mode bytes read as 'T'.
//
// Properties, each an abort when broken: the verifier answers OK or
// UNAUTHENTICATED (never another code for what a client sent); a refusal's reason
// is short; an edited token is accepted only when its edits left it unchanged or
// left the signed header and payload as they were; the unedited token is accepted.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "auth/dev_issuer.h"
#include "auth/jwk_key_set.h"
#include "auth/key_source.h"
#include "auth/token_verifier.h"
#include "fuzz/fail.h"

namespace {

using usulan::auth::TokenVerifier;

constexpr int64_t kNow = 1'780'000'000;
constexpr char kEdPrivateJwk[] =
    R"({"kty":"OKP","crv":"Ed25519","alg":"EdDSA","kid":"fuzz-ed",)"
    R"("x":"w-lBu2OYUa1N0ilGGF1VHbDWQZnXZFurttu09fkoI-A",)"
    R"("d":"5vmo6lQ68l1SKn0ZwB5N6ytoMOuWvXWR1eH3dGc_dNs"})";
constexpr char kEdPublicJwk[] =
    R"({"kty":"OKP","crv":"Ed25519","alg":"EdDSA","kid":"fuzz-ed",)"
    R"("x":"w-lBu2OYUa1N0ilGGF1VHbDWQZnXZFurttu09fkoI-A"})";
constexpr char kDevSecret[] = "fuzz-dev-hs256-secret-of-32-byte";
// base64url of kDevSecret, as an oct JWK holds it.
constexpr char kDevOctJwk[] =
    R"({"kty":"oct","alg":"HS256","kid":"dev","k":"ZnV6ei1kZXYtaHMyNTYtc2VjcmV0LW9mLTMyLWJ5dGU"})";

void Fail(const char* what, const std::string& detail = "") {
  usulan::fuzz::Fail("token_verifier", what, detail);
}

struct Fixture {
  std::unique_ptr<TokenVerifier> verifier;
  std::string valid_token;
};

const Fixture& Fix() {
  static const Fixture* fixture = [] {
    auto keys = usulan::auth::KeySet::Parse(usulan::auth::MakeJwks({kEdPublicJwk}));
    if (!keys.ok()) Fail("the fixed JWKS does not parse", keys.status().ToString());
    usulan::auth::TokenVerifierOptions options;
    options.dev_hs256_key = kDevSecret;
    auto* made = new Fixture;
    made->verifier = std::make_unique<TokenVerifier>(
        options, std::make_shared<usulan::auth::StaticKeySource>(std::move(*keys)));
    usulan::auth::MintRequest request;
    request.subject = "operator.3201012001";
    request.role = usulan::workflow::Role::kVillageOperator;
    request.region = "3201012001";
    request.issued_at = kNow - 60;
    auto token = usulan::auth::MintToken(kEdPrivateJwk, request);
    if (!token.ok()) Fail("minting the valid token failed", token.status().ToString());
    made->valid_token = *token;
    if (!made->verifier->Verify(made->valid_token, kNow).ok()) Fail("the valid token is refused");
    return made;
  }();
  return *fixture;
}

// The token after the edits, in order.
std::string Edit(std::string token, std::string_view edits) {
  for (size_t i = 0; i + 3 <= edits.size() && !token.empty(); i += 3) {
    const size_t at = (static_cast<unsigned char>(edits[i]) |
                       static_cast<unsigned char>(edits[i + 1]) << 8) % token.size();
    const char value = edits[i + 2];
    switch (static_cast<unsigned char>(value) % 3) {
      case 0: token[at] = value; break;
      case 1: token.insert(token.begin() + at, value); break;
      default: token.erase(at, 1); break;
    }
  }
  return token;
}

void CheckAnswer(const absl::StatusOr<usulan::workflow::Actor>& actor) {
  if (actor.ok()) return;
  if (actor.status().code() != absl::StatusCode::kUnauthenticated) {
    Fail("answered neither OK nor UNAUTHENTICATED:", actor.status().ToString());
  }
  if (actor.status().message().size() > 120) Fail("a refusal's reason is not short");
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  Fix();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  const Fixture& fixture = Fix();
  switch (data[0]) {
    case 'M': {
      const std::string edited = Edit(fixture.valid_token, rest);
      auto actor = fixture.verifier->Verify(edited, kNow);
      CheckAnswer(actor);
      // The signature's own spelling may vary (base64url's unused low bits), but
      // an accepted token must carry the signed header and payload unchanged.
      const std::string_view valid = fixture.valid_token;
      if (actor.ok() && std::string_view(edited).substr(0, edited.rfind('.')) !=
                            valid.substr(0, valid.rfind('.'))) {
        Fail("an edited header or payload was accepted");
      }
      return 0;
    }
    case 'C': {
      auto token = usulan::auth::SignJwt(kDevOctJwk, std::string(rest));
      if (!token.ok()) return 0;  // rhonabwy refuses to sign some payloads
      CheckAnswer(fixture.verifier->Verify(*token, kNow));
      return 0;
    }
    default:
      CheckAnswer(fixture.verifier->Verify(rest, kNow));
      return 0;
  }
}
