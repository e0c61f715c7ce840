#include "workflow/graph.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/build_paths.h"
#include "workflow/machine.h"
#include "workflow/vocabulary.h"

namespace usulan::workflow {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

int CountLines(const std::string& text, const std::string& needle) {
  const std::vector<std::string> lines = Lines(text);
  return static_cast<int>(std::count_if(lines.begin(), lines.end(), [&](const std::string& l) {
    return l.find(needle) != std::string::npos;
  }));
}

TEST(GraphTest, MermaidHasStartEveryTransitionAndTheEnds) {
  const std::string mermaid = RenderMermaid();
  EXPECT_THAT(mermaid, StartsWith("stateDiagram-v2\n"));
  EXPECT_THAT(mermaid, HasSubstr("    [*] --> DRAFT\n"));
  EXPECT_THAT(mermaid, HasSubstr("    DRAFT --> SUBMITTED: submit (village_operator)\n"));
  EXPECT_THAT(mermaid, HasSubstr("    PRELIST --> AGREED: deliberate[agreed] (village_head)\n"));
  EXPECT_THAT(mermaid, HasSubstr("    PRELIST --> REJECTED_IN_DELIBERATION: "
                                 "deliberate[rejected] (village_head)\n"));
  EXPECT_THAT(mermaid,
              HasSubstr("    SUBMITTED --> NIK_MISMATCH: nik_checked[mismatch] (system)\n"));
  EXPECT_THAT(mermaid, HasSubstr("    VILLAGE_FINAL --> DISTRICT_REVIEW: "
                                 "open_review (district_officer, system)\n"));
  EXPECT_THAT(mermaid, HasSubstr("    CENTRAL_REVIEW --> ACCEPTED: decide[accept] "
                                 "(central_reviewer)\n"));
  // Four entry states (DRAFT, CITIZEN_PROPOSED, OBJECTION_FILED,
  // AWAITING_CONFIRMATION), every row, six ends.
  EXPECT_THAT(mermaid, HasSubstr("    [*] --> OBJECTION_FILED\n"));
  EXPECT_EQ(CountLines(mermaid, " --> "), 4 + static_cast<int>(TransitionTable().size()) + 6);
  EXPECT_EQ(CountLines(mermaid, ": withdraw (village_operator)"), 11);
  for (State state : kAllStates) {
    const std::string end = "    " + std::string(Name(state)) + " --> [*]";
    EXPECT_EQ(CountLines(mermaid, end), IsTerminal(state) ? 1 : 0) << Name(state);
  }
}

TEST(GraphTest, EveryStateIsReachableInTheDiagram) {
  const std::string mermaid = RenderMermaid();
  for (State state : kAllStates) {
    if (state == State::kDraft || state == State::kCitizenProposed ||
        state == State::kObjectionFiled || state == State::kAwaitingConfirmation) {
      EXPECT_THAT(mermaid, HasSubstr("[*] --> " + std::string(Name(state)) + "\n"));
      continue;
    }
    EXPECT_THAT(mermaid, HasSubstr(" --> " + std::string(Name(state)) + ":")) << Name(state);
  }
}

TEST(GraphTest, DotIsADigraphWithEveryTransition) {
  const std::string dot = RenderDot();
  EXPECT_THAT(dot, StartsWith("digraph "));
  EXPECT_EQ(dot.back(), '\n');
  EXPECT_EQ(std::count(dot.begin(), dot.end(), '{'), 1);
  EXPECT_EQ(std::count(dot.begin(), dot.end(), '}'), 1);
  EXPECT_THAT(dot, HasSubstr("  start -> DRAFT;\n"));
  EXPECT_THAT(dot,
              HasSubstr("  PRELIST -> AGREED [label=\"deliberate[agreed] (village_head)\"];\n"));
  EXPECT_EQ(CountLines(dot, " -> "), 4 + static_cast<int>(TransitionTable().size()));
  EXPECT_EQ(CountLines(dot, "[peripheries=2]"), 6);
}

TEST(GraphTest, RenderingIsDeterministic) {
  EXPECT_EQ(RenderMermaid(), RenderMermaid());
  EXPECT_EQ(RenderDot(), RenderDot());
}

// docs/lifecycle.md, "" when unreadable. ::usulan::testing::SourceDir() comes from CMake
// (__FILE__ may be relative, e.g. under ccache).
std::string LifecycleDoc() {
  std::ifstream in(::usulan::testing::SourceDir() + "/docs/lifecycle.md");
  std::stringstream doc;
  doc << in.rdbuf();
  return doc.str();
}

// docs/lifecycle.md embeds the diagram; it must not drift from the machine.
TEST(GraphTest, LifecycleDocEmbedsTheCurrentDiagram) {
  const std::string doc = LifecycleDoc();
  ASSERT_FALSE(doc.empty()) << "cannot read docs/lifecycle.md";
  EXPECT_THAT(doc, HasSubstr("```mermaid\n" + RenderMermaid() + "```\n"))
      << "regenerate the diagram in docs/lifecycle.md from RenderMermaid()";
}

// The doc's table of states names every state of the machine.
TEST(GraphTest, LifecycleDocListsEveryState) {
  const std::string doc = LifecycleDoc();
  ASSERT_FALSE(doc.empty()) << "cannot read docs/lifecycle.md";
  for (State state : kAllStates) {
    EXPECT_THAT(doc, HasSubstr("\n| `" + std::string(Name(state)) + "` | ")) << Name(state);
  }
}

}  // namespace
}  // namespace usulan::workflow
