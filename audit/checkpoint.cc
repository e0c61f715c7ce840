#include "audit/checkpoint.h"

#include "audit/digest.h"
#include "audit/transition_encoding.h"

namespace usulan::audit {

std::string EncodeCheckpoint(const CheckpointFields& f) {
  std::string out = Netstring(kCheckpointEncoding);
  out += Netstring(std::to_string(f.sequence));
  out += Netstring(std::to_string(f.first_log_index));
  out += Netstring(std::to_string(f.last_log_index));
  out += Netstring(std::to_string(f.transition_count));
  out += Netstring(f.merkle_root);
  out += Netstring(f.previous_hash);
  out += Netstring(std::to_string(f.created_at_us));
  out += Netstring(f.key_id);
  return out;
}

std::string CheckpointHash(const CheckpointFields& fields) {
  return ToHex(Sha256(EncodeCheckpoint(fields)));
}

}  // namespace usulan::audit
