// SHA-256 digests the service records as evidence or keys, and the keyed digest
// of a household.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <google/protobuf/message.h>

#include "workflow/household.h"

namespace usulan::services {

// Lower-case hex SHA-256.
std::string Sha256Hex(std::string_view data);

// The deterministic protobuf encoding (map entries sorted, fields in number order).
std::string DeterministicBytes(const google::protobuf::Message& message);

// The digest recorded as evidence of the household data a transition acted on:
// HMAC-SHA256 under the household key (--household-key-file) of the
// deterministic encoding of the usulan.v1.Household message, lower-case hex. It
// proves later which data was entered and checked without the audit trail
// holding any of it, and - being keyed - cannot be confirmed against the trail
// by someone who merely holds a candidate household. Rows written before the key
// existed carry the plain SHA-256 of the same bytes instead (README, "Household
// evidence").
std::string HouseholdDigest(std::string_view key, const workflow::Household& household);

// The attribute that tells a reader how a row's household evidence is encoded:
// present with this value on every row whose evidence holds HouseholdDigest;
// absent on rows written before 0009_household_key.sql (plain SHA-256).
inline constexpr char kHouseholdDigestAttribute[] = "household_digest";
inline constexpr char kHouseholdDigestHmacSha256[] = "hmac-sha256";

// A citizen's free-text reason as the audit trail keeps it: HMAC-SHA256 under
// the household key of its UTF-8 bytes, lower-case hex, under attribute
// kReasonDigestAttribute; the text itself stays in the proposal's row, erased
// with the household (storage::PersonalDataRepository::ErasePersonalData).
// Keyed for the reason the household digest is: a short text could otherwise
// be confirmed against the trail by guessing it.
inline constexpr char kReasonDigestAttribute[] = "reason_hmac_sha256";
std::string ReasonDigest(std::string_view key, std::string_view reason);

// Appends HouseholdDigest(key, household) to `hashes` and marks `attributes`
// with kHouseholdDigestAttribute.
void AddHouseholdEvidence(std::string_view key, const workflow::Household& household,
                          std::vector<std::string>& hashes,
                          std::map<std::string, std::string>& attributes);

}  // namespace usulan::services
