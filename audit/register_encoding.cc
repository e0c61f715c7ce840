#include "audit/register_encoding.h"

#include "audit/digest.h"
#include "audit/transition_encoding.h"

namespace usulan::audit {

bool IsRegisterEncoding(std::string_view name) {
  return name == kRegisterEncoding || name == kRegisterEncodingV2;
}

std::string EncodeRegisterRow(const RegisterRowFields& f) {
  const bool v2 = f.encoding == kRegisterEncodingV2;
  const std::string sequence = std::to_string(f.sequence);
  const std::string desil = f.desil_after ? std::to_string(*f.desil_after) : std::string();
  const std::string at = std::to_string(f.at_us);
  std::string out;
  for (std::string_view part :
       {v2 ? kRegisterEncodingV2 : kRegisterEncoding, std::string_view(f.entry_id),
        std::string_view(sequence), std::string_view(f.change), std::string_view(f.proposal_id),
        std::string_view(f.decree_number), std::string_view(f.cycle),
        std::string_view(f.status_after), std::string_view(desil)}) {
    out += Netstring(part);
  }
  if (v2) {
    std::string programmes;
    for (const std::string& programme : f.programmes_after) programmes += Netstring(programme);
    out += Netstring(f.desil_date_after);
    out += Netstring(programmes);
  }
  out += Netstring(at);
  out += Netstring(f.prev_hash);
  return out;
}

std::string RegisterRowHash(const RegisterRowFields& fields) {
  return ToHex(Sha256(EncodeRegisterRow(fields)));
}

}  // namespace usulan::audit
