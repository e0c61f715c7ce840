// ImportProposals through the real server: good and bad rows mixed, resuming an
// interrupted import, and the refusals of the stream and of single rows.
#include <thread>

#include "tests/e2e/e2e_fixture.h"

namespace usulan::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;
using workflow::Role;

struct ImportAnswer {
  std::vector<v1::ImportRowResult> results;
  grpc::Status status;
};

class ImportE2eTest : public E2eTest {
 protected:
  // A row of import `import_id` for household `seed` of `desa`.
  v1::ImportProposalsRequest Row(const std::string& import_id, int64_t number,
                                 const std::string& desa, int seed) {
    v1::ImportProposalsRequest row;
    row.set_request_id(import_id);
    row.set_row_number(number);
    *row.mutable_proposal() = NewProposal(desa, seed, false);
    row.mutable_proposal()->clear_request_id();
    return row;
  }

  ImportAnswer Import(const std::string& token,
                      const std::vector<v1::ImportProposalsRequest>& rows) {
    auto context = Context(token);
    auto stream = proposals_->ImportProposals(context.get());
    // Written from another thread, as a client must for large imports: the server
    // answers while rows are still coming.
    std::thread writer([&] {
      for (const auto& row : rows) {
        if (!stream->Write(row)) break;
      }
      stream->WritesDone();
    });
    ImportAnswer answer;
    v1::ImportRowResult result;
    while (stream->Read(&result)) answer.results.push_back(result);
    writer.join();
    answer.status = stream->Finish();
    return answer;
  }

  static void ExpectRefused(const v1::ImportRowResult& result, int64_t row,
                            grpc::StatusCode code, const std::string& message) {
    EXPECT_EQ(result.row_number(), row);
    EXPECT_EQ(result.code(), code) << "row " << row << ": " << result.message();
    EXPECT_EQ(result.message(), message) << "row " << row;
    EXPECT_TRUE(result.proposal_id().empty()) << "row " << row;
  }
};

