// The canonical encoding of one audit-trail row ("usulan-transition-v1") and its
// hash. This is the contract an outside auditor recomputes with standard tools
// (README, "Verifying the audit trail"), so it never changes; a new layout gets a
// new version name.
//
// Every value is a byte string written as a netstring, `<length>:<bytes>,`, where
// <length> is the decimal byte count (UTF-8) without leading zeros. The preimage
// is the concatenation, in this order, of the netstrings of:
//   1  "usulan-transition-v1"
//   2  proposal_id      lower-case 8-4-4-4-12 UUID
//   3  sequence         decimal (1 for the creation record)
//   4  from_state       canonical name, "" for the creation record
//   5  to_state         canonical name
//   6  event            e.g. "nik_checked"
//   7  actor_id
//   8  role             e.g. "village_operator"
//   9  region_code      the actor's region as stored ("" = national)
//  10  reason
//  11  evidence         the concatenated netstrings of the evidence hashes, in
//                       stored order
//  12  attributes       the concatenated netstrings key1 value1 key2 value2 ...,
//                       keys sorted by their UTF-8 bytes
//  13  request_id
//  14  at_us            decimal microseconds since 1970-01-01T00:00:00Z (UTC), as
//                       stored (PostgreSQL timestamptz precision)
//  15  machine_version  decimal
//  16  prev_hash        hex hash of the previous row of the same proposal, or 64
//                       zeros for sequence 1
// and hash = lower-case hex SHA-256 of the preimage. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace usulan::audit {

inline constexpr std::string_view kTransitionEncoding = "usulan-transition-v1";

// One row as stored, every field in its canonical text form.
struct TransitionFields {
  std::string proposal_id;
  int64_t sequence = 0;
  std::string from_state;  // "" for the creation record
  std::string to_state;
  std::string event;
  std::string actor_id;
  std::string role;
  std::string region_code;
  std::string reason;
  std::vector<std::string> evidence_hashes;
  std::map<std::string, std::string> attributes;  // std::map: sorted by bytes
  std::string request_id;
  int64_t at_us = 0;
  int machine_version = 0;
  std::string prev_hash;  // hex
};

// `<length>:<bytes>,`
std::string Netstring(std::string_view bytes);

// The preimage described above.
std::string EncodeTransition(const TransitionFields& fields);

// Lower-case hex SHA-256 of EncodeTransition(fields).
std::string TransitionHash(const TransitionFields& fields);

}  // namespace usulan::audit
