// Work queues through the real server: waiting_for_me per role, a verifier's
// own assignments, overdue proposals (with a moved clock), CountProposals and
// LookupNik inside and outside the caller's region.
#include <map>
#include <set>

#include "services/convert.h"
#include "tests/e2e/e2e_fixture.h"
#include "workflow/queues.h"

namespace usulan::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using workflow::Role;
using workflow::State;

class QueuesE2eTest : public E2eTest {
 protected:
  // A DRAFT in `desa` (household `seed`); returns its id.
  std::string Draft(const std::string& desa, int seed) {
    v1::Proposal created;
    grpc::Status status = proposals_->CreateProposal(Context(OperatorToken(desa)).get(),
                                                     NewProposal(desa, seed, false), &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return created.proposal_id();
  }

  // Puts a proposal straight into `state` (the services that move proposals past
  // AGREED are not what these tests are about; the listing is).
  void Force(const std::string& id, State state, const std::string& verifier = "") {
    database_->ExecAsSuperuser("UPDATE proposals SET state = '" +
                               std::string(workflow::Name(state)) + "', assigned_verifier = '" +
                               verifier + "' WHERE id = '" + id + "'");
  }

  // Every page of a listing, as (id -> state).
  std::map<std::string, v1::ProposalState> ListAll(const std::string& token,
                                                   v1::ListProposalsRequest request,
                                                   int page_size = 3) {
    std::map<std::string, v1::ProposalState> out;
    request.set_page_size(page_size);
    for (int pages = 0; pages < 100; ++pages) {
      v1::ListProposalsResponse page;
      grpc::Status status = proposals_->ListProposals(Context(token).get(), request, &page);
      EXPECT_TRUE(status.ok()) << status.error_message();
      for (const auto& row : page.proposals()) {
        EXPECT_TRUE(out.emplace(row.proposal_id(), row.state()).second) << "listed twice";
      }
      if (page.next_page_token().empty()) break;
      request.set_page_token(page.next_page_token());
    }
    return out;
  }

  std::set<v1::ProposalState> StatesOf(const std::map<std::string, v1::ProposalState>& rows) {
    std::set<v1::ProposalState> out;
    for (const auto& [id, state] : rows) out.insert(state);
    return out;
  }

  v1::ListProposalsRequest WaitingForMe() {
    v1::ListProposalsRequest request;
    request.set_waiting_for_me(true);
    return request;
  }
};

TEST_F(QueuesE2eTest, WaitingForMeIsEachRolesQueue) {
  // One proposal in every non-terminal state and in ACCEPTED, all in desa A; the
  // one in verification is assigned to verifier v1.
  std::map<State, std::string> ids;
  int seed = 0;
  for (State state : workflow::kAllStates) {
    if (workflow::IsTerminal(state) && state != State::kAccepted) continue;
    ids[state] = Draft(kDesaA, ++seed);
    Force(ids[state], state, state == State::kInVerification ? "v1" : "");
  }
  struct Case {
    Role role;
    std::string region;
    std::string subject;
  };
  const Case cases[] = {
      {Role::kVillageOperator, kDesaA, ""},  {Role::kVillageHead, kDesaA, ""},
      {Role::kVerifier, kKabupaten, "v1"},   {Role::kDistrictOfficer, kKabupaten, ""},
      {Role::kRegent, kKabupaten, ""},       {Role::kProvinceOfficer, kProvince, ""},
      {Role::kCentralReviewer, "", ""},      {Role::kSystem, "", ""},
      {Role::kAuditor, "", ""},
  };
  for (const Case& c : cases) {
    std::set<v1::ProposalState> want;
    for (State state : workflow::QueueStates(c.role)) want.insert(services::ToProto(state));
    auto rows = ListAll(Token(c.role, c.region, c.subject), WaitingForMe());
    EXPECT_EQ(StatesOf(rows), want) << workflow::Name(c.role);
    EXPECT_EQ(rows.size(), want.size()) << workflow::Name(c.role);
  }
  // The auditor's queue is empty, not "everything".
  EXPECT_TRUE(ListAll(Token(Role::kAuditor, ""), WaitingForMe()).empty());
  // Without waiting_for_me the district officer sees every state of its region.
  EXPECT_EQ(ListAll(Token(Role::kDistrictOfficer, kKabupaten), {}).size(), ids.size());

  // Combined with states: the intersection; states outside the queue: nothing.
  std::string dinsos = Token(Role::kDistrictOfficer, kKabupaten);
  v1::ListProposalsRequest both = WaitingForMe();
  both.add_states(v1::PROPOSAL_STATE_DISTRICT_REVIEW);
  both.add_states(v1::PROPOSAL_STATE_PRELIST);
  EXPECT_EQ(StatesOf(ListAll(dinsos, both)),
            std::set<v1::ProposalState>{v1::PROPOSAL_STATE_DISTRICT_REVIEW});
  v1::ListProposalsRequest none = WaitingForMe();
  none.add_states(v1::PROPOSAL_STATE_PRELIST);
  v1::ListProposalsResponse empty;
  ASSERT_TRUE(proposals_->ListProposals(Context(dinsos).get(), none, &empty).ok());
  EXPECT_EQ(empty.proposals_size(), 0);
  EXPECT_TRUE(empty.next_page_token().empty());
}

TEST_F(QueuesE2eTest, AMultiStateQueuePagesAcrossStatesInCreationOrder) {
  // The operator's queue over DRAFT, NIK_MISMATCH, AGREED and RETURNED, interleaved.
  const State cycle[] = {State::kDraft, State::kNikMismatch, State::kPrelist, State::kAgreed,
                         State::kReturned};
  std::vector<std::string> expected;  // in creation order
  for (int i = 0; i < 15; ++i) {
    std::string id = Draft(kDesaA, i + 1);
    Force(id, cycle[i % 5]);
    if (cycle[i % 5] != State::kPrelist) expected.push_back(id);
  }
  v1::ListProposalsRequest request = WaitingForMe();
  request.set_page_size(4);
  std::vector<std::string> got;
  int pages = 0;
  do {
    v1::ListProposalsResponse page;
    ASSERT_TRUE(proposals_->ListProposals(Context(OperatorToken()).get(), request, &page).ok());
    ++pages;
    for (const auto& row : page.proposals()) got.push_back(row.proposal_id());
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty());
  EXPECT_EQ(got, expected);
  EXPECT_EQ(pages, 3);
}

TEST_F(QueuesE2eTest, AVerifierSeesOnlyTheirAssignments) {
  std::string mine = Draft(kDesaA, 1), theirs = Draft(kDesaB, 2), open = Draft(kDesaA, 3);
  std::string done = Draft(kDesaA, 4);
  Force(mine, State::kInVerification, "v1");
  Force(theirs, State::kInVerification, "v2");
  Force(open, State::kAgreed);
  Force(done, State::kVerified, "v1");  // an earlier assignment stays readable
  std::string v1 = Token(Role::kVerifier, kKabupaten, "v1");

  auto listed = ListAll(v1, {});
  EXPECT_EQ(listed.size(), 2u);
  EXPECT_TRUE(listed.count(mine) && listed.count(done));
  auto queue = ListAll(v1, WaitingForMe());
  ASSERT_EQ(queue.size(), 1u);
  EXPECT_EQ(queue.begin()->first, mine);
  // A desa-level verifier of the village sees the same assignment.
  EXPECT_EQ(ListAll(Token(Role::kVerifier, kDesaA, "v1"), WaitingForMe()).size(), 1u);
  EXPECT_TRUE(ListAll(Token(Role::kVerifier, kDesaB, "v1"), WaitingForMe()).empty());

  v1::GetProposalRequest get;
  v1::Proposal proposal;
  get.set_proposal_id(mine);
  EXPECT_TRUE(proposals_->GetProposal(Context(v1).get(), get, &proposal).ok());
  for (const std::string& other : {theirs, open}) {
    get.set_proposal_id(other);
    grpc::Status status = proposals_->GetProposal(Context(v1).get(), get, &proposal);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
    EXPECT_THAT(status.error_message(), HasSubstr("assigned"));
  }
  // Dinsos of the kabupaten still reads everything.
  EXPECT_TRUE(
      proposals_->GetProposal(Context(Token(Role::kDistrictOfficer, kKabupaten)).get(), get,
                              &proposal)
          .ok());

  v1::CountProposalsRequest count;
  v1::CountProposalsResponse counted;
  ASSERT_TRUE(proposals_->CountProposals(Context(v1).get(), count, &counted).ok());
  EXPECT_EQ(counted.total(), 2);
}

TEST_F(QueuesE2eTest, OverdueFollowsTheClockAndStateChanges) {
  std::string old_draft = CreateAndSubmit(kDesaA, 1).proposal_id();  // PRELIST
  std::string resubmitted = Draft(kDesaA, 2);
  clock_.Advance(std::chrono::hours(24 * 10));
  std::string fresh = Draft(kDesaA, 3);
  // Submitting after ten days starts its time in PRELIST anew.
  Register(MakeHousehold(kDesaA, 2));
  v1::SubmitProposalRequest submit;
  submit.set_request_id(NextRequestId());
  submit.set_proposal_id(resubmitted);
  v1::Proposal submitted;
  ASSERT_TRUE(
      proposals_->SubmitProposal(Context(OperatorToken()).get(), submit, &submitted).ok());
  ASSERT_EQ(submitted.state(), v1::PROPOSAL_STATE_PRELIST);

  std::string dinsos = Token(Role::kDistrictOfficer, kKabupaten);
  v1::ListProposalsRequest request;
  request.set_overdue_days(5);
  auto overdue = ListAll(dinsos, request);
  EXPECT_EQ(overdue.size(), 1u);
  EXPECT_TRUE(overdue.count(old_draft));
  request.set_overdue_days(11);
  EXPECT_TRUE(ListAll(dinsos, request).empty());
  request.set_overdue_days(0);
  EXPECT_EQ(ListAll(dinsos, request).size(), 3u);
  static_cast<void>(fresh);

  // The village head's queue (PRELIST), overdue after 5 days: the old one only.
  v1::ListProposalsRequest head = WaitingForMe();
  head.set_overdue_days(5);
  auto head_overdue = ListAll(HeadToken(), head);
  ASSERT_EQ(head_overdue.size(), 1u);
  EXPECT_EQ(head_overdue.begin()->first, old_draft);

  v1::CountProposalsRequest count;
  count.set_overdue_days(5);
  v1::CountProposalsResponse counted;
  ASSERT_TRUE(proposals_->CountProposals(Context(dinsos).get(), count, &counted).ok());
  EXPECT_EQ(counted.total(), 1);
  ASSERT_EQ(counted.by_state_size(), 1);
  EXPECT_EQ(counted.by_state(0).state(), v1::PROPOSAL_STATE_PRELIST);
}

TEST_F(QueuesE2eTest, CountsPerStateAndKindWithinTheCallersRegion) {
  CreateAndSubmit(kDesaA, 1);
  CreateAndSubmit(kDesaB, 2);
  Draft(kDesaA, 3);
  CreateAndSubmit(kOtherKabupatenDesa, 4);

  v1::CountProposalsRequest request;
  v1::CountProposalsResponse counted;
  std::string dinsos = Token(Role::kDistrictOfficer, kKabupaten);
  ASSERT_TRUE(proposals_->CountProposals(Context(dinsos).get(), request, &counted).ok());
  EXPECT_EQ(counted.region_prefix(), kKabupaten);
  EXPECT_EQ(counted.total(), 3);
  ASSERT_EQ(counted.by_state_size(), 2);
  EXPECT_EQ(counted.by_state(0).state(), v1::PROPOSAL_STATE_DRAFT);  // lifecycle order
  EXPECT_EQ(counted.by_state(0).count(), 1);
  EXPECT_EQ(counted.by_state(1).state(), v1::PROPOSAL_STATE_PRELIST);
  EXPECT_EQ(counted.by_state(1).count(), 2);
  ASSERT_EQ(counted.by_state_and_kind_size(), 2);
  EXPECT_EQ(counted.by_state_and_kind(1).kind(), v1::PROPOSAL_KIND_NEW);
  EXPECT_EQ(counted.by_state_and_kind(1).count(), 2);
  EXPECT_TRUE(counted.has_as_of());

  request.set_region_prefix(kDesaB);
  ASSERT_TRUE(proposals_->CountProposals(Context(dinsos).get(), request, &counted).ok());
  EXPECT_EQ(counted.total(), 1);
  ASSERT_TRUE(proposals_->CountProposals(Context(Token(Role::kCentralReviewer, "")).get(),
                                         v1::CountProposalsRequest(), &counted)
                  .ok());
  EXPECT_EQ(counted.total(), 4);

  request.set_region_prefix("3202");
  EXPECT_EQ(proposals_->CountProposals(Context(dinsos).get(), request, &counted).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(proposals_->CountProposals(Context("").get(), request, &counted).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(QueuesE2eTest, NewFieldsRefuseBadValuesNamingTheField) {
  std::string dinsos = Token(Role::kDistrictOfficer, kKabupaten);
  for (int days : {-1, 3651}) {
    v1::ListProposalsRequest list;
    list.set_overdue_days(days);
    v1::ListProposalsResponse listed;
    grpc::Status status = proposals_->ListProposals(Context(dinsos).get(), list, &listed);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << days;
    EXPECT_THAT(status.error_message(), HasSubstr("overdue_days")) << days;

    v1::CountProposalsRequest count;
    count.set_overdue_days(days);
    v1::CountProposalsResponse counted;
    status = proposals_->CountProposals(Context(dinsos).get(), count, &counted);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << days;
    EXPECT_THAT(status.error_message(), HasSubstr("overdue_days")) << days;
  }
  v1::ListProposalsRequest edge;
  edge.set_overdue_days(3650);
  v1::ListProposalsResponse listed;
  EXPECT_TRUE(proposals_->ListProposals(Context(dinsos).get(), edge, &listed).ok());

  v1::CountProposalsRequest count;
  count.set_region_prefix("32010");
  v1::CountProposalsResponse counted;
  grpc::Status status = proposals_->CountProposals(Context(dinsos).get(), count, &counted);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("region_prefix"));

  for (const std::string nik : {"", "123", "32010115019000011", "320101150190000x",
                                "3201019901900001" /* day 99 */}) {
    v1::LookupNikRequest lookup;
    lookup.set_nik(nik);
    v1::LookupNikResponse found;
    status = proposals_->LookupNik(Context(OperatorToken()).get(), lookup, &found);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << nik;
    EXPECT_THAT(status.error_message(), HasSubstr("nik")) << nik;
    if (!nik.empty()) {
      EXPECT_THAT(status.error_message(), Not(HasSubstr(nik)));
    }
  }
}

TEST_F(QueuesE2eTest, LookupNikAnswersOnlyInsideTheCallersScope) {
  v1::Proposal listed = CreateAndSubmit(kDesaA, 7);
  const v1::Household household = MakeHousehold(kDesaA, 7);
  const std::string spouse_nik = household.members(1).nik();
  v1::LookupNikRequest lookup;
  lookup.set_nik(spouse_nik);

  auto ask = [&](const std::string& token) {
    v1::LookupNikResponse found;
    grpc::Status status = proposals_->LookupNik(Context(token).get(), lookup, &found);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return found;
  };
  // Inside the caller's region: the household as entered.
  for (const std::string& token :
       {OperatorToken(), Token(Role::kDistrictOfficer, kKabupaten),
        Token(Role::kCentralReviewer, "")}) {
    v1::LookupNikResponse found = ask(token);
    ASSERT_EQ(found.proposals_size(), 1);
    const v1::NikProposal& hit = found.proposals(0);
    EXPECT_EQ(hit.proposal_id(), listed.proposal_id());
    EXPECT_EQ(hit.state(), v1::PROPOSAL_STATE_PRELIST);
    EXPECT_EQ(hit.desa_code(), kDesaA);
    EXPECT_EQ(hit.position(), 2);
    EXPECT_FALSE(hit.masked());
    EXPECT_EQ(hit.name(), household.members(1).name());
    EXPECT_EQ(hit.kk_number(), household.kk_number());
    ASSERT_EQ(hit.other_members_size(), 2);
    EXPECT_EQ(hit.other_members(0).position(), 1);
    EXPECT_EQ(hit.other_members(0).nik(), household.members(0).nik());
    EXPECT_EQ(hit.other_members(0).name(), household.members(0).name());
    EXPECT_EQ(hit.other_members(0).relationship(), v1::RELATIONSHIP_HEAD);
  }
  // Outside it nothing is answered, not even masked: the operator of another
  // desa, another kabupaten's Dinsos, a verifier not assigned to it.
  for (const std::string& token :
       {OperatorToken(kDesaB), Token(Role::kDistrictOfficer, "3202"),
        Token(Role::kVerifier, kKabupaten, "v9")}) {
    EXPECT_EQ(ask(token).proposals_size(), 0);
  }
  // Someone in no proposal.
  lookup.set_nik(MakeNik("320101", "1970-01-01", false, 9999));
  EXPECT_EQ(ask(OperatorToken()).proposals_size(), 0);
  lookup.set_nik(spouse_nik);
  v1::LookupNikResponse none;
  EXPECT_EQ(proposals_->LookupNik(Context("").get(), lookup, &none).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

}  // namespace
}  // namespace usulan::testing
