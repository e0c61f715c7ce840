// The canonical encoding of one register history row and its hash, chained per
// entry like the transitions (transition_encoding.h): the contract an outside
// auditor recomputes, so a version never changes; a new layout gets a new
// version name, and each row names the version it was hashed with (the
// register_history.encoding column, 0018). No personal data is in it (the entry
// names proposals, not people).
//
// "usulan-register-v1" (rows written before 0018): the concatenation of the
// netstrings (Netstring) of:
//   1  "usulan-register-v1"
//   2  entry_id       lower-case 8-4-4-4-12 UUID
//   3  sequence       decimal (1 for the row that listed the household)
//   4  change         LISTED | CORRECTED | DEACTIVATED | REACTIVATED | DESIL_CHANGED
//   5  proposal_id    lower-case UUID of the accepted proposal, "" for DESIL_CHANGED
//   6  decree_number  "" when none
//   7  cycle          YYYY-MM
//   8  status_after   ACTIVE | INACTIVE
//   9  desil_after    decimal 1..10, "" when the entry has no desil
//  10  at_us          decimal microseconds since 1970-01-01T00:00:00Z (UTC)
//  11  prev_hash      hex hash of the entry's previous row, 64 zeros for sequence 1
//
// "usulan-register-v2" (every row written since): the same fields 1-9 (field 1
// "usulan-register-v2"; field 4 may also be PROGRAMME_JOINED), then
//  10  desil_date_after  YYYY-MM-DD, "" when the entry has no desil
//  11  programmes_after  the concatenation of the netstrings of the entry's
//                        programmes after the change, in the entry's order
//                        ("" when none), itself framed as one netstring
//  12  at_us, 13 prev_hash as fields 10 and 11 of v1
// so that a v2 row covers everything the entry row holds (status, desil and its
// date, programmes, and through the LISTED / CORRECTED rows its household).
//
// hash = lower-case hex SHA-256 of the preimage. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace usulan::audit {

inline constexpr std::string_view kRegisterEncoding = "usulan-register-v1";
inline constexpr std::string_view kRegisterEncodingV2 = "usulan-register-v2";

// True for the two names above.
bool IsRegisterEncoding(std::string_view name);

struct RegisterRowFields {
  std::string entry_id;
  int64_t sequence = 0;
  std::string change;
  std::string proposal_id;
  std::string decree_number;
  std::string cycle;
  std::string status_after;
  std::optional<int> desil_after;
  int64_t at_us = 0;
  std::string prev_hash;  // hex
  // Which encoding; the fields below are hashed by v2 only.
  std::string encoding = std::string(kRegisterEncoding);
  std::string desil_date_after;  // YYYY-MM-DD, "" when none
  std::vector<std::string> programmes_after;
};

// The preimage described above, of fields.encoding (v1 for any name that is not
// v2's: the verifier refuses unknown names before it hashes, IsRegisterEncoding).
std::string EncodeRegisterRow(const RegisterRowFields& fields);

// Lower-case hex SHA-256 of EncodeRegisterRow(fields).
std::string RegisterRowHash(const RegisterRowFields& fields);

}  // namespace usulan::audit
