// Signed checkpoints of the audit trail ("usulan-checkpoint-v1"). A checkpoint
// covers every transition committed since the previous checkpoint (a range of log
// indexes): it states the range, how many rows it holds, the RFC 6962 Merkle root
// over their hashes (merkle.h; leaves in log order), the hash of the previous
// checkpoint, the time and the signing key's id, and it is signed with the
// service's Ed25519 audit key (signing.h).
//
// The signed message is the concatenation of the netstrings
// (transition_encoding.h) of:
//   1  "usulan-checkpoint-v1"
//   2  sequence          decimal, 1 for the first checkpoint
//   3  first_log_index   decimal: the covered rows are those whose log_index lies
//   4  last_log_index    decimal  in [first, last] (first = previous last + 1)
//   5  transition_count  decimal: how many rows that range holds
//   6  merkle_root       lower-case hex, over those rows in log_index order
//   7  previous_hash     hex hash of the previous checkpoint, 64 zeros for the first
//   8  created_at_us     decimal microseconds since the Unix epoch (UTC)
//   9  key_id            hex SHA-256 of the signing key's DER public key
// The checkpoint's hash is the lower-case hex SHA-256 of that message; the
// signature is Ed25519 over the message itself. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <string>

namespace usulan::audit {

inline constexpr std::string_view kCheckpointEncoding = "usulan-checkpoint-v1";

struct CheckpointFields {
  int64_t sequence = 0;
  int64_t first_log_index = 0;
  int64_t last_log_index = 0;
  int64_t transition_count = 0;
  std::string merkle_root;    // hex
  std::string previous_hash;  // hex
  int64_t created_at_us = 0;
  std::string key_id;  // hex
};

struct SignedCheckpoint {
  CheckpointFields fields;
  std::string signature;  // base64 of the 64-byte Ed25519 signature
  std::string hash;       // hex, as stored (verification recomputes it)
};

std::string EncodeCheckpoint(const CheckpointFields& fields);
std::string CheckpointHash(const CheckpointFields& fields);

}  // namespace usulan::audit
