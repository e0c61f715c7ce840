// ListProposals as a work queue: filters, region scope and keyset paging.
#include <set>

#include "tests/e2e/e2e_fixture.h"

namespace usulan::testing {
namespace {

using workflow::Role;

class ListE2eTest : public E2eTest {};

TEST_F(ListE2eTest, PagesCoverEveryRowOnceInOrder) {
  std::set<std::string> created;
  for (int seed = 1; seed <= 7; ++seed) created.insert(CreateAndSubmit(kDesaA, seed).proposal_id());
  v1::ListProposalsRequest request;
  request.set_page_size(3);
  std::set<std::string> seen;
  int pages = 0;
  google::protobuf::Timestamp previous;
  do {
    v1::ListProposalsResponse page;
    ASSERT_TRUE(proposals_->ListProposals(Context(OperatorToken()).get(), request, &page).ok());
    ++pages;
    for (const auto& row : page.proposals()) {
      EXPECT_TRUE(seen.insert(row.proposal_id()).second);
      EXPECT_GE(row.created_at().seconds() * 1'000'000'000LL + row.created_at().nanos(),
                previous.seconds() * 1'000'000'000LL + previous.nanos());
      previous = row.created_at();
      EXPECT_EQ(row.member_count(), 3);
      EXPECT_EQ(row.route(), v1::PROPOSAL_ROUTE_VILLAGE);
    }
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty());
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(seen, created);
}

TEST_F(ListE2eTest, FiltersByStateKindAndRegion) {
  CreateAndSubmit(kDesaA, 1);
  CreateAndSubmit(kDesaB, 2);
  v1::Proposal draft;
  ASSERT_TRUE(proposals_->CreateProposal(Context(OperatorToken()).get(), NewProposal(kDesaA, 3), &draft).ok());

  std::string dinsos = Token(Role::kDistrictOfficer, kKabupaten);
  v1::ListProposalsRequest request;
  v1::ListProposalsResponse out;
  ASSERT_TRUE(proposals_->ListProposals(Context(dinsos).get(), request, &out).ok());
  EXPECT_EQ(out.proposals_size(), 3);

  request.add_states(v1::PROPOSAL_STATE_PRELIST);
  ASSERT_TRUE(proposals_->ListProposals(Context(dinsos).get(), request, &out).ok());
  EXPECT_EQ(out.proposals_size(), 2);

  request.set_region_prefix(kDesaB);
  ASSERT_TRUE(proposals_->ListProposals(Context(dinsos).get(), request, &out).ok());
  ASSERT_EQ(out.proposals_size(), 1);
  EXPECT_EQ(out.proposals(0).desa_code(), kDesaB);

  request.clear_region_prefix();
  request.add_kinds(v1::PROPOSAL_KIND_OBJECTION);
  ASSERT_TRUE(proposals_->ListProposals(Context(dinsos).get(), request, &out).ok());
  EXPECT_EQ(out.proposals_size(), 0);
  request.clear_kinds();
  request.add_kinds(v1::PROPOSAL_KIND_NEW);
  ASSERT_TRUE(proposals_->ListProposals(Context(dinsos).get(), request, &out).ok());
  EXPECT_EQ(out.proposals_size(), 2);

  v1::ListProposalsRequest mine;
  ASSERT_TRUE(proposals_->ListProposals(Context(OperatorToken(kDesaB)).get(), mine, &out).ok());
  EXPECT_EQ(out.proposals_size(), 1);
}

TEST_F(ListE2eTest, PrefixOutsideTheCallersRegionIsDenied) {
  v1::ListProposalsRequest request;
  request.set_region_prefix("3202");
  v1::ListProposalsResponse out;
  EXPECT_EQ(proposals_->ListProposals(Context(Token(Role::kDistrictOfficer, kKabupaten)).get(), request, &out)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  request.set_region_prefix("32x");
  EXPECT_EQ(proposals_->ListProposals(Context(Token(Role::kDistrictOfficer, kKabupaten)).get(), request, &out)
                .error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(ListE2eTest, BadPagingInputIsInvalid) {
  v1::ListProposalsRequest request;
  request.set_page_size(501);
  v1::ListProposalsResponse out;
  grpc::Status status = proposals_->ListProposals(Context(OperatorToken()).get(), request, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), ::testing::HasSubstr("page_size"));
  request.set_page_size(10);
  request.set_page_token("garbage!");
  status = proposals_->ListProposals(Context(OperatorToken()).get(), request, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), ::testing::HasSubstr("page_token"));
}

}  // namespace
}  // namespace usulan::testing