TEST_F(ImportE2eTest, GoodRowsAreCreatedAndBadOnesRefusedWithTheirReason) {
  const std::string id = "prelist-2024-03";
  std::vector<v1::ImportProposalsRequest> rows = {
      Row(id, 1, kDesaA, 1), Row(id, 2, kDesaA, 2), Row(id, 3, kDesaA, 3),
      Row(id, 4, kDesaA, 4), Row(id, 5, kDesaB, 5), Row(id, 6, kDesaA, 6),
  };
  rows[1].mutable_proposal()->mutable_household()->mutable_members(1)->set_nik("12345");
  // Row 4 lists the head of row 1 again.
  rows[3].mutable_proposal()->mutable_household()->mutable_members(0)->set_nik(
      rows[0].proposal().household().members(0).nik());
  // Only the first message must name the import.
  for (size_t i = 1; i < rows.size(); ++i) rows[i].clear_request_id();

  ImportAnswer first = Import(OperatorToken(), rows);
  ASSERT_TRUE(first.status.ok()) << first.status.error_message();
  ASSERT_EQ(first.results.size(), 6u);
  for (int64_t row : {1, 3, 6}) {
    const auto& result = first.results[row - 1];
    EXPECT_EQ(result.row_number(), row);
    EXPECT_EQ(result.code(), 0) << result.message();
    EXPECT_FALSE(result.proposal_id().empty());
    EXPECT_FALSE(result.replayed());
  }
  ExpectRefused(first.results[1], 2, grpc::StatusCode::INVALID_ARGUMENT,
                "household.members[1].nik must be 16 digits");
  ExpectRefused(first.results[3], 4, grpc::StatusCode::ALREADY_EXISTS,
                "household.members[0].nik is already in another open proposal");
  ExpectRefused(first.results[4], 5, grpc::StatusCode::PERMISSION_DENIED,
                "region \"3201012001\" does not cover desa \"3201012002\"");

  // Exactly the three good households, each whole; nothing of the bad ones.
  EXPECT_EQ(CountRows("proposals"), 3);
  EXPECT_EQ(CountRows("households"), 3);
  EXPECT_EQ(CountRows("members"), 9);
  EXPECT_EQ(CountRows("nik_claims"), 9);
  EXPECT_EQ(CountRows("transitions"), 3);
  v1::GetProposalRequest get;
  get.set_proposal_id(first.results[0].proposal_id());
  v1::Proposal created;
  ASSERT_TRUE(proposals_->GetProposal(Context(OperatorToken()).get(), get, &created).ok());
  EXPECT_EQ(created.state(), v1::PROPOSAL_STATE_DRAFT);
  EXPECT_EQ(created.household().members(0).nik(), rows[0].proposal().household().members(0).nik());
  v1::GetHistoryRequest history_request;
  history_request.set_proposal_id(created.proposal_id());
  v1::GetHistoryResponse history;
  ASSERT_TRUE(audit_->GetHistory(Context(OperatorToken()).get(), history_request, &history).ok());
  ASSERT_EQ(history.transitions_size(), 1);
  EXPECT_EQ(history.transitions(0).request_id(), "import/prelist-2024-03/1");

  // The drafts list in the order of the file.
  v1::ListProposalsResponse listed;
  ASSERT_TRUE(proposals_->ListProposals(Context(OperatorToken()).get(), {}, &listed).ok());
  ASSERT_EQ(listed.proposals_size(), 3);
  const int accepted_rows[] = {1, 3, 6};
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(listed.proposals(i).proposal_id(),
              first.results[accepted_rows[i] - 1].proposal_id());
  }

  // The same file again: accepted rows answer with their first result, refused
  // ones are refused again, nothing is added.
  ImportAnswer again = Import(OperatorToken(), rows);
  ASSERT_TRUE(again.status.ok()) << again.status.error_message();
  ASSERT_EQ(again.results.size(), 6u);
  for (int64_t row : {1, 3, 6}) {
    EXPECT_EQ(again.results[row - 1].code(), 0);
    EXPECT_EQ(again.results[row - 1].proposal_id(), first.results[row - 1].proposal_id());
    EXPECT_TRUE(again.results[row - 1].replayed());
  }
  for (int64_t row : {2, 4, 5}) {
    EXPECT_EQ(again.results[row - 1].code(), first.results[row - 1].code());
    EXPECT_EQ(again.results[row - 1].message(), first.results[row - 1].message());
  }
  EXPECT_EQ(CountRows("proposals"), 3);

  // Row 2 fixed in the file and sent again under the same import: accepted. Row 1
  // changed after it was accepted: refused, naming the row.
  std::vector<v1::ImportProposalsRequest> fixed = {Row(id, 2, kDesaA, 2), Row(id, 1, kDesaA, 1)};
  fixed[1].mutable_proposal()->mutable_household()->set_address("Dusun 9");
  ImportAnswer third = Import(OperatorToken(), fixed);
  ASSERT_TRUE(third.status.ok()) << third.status.error_message();
  ASSERT_EQ(third.results.size(), 2u);
  EXPECT_EQ(third.results[0].code(), 0) << third.results[0].message();
  EXPECT_FALSE(third.results[0].replayed());
  EXPECT_EQ(third.results[1].code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(third.results[1].message(),
              StartsWith("row_number 1 was already imported under this request_id with "
                         "different data"));
  EXPECT_EQ(CountRows("proposals"), 4);

  // No answer quotes personal data.
  for (const auto* answer : {&first, &again, &third}) {
    for (const auto& result : answer->results) {
      for (const auto& row : rows) {
        for (const auto& member : row.proposal().household().members()) {
          EXPECT_THAT(result.message(), ::testing::Not(HasSubstr(member.nik())));
        }
      }
    }
  }
}

TEST_F(ImportE2eTest, AnInterruptedImportResumesWithoutDuplicates) {
  const std::string id = "kabupaten-3201-march";
  std::vector<v1::ImportProposalsRequest> rows;
  for (int i = 1; i <= 130; ++i) rows.push_back(Row(id, i, kDesaA, 100 + i));

  // Send everything, but hang up once the first chunk (100 rows) is answered.
  std::vector<v1::ImportRowResult> before;
  {
    auto context = Context(OperatorToken());
    auto stream = proposals_->ImportProposals(context.get());
    std::thread writer([&] {
      for (const auto& row : rows) {
        if (!stream->Write(row)) break;
      }
      // No WritesDone: the client is interrupted mid-stream.
    });
    v1::ImportRowResult result;
    while (before.size() < 100 && stream->Read(&result)) before.push_back(result);
    context->TryCancel();
    writer.join();
    EXPECT_EQ(stream->Finish().error_code(), grpc::StatusCode::CANCELLED);
  }
  ASSERT_EQ(before.size(), 100u);
  EXPECT_EQ(CountRows("proposals"), 100);

  ImportAnswer resumed = Import(OperatorToken(), rows);
  ASSERT_TRUE(resumed.status.ok()) << resumed.status.error_message();
  ASSERT_EQ(resumed.results.size(), 130u);
  for (size_t i = 0; i < resumed.results.size(); ++i) {
    const auto& result = resumed.results[i];
    EXPECT_EQ(result.row_number(), static_cast<int64_t>(i + 1));
    EXPECT_EQ(result.code(), 0) << result.message();
    EXPECT_EQ(result.replayed(), i < 100) << "row " << i + 1;
    if (i < 100) {
      EXPECT_EQ(result.proposal_id(), before[i].proposal_id()) << "row " << i + 1;
    }
  }
  EXPECT_EQ(CountRows("proposals"), 130);
  EXPECT_EQ(CountRows("members"), 130 * 3);
}

