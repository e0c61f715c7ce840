// The checks on a verified token's payload (its claims, RFC 7519): issuer,
// audience, validity times, lifetime, subject, and the caller's role and region.
// Pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "workflow/machine.h"

namespace usulan::auth {

struct ClaimPolicy {
  std::string issuer = "usulan-dev-issuer";  // `iss` must equal this
  std::string audience = "usulan";           // `aud` (string or array) must hold this
  int64_t leeway_seconds = 30;               // clock skew allowed on exp, nbf, iat
  int64_t max_lifetime_seconds = 3600;       // exp - iat at most this
  std::string role_claim = "usulan_role";
  std::string region_claim = "usulan_region";  // absent = "" (national)
  // A citizen's NIK and KK number (16 digits each): required for role citizen,
  // refused on every other role (an office account is never also a citizen).
  std::string nik_claim = "usulan_nik";
  std::string kk_claim = "usulan_kk";
};

// Who a token names: the actor the state machine knows (role, region, subject)
// and, for a citizen only, their NIK and KK number. Those two are personal data:
// they stay here, beside the actor, so that nothing that logs, audits or keys a
// request by the actor can carry them; only the citizen calls read them.
struct Identity {
  workflow::Actor actor;
  std::string nik;  // 16 digits for role citizen, else empty
  std::string kk;   // 16 digits for role citizen, else empty
};

// The subject is written into the audit trail forever: printable ASCII (0x20 to
// 0x7e), 1 to 128 characters, and never 16 digits in a row (a NIK or KK number
// used as a login name must not enter the trail).
bool ValidSubject(std::string_view subject);

// The actor the payload names. UNAUTHENTICATED with a short reason (it never
// echoes a claim's value) when the payload is not a JSON object, a required
// claim (iss, aud, exp, iat, sub, the role claim) is missing or mistyped, or a
// check fails: wrong issuer or audience, expired (exp <= now - leeway), not yet
// valid (nbf > now + leeway), issued in the future (iat > now + leeway), a
// lifetime over the maximum, an invalid subject, an unknown role, a region
// that does not fit the role (a citizen's is a desa), a citizen's NIK or KK claim
// missing or not 16 digits, or either claim on any other role.
absl::StatusOr<Identity> CheckIdentity(std::string_view payload_json, const ClaimPolicy& policy,
                                       int64_t now_unix_seconds);

// CheckIdentity's actor.
absl::StatusOr<workflow::Actor> CheckClaims(std::string_view payload_json,
                                            const ClaimPolicy& policy, int64_t now_unix_seconds);

}  // namespace usulan::auth
