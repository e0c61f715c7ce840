#include "tools/usulanctl/token_commands.h"

#include <sys/stat.h>

#include <chrono>
#include <fstream>
#include <iostream>

#include "absl/strings/numbers.h"
#include "auth/claims.h"
#include "auth/dev_issuer.h"
#include "auth/jwk_key_set.h"
#include "base/key_file.h"
#include "workflow/household.h"

namespace usulan::tools {
namespace {

int Problem(const std::string& problem) {
  std::cerr << "usulanctl token: " << problem << "\n";
  return 2;
}

std::string Flag(const std::map<std::string, std::string>& flags, const std::string& name,
                 const std::string& fallback = "") {
  auto found = flags.find(name);
  return found == flags.end() ? fallback : found->second;
}

int KeyGen(const std::map<std::string, std::string>& flags) {
  const std::string out = Flag(flags, "--out"), jwks_out = Flag(flags, "--jwks-out");
  if (out.empty() || jwks_out.empty()) return Problem("keygen needs --out and --jwks-out");
  struct stat existing;
  if (stat(out.c_str(), &existing) == 0) return Problem(out + " exists; not overwriting a key");
  auto pair = auth::GenerateSigningKey("EdDSA", Flag(flags, "--kid"));
  if (!pair.ok()) return Problem(std::string(pair.status().message()));
  {
    const mode_t old_mask = umask(077);  // the private key: mode 600 from creation
    std::ofstream file(out, std::ios::binary);
    umask(old_mask);
    file << pair->private_jwk << "\n";
    if (!file.good()) return Problem("cannot write " + out);
  }
  std::ofstream jwks(jwks_out, std::ios::binary);
  jwks << auth::MakeJwks({pair->public_jwk}) << "\n";
  if (!jwks.good()) return Problem("cannot write " + jwks_out);
  std::cerr << "issuer key written to " << out << ", its JWKS to " << jwks_out << "\n";
  return 0;
}

int Mint(const std::map<std::string, std::string>& flags) {
  const std::string key_file = Flag(flags, "--key-file");
  auth::MintRequest request;
  request.subject = Flag(flags, "--subject");
  if (key_file.empty() || request.subject.empty() || Flag(flags, "--role").empty()) {
    return Problem("mint needs --key-file, --subject and --role");
  }
  if (!auth::ValidSubject(request.subject)) {
    return Problem("--subject must be printable ASCII, 1 to 128 characters, no 16 digits in a row");
  }
  auto role = workflow::ParseRole(Flag(flags, "--role"));
  if (!role) return Problem("unknown role " + Flag(flags, "--role"));
  request.role = *role;
  request.region = Flag(flags, "--region");
  if (!workflow::RoleFitsRegionLevel(*role, request.region)) {
    return Problem("region '" + request.region + "' does not fit role " + Flag(flags, "--role"));
  }
  // A citizen's token names the person the identity provider proofed: their NIK
  // and KK (docs/citizens.md); no other role carries them.
  request.nik = Flag(flags, "--nik");
  request.kk = Flag(flags, "--kk");
  if (*role == workflow::Role::kCitizen) {
    if (!workflow::IsSixteenDigits(request.nik) || !workflow::IsSixteenDigits(request.kk)) {
      return Problem("role citizen needs --nik and --kk, 16 digits each");
    }
  } else if (!request.nik.empty() || !request.kk.empty()) {
    return Problem("--nik and --kk are for role citizen only");
  }
  request.issuer = Flag(flags, "--issuer", request.issuer);
  request.audience = Flag(flags, "--audience", request.audience);
  if (!absl::SimpleAtoi(Flag(flags, "--lifetime", "3600"), &request.lifetime_seconds) ||
      request.lifetime_seconds <= 0) {
    return Problem("--lifetime must be a positive number of seconds");
  }
  request.issued_at = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  auto key = base::ReadSecretKeyFile("--key-file", key_file);
  if (!key.ok()) return Problem(std::string(key.status().message()));
  auto token = auth::MintToken(*key, request);
  if (!token.ok()) return Problem(key_file + ": " + std::string(token.status().message()));
  std::cout << *token << "\n";
  return 0;
}

}  // namespace

int RunTokenCommand(const std::vector<std::string>& positional,
                    const std::map<std::string, std::string>& flags) {
  if (positional.size() == 1 && positional[0] == "keygen") return KeyGen(flags);
  if (positional.size() == 1 && positional[0] == "mint") return Mint(flags);
  return Problem("token needs keygen or mint");
}

}  // namespace usulan::tools
