// The canonical encoding of one register history row ("usulan-register-v1") and
// its hash, chained per entry like the transitions (transition_encoding.h): the
// contract an outside auditor recomputes, so it never changes; a new layout gets
// a new version name. No personal data is in it (the entry names proposals, not
// people).
//
// The preimage is the concatenation of the netstrings (Netstring) of:
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
// and hash = lower-case hex SHA-256 of the preimage. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace usulan::audit {

inline constexpr std::string_view kRegisterEncoding = "usulan-register-v1";

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
};

// The preimage described above.
std::string EncodeRegisterRow(const RegisterRowFields& fields);

// Lower-case hex SHA-256 of EncodeRegisterRow(fields).
std::string RegisterRowHash(const RegisterRowFields& fields);

}  // namespace usulan::audit