TEST_F(ImportE2eTest, StreamRefusals) {
  // The first message must name the import.
  std::vector<v1::ImportProposalsRequest> unnamed = {Row("", 1, kDesaA, 1)};
  ImportAnswer answer = Import(OperatorToken(), unnamed);
  EXPECT_EQ(answer.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(answer.status.error_message(), HasSubstr("request_id"));
  EXPECT_TRUE(answer.results.empty());

  // A later message naming another import ends the stream after answering the
  // rows before it.
  std::vector<v1::ImportProposalsRequest> mixed = {Row("a", 1, kDesaA, 1),
                                                   Row("b", 2, kDesaA, 2)};
  answer = Import(OperatorToken(), mixed);
  EXPECT_EQ(answer.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(answer.status.error_message(), HasSubstr("request_id"));
  ASSERT_EQ(answer.results.size(), 1u);
  EXPECT_EQ(answer.results[0].code(), 0);

  // Roles that may not create proposals are refused once, for the whole stream.
  for (const std::string& token :
       {Token(Role::kDistrictOfficer, kKabupaten), HeadToken(), Token(Role::kAuditor, "")}) {
    answer = Import(token, {Row("c", 1, kDesaA, 3), Row("c", 2, kDesaA, 4)});
    EXPECT_EQ(answer.status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
    EXPECT_THAT(answer.status.error_message(), HasSubstr("may not create"));
    EXPECT_TRUE(answer.results.empty());
  }
  answer = Import("", {Row("d", 1, kDesaA, 5)});
  EXPECT_EQ(answer.status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(CountRows("proposals"), 1);

  // A message beyond gRPC's 4 MiB limit ends the stream with RESOURCE_EXHAUSTED.
  v1::ImportProposalsRequest huge = Row("e", 1, kDesaA, 6);
  huge.mutable_proposal()->set_reason(std::string(5 << 20, 'x'));
  answer = Import(OperatorToken(), {huge});
  EXPECT_EQ(answer.status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
}

TEST_F(ImportE2eTest, RowRefusalsNameTheField) {
  const std::string id = "fields";
  std::vector<v1::ImportProposalsRequest> rows = {
      Row(id, 0, kDesaA, 1),  Row(id, 1000001, kDesaA, 2), Row(id, 3, kDesaA, 3),
      Row(id, 3, kDesaA, 4),  Row(id, 5, kDesaA, 5),       Row(id, 6, kDesaA, 6),
      Row(id, 7, kDesaA, 7),  Row(id, 8, kDesaA, 8),
  };
  rows[4].mutable_proposal()->set_request_id("own-id");
  rows[5].clear_proposal();
  rows[6].mutable_proposal()->mutable_household()->set_address(std::string(70000, 'a'));
  rows[7].mutable_proposal()->clear_kind();
  ImportAnswer answer = Import(OperatorToken(), rows);
  ASSERT_TRUE(answer.status.ok()) << answer.status.error_message();
  ASSERT_EQ(answer.results.size(), rows.size());
  const auto invalid = grpc::StatusCode::INVALID_ARGUMENT;
  ExpectRefused(answer.results[0], 0, invalid, "row_number must be between 1 and 1000000");
  ExpectRefused(answer.results[1], 1000001, invalid, "row_number must be between 1 and 1000000");
  EXPECT_EQ(answer.results[2].code(), 0);
  ExpectRefused(answer.results[3], 3, invalid,
                "row_number 3 repeats an earlier row of this import stream");
  ExpectRefused(answer.results[4], 5, invalid,
                "proposal.request_id must be empty: the import's request_id and row_number "
                "identify the row");
  ExpectRefused(answer.results[5], 6, invalid, "proposal is required");
  EXPECT_EQ(answer.results[6].code(), invalid);
  EXPECT_THAT(answer.results[6].message(), HasSubstr("bytes; at most 65536"));
  ExpectRefused(answer.results[7], 8, invalid, "kind is required (NEW, CORRECTION, ...)");
  EXPECT_EQ(CountRows("proposals"), 1);
}

}  // namespace
}  // namespace usulan::testing
