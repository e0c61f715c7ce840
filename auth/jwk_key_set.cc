#include "auth/jwk_key_set.h"

#include <nlohmann/json.hpp>

#include "auth/rhonabwy_handles.h"
#include "base/log.h"
#include "base/string_view_compat.h"

namespace usulan::auth {
namespace {

absl::Status Invalid(std::string_view why) {
  return absl::InvalidArgumentError(base::Concat("JWKS: ", why));
}

std::string StringMember(const nlohmann::json& key, const char* name) {
  auto found = key.find(name);
  return found != key.end() && found->is_string() ? found->get<std::string>() : std::string();
}

}  // namespace

absl::StatusOr<KeySet> KeySet::Parse(std::string_view jwks_json) {
  if (jwks_json.size() > kMaxBytes) return Invalid("larger than 1 MiB");
  nlohmann::json document = nlohmann::json::parse(jwks_json, nullptr, false);
  if (document.is_discarded() || !document.is_object()) return Invalid("not a JSON object");
  auto keys = document.find("keys");
  if (keys == document.end() || !keys->is_array()) return Invalid("no \"keys\" array");
  if (keys->size() > kMaxKeys) return Invalid(base::Concat("more than ", kMaxKeys, " keys"));
  KeySet set;
  for (size_t i = 0; i < keys->size(); ++i) {
    const nlohmann::json& key = (*keys)[i];
    if (!key.is_object()) return Invalid(base::Concat("key ", i, " is not an object"));
    if (key.contains("d") || StringMember(key, "kty") == "oct") {
      return Invalid(base::Concat("key ", i, " is private or symmetric; publish public keys only"));
    }
    const std::string kid = StringMember(key, "kid");
    if (kid.empty() || StringMember(key, "use") == "enc") continue;
    rhn::Jwk imported = rhn::ImportJwk(key.dump());
    unsigned int bits = 0;
    const int type = imported ? r_jwk_key_type(imported.get(), &bits, 0) : 0;
    if (!(type & R_KEY_TYPE_PUBLIC)) {
      return Invalid(base::Concat("key ", i, " (kid ", kid, ") is not a usable public key"));
    }
    if ((type & R_KEY_TYPE_RSA) && bits < kMinRsaBits) {
      return Invalid(base::Concat("key ", i, " (kid ", kid, ") is an RSA key under 2048 bits"));
    }
    const std::string alg = StringMember(key, "alg");
    if (alg.empty()) {
      // It could verify nothing (a token's alg must equal its key's), and some
      // providers omit alg: left out, and said so where an operator looks.
      base::LogEvent("warn", "jwks",
                     base::Concat("key ", i, " (kid ", kid, ") declares no alg: left out"));
      continue;
    }
    PublicKey entry{kid, alg, key.dump()};
    if (!set.keys_.emplace(kid, std::move(entry)).second) {
      return Invalid(base::Concat("two keys share kid ", kid));
    }
  }
  return set;
}

const PublicKey* KeySet::Find(const std::string& kid) const {
  auto found = keys_.find(kid);
  return found == keys_.end() ? nullptr : &found->second;
}

std::string MakeJwks(const std::vector<std::string>& jwk_jsons) {
  nlohmann::json keys = nlohmann::json::array();
  for (const std::string& jwk : jwk_jsons) keys.push_back(nlohmann::json::parse(jwk));
  return nlohmann::json{{"keys", keys}}.dump();
}

}  // namespace usulan::auth
