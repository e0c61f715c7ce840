// The documents black-box clients read must say what the server does (issue 13):
// docs/lifecycle.md's table of evidence per event names the attributes the
// server's audit rows really carry and the machine really requires, and the
// README shows list and batch refusals in the form the server answers them.
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "tests/e2e/lifecycle_driver.h"
#include "tests/support/build_paths.h"
#include "workflow/machine.h"
#include "workflow/vocabulary.h"

namespace usulan::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

std::string ReadSource(const std::string& path) {
  std::ifstream in(SourceDir() + "/" + path);
  EXPECT_TRUE(in.good()) << path;
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// docs/lifecycle.md, "Evidence per event": event -> the attributes its row names.
// Conditional cells ("true: `decree_number`; false: ...") are left out: they
// depend on the verdict.
std::map<std::string, std::set<std::string>> DocumentedAttributes() {
  const std::string doc = ReadSource("docs/lifecycle.md");
  const size_t start = doc.find("## Evidence per event");
  EXPECT_NE(start, std::string::npos);
  std::istringstream section(doc.substr(start, doc.find("\n## ", start + 1) - start));
  const std::regex row(R"(^\| `([a-z_]+)` \|[^|]*\|[^|]*\|([^|]*)\|)");
  const std::regex name("`([a-z0-9_]+)`");
  std::map<std::string, std::set<std::string>> out;
  for (std::string line; std::getline(section, line);) {
    std::smatch match;
    if (!std::regex_search(line, match, row)) continue;
    const std::string cell = match[2];
    std::set<std::string>& names = out[match[1]];
    if (cell.find(':') != std::string::npos) continue;
    for (auto it = std::sregex_iterator(cell.begin(), cell.end(), name);
         it != std::sregex_iterator(); ++it) {
      names.insert((*it)[1]);
    }
  }
  return out;
}

class DocsAgreeE2eTest : public LifecycleTest {};

TEST_F(DocsAgreeE2eTest, LifecycleEvidenceTableNamesTheAttributesRowsCarry) {
  const std::map<std::string, std::set<std::string>> documented = DocumentedAttributes();
  ASSERT_GE(documented.size(), 15u);
  // One proposal through every step up to the Pusdatin's review.
  const v1::Batch batch = ToCentralReview(1, 1);
  v1::GetHistoryRequest request;
  request.set_proposal_id(batch.members(0).proposal_id());
  v1::GetHistoryResponse history;
  ASSERT_TRUE(audit_->GetHistory(Context(PusdatinToken()).get(), request, &history).ok());
  std::set<std::string> seen;
  for (const v1::Transition& row : history.transitions()) {
    SCOPED_TRACE(row.event());
    auto names = documented.find(row.event());
    if (row.event() == "create") continue;  // not an edge of the table
    ASSERT_NE(names, documented.end()) << "event missing from docs/lifecycle.md";
    seen.insert(row.event());
    // What the document names, the row carries...
    for (const std::string& name : names->second) {
      EXPECT_EQ(row.attributes().count(name), 1u) << "documented attribute " << name;
    }
    // ...and what the machine requires, the document names.
    auto event = workflow::ParseEvent(row.event());
    ASSERT_TRUE(event.has_value());
    for (const std::string& name : workflow::RequiredEvidence(*event).required_attributes) {
      EXPECT_EQ(names->second.count(name), 1u) << "required attribute " << name;
    }
  }
  // The approval and the batch steps are among those checked.
  for (const char* event : {"approve", "ratify", "submit_to_province", "forward"}) {
    EXPECT_EQ(seen.count(event), 1u) << event;
  }
}

// A refused member of a list is named by its position in the request, a refused
// member of a batch by its id; the README shows both forms.
TEST_F(DocsAgreeE2eTest, ReadmeShowsListAndBatchRefusalsAsTheServerWords) {
  const std::string readme = ReadSource("README.md");

  const std::vector<std::string> ids = ToDistrictReview(1, 1);
  v1::ApproveProposalsRequest approve;
  approve.set_request_id(NextRequestId());
  approve.add_proposal_ids(ids[0]);
  approve.add_proposal_ids("00000000-0000-4000-8000-000000000001");
  v1::ProposalsChanged changed;
  grpc::Status status = review_->ApproveProposals(Context(DinsosToken()).get(), approve, &changed);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(status.error_message(), StartsWith("proposal_ids[1]: "));
  EXPECT_THAT(readme, HasSubstr("`proposal_ids[1]: "));

  Approve(ids);
  v1::Batch batch = CreateBatch(ids);
  // The Bupati may not ratify what they approved themselves (separation of duties).
  database_->ExecAsSuperuser("UPDATE proposals SET last_approver = '" +
                             std::string(kRegentSubject) + "' WHERE id = '" + ids[0] + "'");
  v1::RatifyBatchRequest ratify;
  ratify.set_request_id(NextRequestId());
  ratify.set_batch_id(batch.batch_id());
  ratify.set_letter_number("400/1/2026");
  ratify.set_letter_sha256(kDocHash);
  v1::Batch out;
  status = review_->RatifyBatch(Context(RegentToken()).get(), ratify, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(status.error_message(), StartsWith("member " + ids[0] + ": "));
  EXPECT_THAT(readme, HasSubstr("`member <id>: "));
}

}  // namespace
}  // namespace usulan::testing
