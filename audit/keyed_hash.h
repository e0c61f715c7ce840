// The keyed hash that stands for a NIK wherever the service must find or compare
// people by NIK without storing the number in an index (UU PDP No. 27/2022; README
// "Personal data"): HMAC-SHA256 under a secret key that only the servers hold, so
// that a copy of the database (or of an index) alone cannot be searched for a
// known NIK, and the 10^16 NIK space cannot be enumerated offline. Pure (OpenSSL's
// HMAC, no I/O); thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace usulan::audit {

// A key shorter than this is refused by the callers that load one (256 bits).
inline constexpr size_t kMinNikKeyBytes = 32;
// Likewise for the household digest's key (services/digest.h).
inline constexpr size_t kMinHouseholdKeyBytes = 32;

// HMAC-SHA256(key, message): 32 raw bytes.
std::string HmacSha256(std::string_view key, std::string_view message);

// The keyed hash of a NIK as stored (members.nik_hmac, nik_claims.nik_hmac): the
// HMAC of the 16 digits exactly as given, 32 raw bytes.
inline std::string NikHmac(std::string_view key, std::string_view nik) {
  return HmacSha256(key, nik);
}

// The keyed hash of a person's name in its comparison form (workflow::NormalizeName),
// as stored in members.name_hmac for the public status check
// (docs/public-status.md): HMAC-SHA256 under a key derived from the NIK key for
// this use alone (the HMAC of a fixed label), so that a name hash can never be
// confused with, or tested against, a NIK hash. 32 raw bytes.
std::string NameHmac(std::string_view nik_key, std::string_view normalised_name);

// The keyed hash of a KK number (the 16 digits exactly as given), as stored in
// households.kk_hmac (0017_household_kk_hmac.sql) for the ranking's and the
// citizen's lookups by KK: HMAC-SHA256 under a key derived from the NIK key
// under a label of its own, like NameHmac, so that a KK hash is never
// comparable with a NIK hash (both are 16 digits). 32 raw bytes.
std::string KkHmac(std::string_view nik_key, std::string_view kk_number);

// What the database records to recognise the key it was written with
// (nik_key_check): the HMAC of a fixed label, which reveals nothing about the key
// and differs for any other key. 32 raw bytes.
std::string NikKeyFingerprint(std::string_view key);

// The same for the household digest's key (household_key_check; README "The
// tamper-evident audit trail"), under its own label: the two keys are separate
// secrets and neither fingerprint says anything about the other. 32 raw bytes.
std::string HouseholdKeyFingerprint(std::string_view key);

}  // namespace usulan::audit
