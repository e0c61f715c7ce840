#include "auth/claims.h"

#include <nlohmann/json.hpp>

#include "base/string_view_compat.h"

namespace usulan::auth {
namespace {

absl::Status Refused(std::string_view why) {
  return absl::UnauthenticatedError(base::Concat("invalid token: ", why));
}

// The claim as a string, or nullopt when missing or not a string.
std::optional<std::string> StringClaim(const nlohmann::json& payload, const std::string& name) {
  auto found = payload.find(name);
  if (found == payload.end() || !found->is_string()) return std::nullopt;
  return found->get<std::string>();
}

// NumericDate (RFC 7519 section 2): integral seconds; fractions are truncated.
std::optional<int64_t> TimeClaim(const nlohmann::json& payload, const char* name) {
  auto found = payload.find(name);
  if (found == payload.end() || !found->is_number()) return std::nullopt;
  // Bounded (about 31 million years either way), so that exp - iat and the
  // leeway arithmetic can never overflow.
  constexpr int64_t kBound = 1'000'000'000'000'000;
  if (found->is_number_float()) {
    double value = found->get<double>();
    if (!(value > -1e15 && value < 1e15)) return std::nullopt;  // NaN or absurd
    return static_cast<int64_t>(value);
  }
  if (found->is_number_unsigned()) {
    if (found->get<uint64_t>() >= static_cast<uint64_t>(kBound)) return std::nullopt;
    return static_cast<int64_t>(found->get<uint64_t>());
  }
  const int64_t value = found->get<int64_t>();
  if (value <= -kBound || value >= kBound) return std::nullopt;
  return value;
}

bool AudienceHolds(const nlohmann::json& aud, const std::string& audience) {
  if (aud.is_string()) return aud.get<std::string>() == audience;
  if (!aud.is_array()) return false;
  for (const nlohmann::json& entry : aud) {
    if (entry.is_string() && entry.get<std::string>() == audience) return true;
  }
  return false;
}

absl::Status CheckTimes(const nlohmann::json& payload, const ClaimPolicy& policy, int64_t now) {
  std::optional<int64_t> exp = TimeClaim(payload, "exp");
  std::optional<int64_t> iat = TimeClaim(payload, "iat");
  if (!exp) return Refused("missing or mistyped exp");
  if (!iat) return Refused("missing or mistyped iat");
  if (*exp <= now - policy.leeway_seconds) return Refused("expired");
  if (*iat > now + policy.leeway_seconds) return Refused("issued in the future (iat)");
  if (payload.contains("nbf")) {
    std::optional<int64_t> nbf = TimeClaim(payload, "nbf");
    if (!nbf) return Refused("mistyped nbf");
    if (*nbf > now + policy.leeway_seconds) return Refused("not yet valid (nbf)");
  }
  if (*exp - *iat > policy.max_lifetime_seconds) return Refused("lifetime too long (exp - iat)");
  return absl::OkStatus();
}

bool SixteenDigits(const std::string& value) {
  if (value.size() != 16) return false;
  for (char c : value) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// A citizen's NIK and KK claims: both present and 16 digits; on any other role,
// both absent. The refusals name the claim, never its value.
absl::Status CheckCitizenClaims(const nlohmann::json& payload, const ClaimPolicy& policy,
                                workflow::Role role, Identity& identity) {
  if (role != workflow::Role::kCitizen) {
    if (payload.contains(policy.nik_claim) || payload.contains(policy.kk_claim)) {
      return Refused("only a citizen's token carries NIK or KK claims");
    }
    return absl::OkStatus();
  }
  std::optional<std::string> nik = StringClaim(payload, policy.nik_claim);
  if (!nik || !SixteenDigits(*nik)) {
    return Refused(base::Concat("missing or malformed ", policy.nik_claim, " (16 digits)"));
  }
  std::optional<std::string> kk = StringClaim(payload, policy.kk_claim);
  if (!kk || !SixteenDigits(*kk)) {
    return Refused(base::Concat("missing or malformed ", policy.kk_claim, " (16 digits)"));
  }
  identity.nik = std::move(*nik);
  identity.kk = std::move(*kk);
  return absl::OkStatus();
}

}  // namespace

bool ValidSubject(std::string_view subject) {
  if (subject.empty() || subject.size() > 128) return false;
  int digits_in_a_row = 0;
  for (char c : subject) {
    if (c < 0x20 || c > 0x7e) return false;
    digits_in_a_row = (c >= '0' && c <= '9') ? digits_in_a_row + 1 : 0;
    if (digits_in_a_row >= 16) return false;
  }
  return true;
}

absl::StatusOr<Identity> CheckIdentity(std::string_view payload_json, const ClaimPolicy& policy,
                                       int64_t now_unix_seconds) {
  nlohmann::json payload = nlohmann::json::parse(payload_json, nullptr, false);
  if (payload.is_discarded() || !payload.is_object())
    return Refused("payload is not a JSON object");
  if (StringClaim(payload, "iss") != policy.issuer) return Refused("wrong issuer (iss)");
  auto aud = payload.find("aud");
  if (aud == payload.end() || !AudienceHolds(*aud, policy.audience)) {
    return Refused("wrong audience (aud)");
  }
  if (absl::Status times = CheckTimes(payload, policy, now_unix_seconds); !times.ok()) {
    return times;
  }
  std::optional<std::string> subject = StringClaim(payload, "sub");
  if (!subject || !ValidSubject(*subject)) {
    return Refused(
        "invalid subject (sub: printable ASCII, 1 to 128 characters, no 16 digits in a row)");
  }
  std::optional<std::string> role_name = StringClaim(payload, policy.role_claim);
  if (!role_name)
    return Refused(base::Concat("missing or mistyped role claim ", policy.role_claim));
  std::optional<workflow::Role> role = workflow::ParseRole(*role_name);
  if (!role) return Refused("unknown role");
  std::string region;
  if (payload.contains(policy.region_claim)) {
    std::optional<std::string> given = StringClaim(payload, policy.region_claim);
    if (!given) return Refused(base::Concat("mistyped region claim ", policy.region_claim));
    region = *given;
  }
  if (!workflow::RoleFitsRegionLevel(*role, region)) return Refused("region does not fit the role");
  Identity identity{workflow::Actor{*subject, *role, region}, "", ""};
  if (absl::Status citizen = CheckCitizenClaims(payload, policy, *role, identity); !citizen.ok()) {
    return citizen;
  }
  return identity;
}

absl::StatusOr<workflow::Actor> CheckClaims(std::string_view payload_json,
                                            const ClaimPolicy& policy, int64_t now_unix_seconds) {
  absl::StatusOr<Identity> identity = CheckIdentity(payload_json, policy, now_unix_seconds);
  if (!identity.ok()) return identity.status();
  return std::move(identity->actor);
}

}  // namespace usulan::auth
