#include "audit/transition_encoding.h"

#include "audit/digest.h"

namespace usulan::audit {

std::string Netstring(std::string_view bytes) {
  std::string out = std::to_string(bytes.size());
  out += ':';
  out.append(bytes);
  out += ',';
  return out;
}

std::string EncodeTransition(const TransitionFields& f) {
  std::string evidence;
  for (const std::string& hash : f.evidence_hashes) evidence += Netstring(hash);
  std::string attributes;
  for (const auto& [key, value] : f.attributes) {
    attributes += Netstring(key);
    attributes += Netstring(value);
  }
  const std::string sequence = std::to_string(f.sequence);
  std::string out;
  for (std::string_view part :
       {std::string_view(kTransitionEncoding), std::string_view(f.proposal_id),
        std::string_view(sequence), std::string_view(f.from_state), std::string_view(f.to_state),
        std::string_view(f.event), std::string_view(f.actor_id), std::string_view(f.role),
        std::string_view(f.region_code), std::string_view(f.reason), std::string_view(evidence),
        std::string_view(attributes), std::string_view(f.request_id)}) {
    out += Netstring(part);
  }
  out += Netstring(std::to_string(f.at_us));
  out += Netstring(std::to_string(f.machine_version));
  out += Netstring(f.prev_hash);
  return out;
}

std::string TransitionHash(const TransitionFields& fields) {
  return ToHex(Sha256(EncodeTransition(fields)));
}

}  // namespace usulan::audit
