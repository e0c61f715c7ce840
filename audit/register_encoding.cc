#include "audit/register_encoding.h"

#include "audit/digest.h"
#include "audit/transition_encoding.h"

namespace usulan::audit {

std::string EncodeRegisterRow(const RegisterRowFields& f) {
  const std::string sequence = std::to_string(f.sequence);
  const std::string desil = f.desil_after ? std::to_string(*f.desil_after) : std::string();
  const std::string at = std::to_string(f.at_us);
  std::string out;
  for (std::string_view part :
       {std::string_view(kRegisterEncoding), std::string_view(f.entry_id),
        std::string_view(sequence), std::string_view(f.change), std::string_view(f.proposal_id),
        std::string_view(f.decree_number), std::string_view(f.cycle),
        std::string_view(f.status_after), std::string_view(desil), std::string_view(at),
        std::string_view(f.prev_hash)}) {
    out += Netstring(part);
  }
  return out;
}

std::string RegisterRowHash(const RegisterRowFields& fields) {
  return ToHex(Sha256(EncodeRegisterRow(fields)));
}

}  // namespace usulan::audit
