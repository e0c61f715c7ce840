#include "workflow/graph.h"

#include <algorithm>
#include <string>
#include <vector>
#include <string_view>

#include "absl/strings/str_join.h"
#include "workflow/machine.h"
#include "base/string_view_compat.h"
#include "workflow/vocabulary.h"

namespace usulan::workflow {
namespace {

// The words people use for each side of a two-outcome event.
std::string_view VerdictLabel(Event event, bool verdict) {
  switch (event) {
    case Event::kNikChecked:
      return verdict ? "match" : "mismatch";
    case Event::kDeliberate:
      return verdict ? "agreed" : "rejected";
    case Event::kRecordVisit:
      return verdict ? "eligible" : "not_eligible";
    case Event::kDecide:
      return verdict ? "accept" : "reject";
    default:
      return verdict ? "true" : "false";
  }
}

// "deliberate[agreed] (village_head)": the edge label shared by both renderings.
std::string EdgeLabel(const TransitionRule& rule) {
  std::string label(Name(rule.event));
  if (rule.verdict.has_value()) {
    base::Append(&label, "[", VerdictLabel(rule.event, *rule.verdict), "]");
  }
  base::Append(
      &label, " (",
      absl::StrJoin(rule.roles, ", ", [](std::string* out, Role role) { base::Append(out, Name(role)); }),
      ")");
  return label;
}

// The states proposals are created in, once each, in route order.
std::vector<State> EntryStates() {
  std::vector<State> out;
  for (Route route : kAllRoutes) {
    const State entry = EntryState(route);
    if (std::find(out.begin(), out.end(), entry) == out.end()) out.push_back(entry);
  }
  return out;
}

}  // namespace

std::string RenderMermaid() {
  std::string out = "stateDiagram-v2\n";
  for (State entry : EntryStates()) base::Append(&out, "    [*] --> ", Name(entry), "\n");
  for (const TransitionRule& rule : TransitionTable()) {
    base::Append(&out, "    ", Name(rule.from), " --> ", Name(rule.to), ": ", EdgeLabel(rule), "\n");
  }
  for (State state : kAllStates) {
    if (IsTerminal(state)) base::Append(&out, "    ", Name(state), " --> [*]\n");
  }
  return out;
}

std::string RenderDot() {
  std::string out = "digraph proposal_lifecycle {\n";
  base::Append(&out, "  rankdir=TB;\n  node [shape=box, style=rounded];\n");
  base::Append(&out, "  start [shape=point];\n");
  for (State state : kAllStates) {
    if (IsTerminal(state)) base::Append(&out, "  ", Name(state), " [peripheries=2];\n");
  }
  for (State entry : EntryStates()) base::Append(&out, "  start -> ", Name(entry), ";\n");
  for (const TransitionRule& rule : TransitionTable()) {
    base::Append(&out, "  ", Name(rule.from), " -> ", Name(rule.to), " [label=\"", EdgeLabel(rule),
           "\"];\n");
  }
  base::Append(&out, "}\n");
  return out;
}

}  // namespace usulan::workflow
