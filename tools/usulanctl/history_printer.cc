#include "tools/usulanctl/history_printer.h"

#include <google/protobuf/util/time_util.h>

#include <map>

namespace usulan::tools {
namespace {

std::string StateName(v1::ProposalState state) {
  if (state == v1::PROPOSAL_STATE_UNSPECIFIED) return "(new)";
  std::string name = v1::ProposalState_Name(state);
  return name.substr(std::string("PROPOSAL_STATE_").size());
}

}  // namespace

void PrintHistory(const v1::GetHistoryResponse& history, std::ostream& out) {
  for (const v1::Transition& t : history.transitions()) {
    out << "  #" << t.sequence() << "  " << google::protobuf::util::TimeUtil::ToString(t.at())
        << "  " << StateName(t.from_state()) << " -> " << StateName(t.to_state()) << "  ["
        << t.event() << "]\n";
    out << "      actor:    " << t.actor_id() << " (" << t.role() << " @ "
        << (t.region_code().empty() ? "national" : t.region_code()) << ")\n";
    // Every field is printed, "-" when empty, so a reader sees what was not given.
    out << "      reason:   " << (t.reason().empty() ? "-" : t.reason()) << "\n";
    if (t.evidence_hashes().empty()) out << "      evidence: -\n";
    for (const std::string& hash : t.evidence_hashes()) {
      out << "      evidence: sha256:" << hash << "\n";
    }
    // Sorted for stable output; the proto map has no order.
    std::map<std::string, std::string> attributes(t.attributes().begin(), t.attributes().end());
    for (const auto& [key, value] : attributes) {
      out << "      " << key << ": " << value << "\n";
    }
    out << "      request:  " << t.request_id() << "  (machine v" << t.machine_version() << ")\n";
  }
}

}  // namespace usulan::tools
