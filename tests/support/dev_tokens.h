// Bearer tokens for tests, from one development issuer key per test process
// (auth/dev_issuer.h): the in-process server trusts its public key, and a server
// started as a process reads it from the JWKS file WriteTestJwks writes.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "auth/dev_issuer.h"

namespace usulan::testing {

// The process's Ed25519 issuer key (kid "test-issuer"); made on first use.
const auth::SigningKeyPair& TestIssuer();

// {"keys":[TestIssuer()'s public key]}, and the same written to `path`.
std::string TestJwks();
void WriteTestJwks(const std::filesystem::path& path);

// A token for `subject` acting as `role` in `region`, issued at `now` (unix
// seconds) for an hour, with the server's default issuer, audience and claims.
std::string TestToken(const std::string& subject, workflow::Role role, const std::string& region,
                      int64_t now);

// A citizen's token: role citizen in `desa`, with their NIK and KK claims.
std::string CitizenToken(const std::string& subject, const std::string& desa,
                         const std::string& nik, const std::string& kk, int64_t now);

}  // namespace usulan::testing
