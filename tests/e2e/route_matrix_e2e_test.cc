// Issue 15's refusal matrix, through the real server and PostgreSQL: every step
// machine version 4 added (docs/lifecycle.md, "Routes into the register") and
// every RPC that serves one is done by the role that owns it, and refused with
// PERMISSION_DENIED, changing nothing, for every other role in a region of its
// own level that covers desa A (a citizen acting as an office among them) and
// for the owners from a region of their level that does not cover it (a citizen
// of another desa objecting among them). "Nothing" is World(): every proposal's
// state and version, every register entry's status and version, and the rows of
// the audit trail, the register's history and the idempotency records.
//
// Data-driven: one row per step (Steps()), one parameterised test per row so
// that ctest runs them side by side. A row names the owners, how a fresh item is
// brought to the step's source state, the call, and what the owner's call must
// have done (the state reached, and the last audit records with their roles).
// The VILLAGE route's transitions are in transition_matrix_e2e_test.cc (the
// shared part in refusal_matrix.h); the citizen calling every office RPC is in
// auditor_no_household_e2e_test.cc, with the requests of every method.
//
// The second table (EntryRefusals()) holds the state refusals of register
// entries: a change the entry's status or an open change forbids is
// FAILED_PRECONDITION and changes nothing, through every route that files it.
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "tests/e2e/document_calls.h"
#include "tests/e2e/refusal_matrix.h"
#include "tests/support/households.h"
#include "usulan/v1/citizen_service.grpc.pb.h"
#include "usulan/v1/register_service.grpc.pb.h"
#include "workflow/cycle.h"
#include "workflow/death_list.h"
#include "workflow/welfare_ranking.h"

namespace usulan::testing {
namespace {

using ::testing::HasSubstr;
using workflow::Role;

constexpr char kCitizenSubject[] = "warga.matrix";
constexpr char kDeathSince[] = "2026-11-01";

// The death list the server asks: what a test put in it (nothing by default).
class PlantedDeathList final : public workflow::DeathList {
 public:
  absl::StatusOr<workflow::DeathPage> Deaths(std::string_view, std::string_view) override {
    return workflow::DeathPage{deaths, ""};
  }
  std::vector<workflow::DeathRecord> deaths;  // set before the server is called
};

// A ranking source that knows every ranking id and ranks nobody: Pusdatin's call
// succeeds and changes nothing.
class EmptyRankings final : public workflow::WelfareRanking {
 public:
  absl::StatusOr<workflow::RankingPage> Rankings(std::string_view, std::string_view) override {
    return workflow::RankingPage{};
  }
};

// What a step works on: a proposal (`id`), or the inputs of a filing or a
// creation (the photo, the register entry, the creation request).
struct Item {
  std::string id;
  std::string photo;
  std::string entry;
  v1::CreateProposalRequest create;
  v1::Household household;  // what a take-up, a correction or an edit sends
};

// What the server answered a call: its status and the proposal it answered.
struct Answer {
  grpc::Status status;
  std::string proposal_id;
};

class RouteMatrixTest : public RefusalMatrixTest {
 public:
  // The fixture's helpers the tables below call.
  using E2eTest::CountRows;
  using E2eTest::NewProposal;
  using E2eTest::OperatorToken;
  using E2eTest::Register;
  using LifecycleTest::AssignVerifierAs;
  using LifecycleTest::Created;
  using LifecycleTest::DinsosToken;
  using LifecycleTest::FilerToken;
  using LifecycleTest::Get;
  using LifecycleTest::ListedEntry;
  using LifecycleTest::OnRoute;
  using LifecycleTest::PusdatinToken;
  using LifecycleTest::RecordVisit;
  using LifecycleTest::SeededEntry;
  using RefusalMatrixTest::OpenReviewOf;

  void SetUp() override {
    RefusalMatrixTest::SetUp();
    citizens_ = v1::CitizenService::NewStub(channel_);
    documents_ = v1::DocumentService::NewStub(channel_);
    register_ = v1::RegisterService::NewStub(channel_);
  }

  void ConfigureServer(server::ServerOptions& options) override {
    options.central_sources = {&deaths_, &rankings_};
  }

  std::string CitizenOf(const std::string& desa = kDesaA) const {
    return Token(Role::kCitizen, desa, kCitizenSubject);
  }

  // A house photo uploaded by kCitizenSubject of desa A, who alone may cite it
  // (docs/documents.md); its SHA-256.
  std::string Photo(int seed) {
    return UploadPhoto(*documents_, *Context(CitizenOf()), NextRequestId(), seed);
  }

  // The clock past the retention of settled households' personal data.
  void PastRetention() { clock_.Advance(std::chrono::hours(24) * (kRetentionDays + 1)); }

  // The answer of a call that has returned (its `out` read only after it).
  static Answer Of(const grpc::Status& status, const std::string& proposal_id) {
    return {status, status.ok() ? proposal_id : ""};
  }

  // ---- Items, each brought to a step's source state by the steps' owners ----

  // A citizen's usul mandiri for the household of `seed` (in the civil registry),
  // in CITIZEN_PROPOSED.
  std::string CitizenProposed(int seed) {
    const Answer filed =
        FileProposal(NewProposal(kDesaA, seed).household(), Photo(seed), CitizenOf());
    EXPECT_TRUE(filed.status.ok()) << filed.status.error_message();
    return filed.proposal_id;
  }

  // A citizen's objection to the listed household of `seed`, in OBJECTION_FILED.
  std::string Objected(int seed) {
    const Answer filed = FileObjection(ListedEntry(seed), Photo(seed), CitizenOf());
    EXPECT_TRUE(filed.status.ok()) << filed.status.error_message();
    return filed.proposal_id;
  }
  std::string ObjectionInVerification(int seed) {
    const std::string id = Objected(seed);
    grpc::Status status = AssignVerifierAs({id}, DinsosToken());
    EXPECT_TRUE(status.ok()) << status.error_message();
    return id;
  }
  std::string ObjectionUpheld(int seed) {
    const std::string id = ObjectionInVerification(seed);
    grpc::Status status = RecordVisit(id, v1::VISIT_OUTCOME_COMPLETED, true, VerifierToken());
    EXPECT_TRUE(status.ok()) << status.error_message();
    return id;
  }

  // The district's proposal of `seed`, submitted: AWAITING_VISIT, or
  // NIK_MISMATCH when its members are not `registered`.
  std::string DistrictSubmitted(int seed, bool registered = true) {
    const std::string id = Created(v1::PROPOSAL_ROUTE_DISTRICT, seed, registered).proposal_id();
    const Answer submitted = Submit(id, DinsosToken());
    EXPECT_TRUE(submitted.status.ok()) << submitted.status.error_message();
    return id;
  }
  std::string DistrictVerified(int seed) {
    const std::string id = DistrictSubmitted(seed);
    grpc::Status status = AssignVerifierAs({id}, DinsosToken());
    EXPECT_TRUE(status.ok()) << status.error_message();
    status = RecordVisit(id, v1::VISIT_OUTCOME_COMPLETED, true, VerifierToken());
    EXPECT_TRUE(status.ok()) << status.error_message();
    return id;
  }
  // `id` (VERIFIED, of a route the district prepares) opened for review and
  // returned by Dinsos: RETURNED.
  std::string ReturnedByDinsos(const std::string& id) {
    grpc::Status status = OpenReviewOf(id, DinsosToken());
    EXPECT_TRUE(status.ok()) << status.error_message();
    status = ReturnProposal(id, DinsosToken());
    EXPECT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(StateOf(id), v1::PROPOSAL_STATE_RETURNED);
    return id;
  }

  std::string PbiJkSubmitted(int seed) {
    const std::string id = Created(v1::PROPOSAL_ROUTE_PBI_JK, seed).proposal_id();
    const Answer submitted = Submit(id, DinsosToken());
    EXPECT_TRUE(submitted.status.ok()) << submitted.status.error_message();
    return id;
  }
  std::string CentralConfirmed(int seed) {
    const std::string id = Created(v1::PROPOSAL_ROUTE_CENTRAL, seed).proposal_id();
    const Answer confirmed = Confirm(id, true, DinsosToken());
    EXPECT_TRUE(confirmed.status.ok()) << confirmed.status.error_message();
    return id;
  }

  // ---- The calls ----

  Answer FileProposal(const v1::Household& household, const std::string& photo,
                      const std::string& token) {
    v1::FileProposalRequest request;
    request.set_request_id(NextRequestId());
    *request.mutable_household() = household;
    request.set_reason("rumah bocor, penghasilan tidak tetap");
    request.add_document_hashes(photo);
    v1::Filing out;
    const grpc::Status status = citizens_->FileProposal(Context(token).get(), request, &out);
    return Of(status, out.proposal_id());
  }
  Answer FileObjection(const std::string& entry, const std::string& photo,
                       const std::string& token) {
    v1::Filing out;
    const grpc::Status status =
        citizens_->FileObjection(Context(token).get(), ObjectionRequest(entry, photo), &out);
    return Of(status, out.proposal_id());
  }
  Answer Create(const v1::CreateProposalRequest& request, const std::string& token) {
    v1::CreateProposalRequest fresh = request;
    fresh.set_request_id(NextRequestId());
    v1::Proposal out;
    const grpc::Status status = proposals_->CreateProposal(Context(token).get(), fresh, &out);
    return Of(status, out.proposal_id());
  }
  Answer UpdateDraft(const std::string& id, const v1::Household& household,
                     const std::string& token) {
    v1::UpdateDraftRequest request;
    request.set_request_id(NextRequestId());
    request.set_proposal_id(id);
    *request.mutable_household() = household;
    v1::Proposal out;
    const grpc::Status status = proposals_->UpdateDraft(Context(token).get(), request, &out);
    return Of(status, out.proposal_id());
  }
  Answer Submit(const std::string& id, const std::string& token) {
    v1::SubmitProposalRequest request;
    request.set_request_id(NextRequestId());
    request.set_proposal_id(id);
    v1::Proposal out;
    const grpc::Status status = proposals_->SubmitProposal(Context(token).get(), request, &out);
    return Of(status, out.proposal_id());
  }
  // A correction of a NIK_MISMATCH, or the rework of a RETURNED proposal.
  Answer Correct(const std::string& id, const v1::Household& household, const std::string& token) {
    v1::CorrectProposalRequest request;
    request.set_request_id(NextRequestId());
    request.set_proposal_id(id);
    *request.mutable_household() = household;
    request.set_reason("data diperbaiki setelah kunjungan kedua");
    v1::Proposal out;
    const grpc::Status status = proposals_->CorrectProposal(Context(token).get(), request, &out);
    return Of(status, out.proposal_id());
  }
  Answer Withdraw(const std::string& id, const std::string& token) {
    v1::WithdrawProposalRequest request;
    request.set_request_id(NextRequestId());
    request.set_proposal_id(id);
    request.set_reason("rumah tangga pindah ke luar kabupaten");
    v1::Proposal out;
    const grpc::Status status = proposals_->WithdrawProposal(Context(token).get(), request, &out);
    return Of(status, out.proposal_id());
  }
  Answer TakeUp(const std::string& id, const v1::Household& household, const std::string& token) {
    v1::Proposal out;
    const grpc::Status status =
        proposals_->TakeUpProposal(Context(token).get(), TakeUpRequest(id, household), &out);
    return Of(status, out.proposal_id());
  }
  Answer Decline(const std::string& id, const std::string& token) {
    v1::Proposal out;
    const grpc::Status status =
        proposals_->DeclineProposal(Context(token).get(), DeclineRequest(id), &out);
    return Of(status, out.proposal_id());
  }
  Answer Confirm(const std::string& id, bool confirmed, const std::string& token) {
    v1::Proposal out;
    const grpc::Status status =
        review_->ConfirmCentralChange(Context(token).get(), ConfirmRequest(id, confirmed), &out);
    return Of(status, out.proposal_id());
  }
  Answer Decide(const std::string& id, const std::string& token) {
    v1::Proposal out;
    const grpc::Status status =
        decisions_->DecideProposal(Context(token).get(), AcceptRequest(id), &out);
    return Of(status, out.proposal_id());
  }
  Answer Erase(const std::string& id, const std::string& token) {
    v1::ErasePersonalDataRequest request;
    request.set_request_id(NextRequestId());
    request.set_proposal_id(id);
    request.set_reason("retention period over");
    v1::Proposal out;
    const grpc::Status status =
        personal_data_->ErasePersonalData(Context(token).get(), request, &out);
    return Of(status, out.proposal_id());
  }
  Answer FileDeceased(const std::string& token, v1::FileDeceasedChangesResponse* out) {
    v1::FileDeceasedChangesRequest request;
    request.set_request_id(NextRequestId());
    request.set_since_date(kDeathSince);
    return {register_->FileDeceasedChanges(Context(token).get(), request, out), ""};
  }
  Answer ApplyRanking(const std::string& token) {
    v1::ApplyWelfareRankingRequest request;
    request.set_request_id(NextRequestId());
    request.set_ranking_id("2026-Q4");
    v1::ApplyWelfareRankingResponse out;
    return {register_->ApplyWelfareRanking(Context(token).get(), request, &out), ""};
  }
  // The cycle's determination, every chunk read.
  Answer Export(bool with_personal_data, const std::string& token) {
    v1::ExportDeterminationRequest request;
    request.set_cycle(workflow::CycleOf(clock_.Now()));
    request.set_include_personal_data(with_personal_data);
    auto context = Context(token);
    auto reader = register_->ExportDetermination(context.get(), request);
    v1::DeterminationFileChunk chunk;
    while (reader->Read(&chunk)) {
    }
    return {reader->Finish(), ""};
  }

  PlantedDeathList deaths_;
  EmptyRankings rankings_;
  std::unique_ptr<v1::CitizenService::Stub> citizens_;
  std::unique_ptr<v1::DocumentService::Stub> documents_;
  std::unique_ptr<v1::RegisterService::Stub> register_;
};

// One row of the matrix.
struct RouteStep {
  const char* name;
  // The roles that own the step; the first one's call, from its home region,
  // is the control that the step works.
  std::vector<Role> owners;
  // A fresh item in the step's source state.
  std::function<Item(RouteMatrixTest&)> prepare;
  std::function<Answer(RouteMatrixTest&, const Item&, const std::string& token)> call;
  // After the owner's call: the state of the proposal it answered (or the
  // item's), and the last audit records; none for the register's own calls.
  v1::ProposalState to = v1::PROPOSAL_STATE_UNSPECIFIED;
  std::vector<std::pair<std::string, Role>> events;
  // Whether the owners from a region that does not cover desa A are refused too:
  // not where the caller's own region is the step's scope (a citizen's usul
  // mandiri is filed in the token's desa; a region exports its own changes).
  bool with_foreign = true;
  // Every caller's subject ("" for the fixture's "<role>@<region>").
  std::string subject;
  // Callers refused beyond RefusedCallers(owners).
  std::vector<Caller> also_refused;
};

void PrintTo(const RouteStep& step, std::ostream* out) { *out << step.name; }

Item OfId(std::string id) { return Item{std::move(id), "", "", {}, {}}; }

// The household of `seed` in desa A, with a new monthly income.
v1::Household EditedHousehold(int seed) {
  v1::Household household = MakeHousehold(kDesaA, seed);
  household.mutable_socio_economic()->set_monthly_income_idr(650000);
  return household;
}

// The calls of several rows, on the item's proposal as `token`.
Answer AssignTheVerifier(RouteMatrixTest& t, const Item& item, const std::string& token) {
  return {t.AssignVerifierAs({item.id}, token), ""};
}
Answer SubmitIt(RouteMatrixTest& t, const Item& item, const std::string& token) {
  return t.Submit(item.id, token);
}
Answer CorrectIt(RouteMatrixTest& t, const Item& item, const std::string& token) {
  return t.Correct(item.id, item.household, token);
}
Answer OpenItsReview(RouteMatrixTest& t, const Item& item, const std::string& token) {
  return {t.OpenReviewOf(item.id, token), ""};
}
Answer Uphold(RouteMatrixTest& t, const Item& item, const std::string& token) {
  return {t.RecordVisit(item.id, v1::VISIT_OUTCOME_COMPLETED, true, token), ""};
}
Answer DecideIt(RouteMatrixTest& t, const Item& item, const std::string& token) {
  return t.Decide(item.id, token);
}

// The row of creating `route`'s proposal (OnRoute, household `seed`) by `owner`.
RouteStep Creation(const char* name, v1::ProposalRoute route, Role owner, int seed,
                   v1::ProposalState to) {
  return {name,
          {owner},
          [route, seed](RouteMatrixTest& t) {
            Item item;
            item.create = t.OnRoute(route, seed);
            return item;
          },
          [](RouteMatrixTest& t, const Item& item, const std::string& token) {
            return t.Create(item.create, token);
          },
          to,
          {{"create", owner}}};
}

// Verifiers of the right regions who are not the one assigned.
std::vector<Caller> OtherVerifiers() {
  return {{Role::kVerifier, kKabupaten, "verifier.other"},
          {Role::kVerifier, kDesaA, "verifier.other"}};
}

const std::vector<RouteStep>& Steps() {
  using T = RouteMatrixTest;
  static const auto* steps = new std::vector<RouteStep>{
      // ---- CitizenService: the citizens' own filings ----
      {"CitizenFilesAnUsulMandiri",
       {Role::kCitizen},
       [](T& t) {
         Item item;
         item.photo = t.Photo(1);
         item.household = t.NewProposal(kDesaA, 1).household();
         return item;
       },
       [](T& t, const Item& item, const std::string& token) {
         return t.FileProposal(item.household, item.photo, token);
       },
       v1::PROPOSAL_STATE_CITIZEN_PROPOSED,
       {{"create", Role::kCitizen}},
       /*with_foreign=*/false,
       // The photo's uploader: a citizen cites only their own uploads.
       kCitizenSubject},
      {"CitizenOfTheDesaObjects",
       {Role::kCitizen},
       [](T& t) {
         Item item;
         item.entry = t.ListedEntry(2);
         item.photo = t.Photo(2);
         return item;
       },
       [](T& t, const Item& item, const std::string& token) {
         return t.FileObjection(item.entry, item.photo, token);
       },
       v1::PROPOSAL_STATE_OBJECTION_FILED,
       {{"create", Role::kCitizen}},
       /*with_foreign=*/true,
       kCitizenSubject},
      // ---- CITIZEN_PROPOSAL: the village takes it up or declines it ----
      {"VillageOperatorTakesUp",
       {Role::kVillageOperator},
       [](T& t) {
         Item item = OfId(t.CitizenProposed(3));
         item.household = MakeHousehold(kDesaA, 3);
         return item;
       },
       [](T& t, const Item& item, const std::string& token) {
         return t.TakeUp(item.id, item.household, token);
       },
       v1::PROPOSAL_STATE_PRELIST,
       {{"take_up", Role::kVillageOperator}, {"nik_checked", Role::kSystem}}},
      {"VillageOperatorDeclines",
       {Role::kVillageOperator},
       [](T& t) { return OfId(t.CitizenProposed(4)); },
       [](T& t, const Item& item, const std::string& token) { return t.Decline(item.id, token); },
       v1::PROPOSAL_STATE_DECLINED,
       {{"decline", Role::kVillageOperator}}},
      // ---- Creation on the offices' routes ----
      Creation("DinsosCreatesADistrictProposal", v1::PROPOSAL_ROUTE_DISTRICT,
               Role::kDistrictOfficer, 5, v1::PROPOSAL_STATE_DRAFT),
      Creation("DinsosFilesAPbiJkReactivation", v1::PROPOSAL_ROUTE_PBI_JK, Role::kDistrictOfficer,
               6, v1::PROPOSAL_STATE_DRAFT),
      Creation("PusdatinFilesACentralDeath", v1::PROPOSAL_ROUTE_CENTRAL, Role::kCentralReviewer, 7,
               v1::PROPOSAL_STATE_AWAITING_CONFIRMATION),
      // ---- DISTRICT: the district's own proposal, which the village never holds ----
      {"DinsosUpdatesItsDraft",
       {Role::kDistrictOfficer},
       [](T& t) {
         Item item = OfId(t.Created(v1::PROPOSAL_ROUTE_DISTRICT, 8).proposal_id());
         item.household = EditedHousehold(8);
         return item;
       },
       [](T& t, const Item& item, const std::string& token) {
         return t.UpdateDraft(item.id, item.household, token);
       },
       v1::PROPOSAL_STATE_DRAFT,
       {{"update_draft", Role::kDistrictOfficer}}},
      {"DinsosSubmitsItsDraft",
       {Role::kDistrictOfficer},
       [](T& t) { return OfId(t.Created(v1::PROPOSAL_ROUTE_DISTRICT, 9).proposal_id()); },
       SubmitIt,
       v1::PROPOSAL_STATE_AWAITING_VISIT,
       {{"submit", Role::kDistrictOfficer}, {"nik_checked", Role::kSystem}}},
      {"DinsosCorrectsItsMismatch",
       {Role::kDistrictOfficer},
       [](T& t) {
         Item item = OfId(t.DistrictSubmitted(10, /*registered=*/false));
         item.household = MakeHousehold(kDesaA, 10);
         t.Register(item.household);
         return item;
       },
       CorrectIt,
       v1::PROPOSAL_STATE_AWAITING_VISIT,
       {{"correct", Role::kDistrictOfficer}, {"nik_checked", Role::kSystem}}},
      {"DinsosWithdrawsItsProposal",
       {Role::kDistrictOfficer},
       [](T& t) { return OfId(t.DistrictSubmitted(11)); },
       [](T& t, const Item& item, const std::string& token) { return t.Withdraw(item.id, token); },
       v1::PROPOSAL_STATE_WITHDRAWN,
       {{"withdraw", Role::kDistrictOfficer}}},
      {"DinsosAssignsTheVisitOfItsProposal",
       {Role::kDistrictOfficer},
       [](T& t) { return OfId(t.DistrictSubmitted(12)); },
       AssignTheVerifier,
       v1::PROPOSAL_STATE_IN_VERIFICATION,
       {{"assign_verifier", Role::kDistrictOfficer}}},
      // Every refused caller of the verifier's steps carries the assigned
      // verifier's own user id: the role and the region refuse them, not the name.
      {"TheAssignedVerifierVisitsADistrictProposal",
       {Role::kVerifier},
       [](T& t) {
         const std::string id = t.DistrictSubmitted(13);
         EXPECT_TRUE(t.AssignVerifierAs({id}, t.DinsosToken()).ok());
         return OfId(id);
       },
       Uphold,
       v1::PROPOSAL_STATE_VERIFIED,
       {{"record_visit", Role::kVerifier}},
       true,
       kVerifier,
       OtherVerifiers()},
      // Only Dinsos: unlike the VILLAGE route's VILLAGE_FINAL, the system has no
      // cut-off step here.
      {"DinsosOpensTheReviewOfItsVerifiedProposal",
       {Role::kDistrictOfficer},
       [](T& t) { return OfId(t.DistrictVerified(14)); },
       OpenItsReview,
       v1::PROPOSAL_STATE_DISTRICT_REVIEW,
       {{"open_review", Role::kDistrictOfficer}}},
      {"DinsosReworksItsReturnedProposal",
       {Role::kDistrictOfficer},
       [](T& t) {
         Item item = OfId(t.ReturnedByDinsos(t.DistrictVerified(15)));
         item.household = MakeHousehold(kDesaA, 15);
         return item;
       },
       CorrectIt,
       v1::PROPOSAL_STATE_DISTRICT_REVIEW,
       {{"rework", Role::kDistrictOfficer}}},
      // ---- CITIZEN_OBJECTION: the district verifies, the village has no hand ----
      {"DinsosAssignsTheVerifierOfAnObjection",
       {Role::kDistrictOfficer},
       [](T& t) { return OfId(t.Objected(16)); },
       AssignTheVerifier,
       v1::PROPOSAL_STATE_IN_VERIFICATION,
       {{"assign_verifier", Role::kDistrictOfficer}}},
      {"TheAssignedVerifierUpholdsAnObjection",
       {Role::kVerifier},
       [](T& t) { return OfId(t.ObjectionInVerification(17)); },
       Uphold,
       v1::PROPOSAL_STATE_VERIFIED,
       {{"record_visit", Role::kVerifier}},
       true,
       kVerifier,
       OtherVerifiers()},
      {"TheAssignedVerifierDismissesAnObjection",
       {Role::kVerifier},
       [](T& t) { return OfId(t.ObjectionInVerification(18)); },
       [](T& t, const Item& item, const std::string& token) {
         return Answer{t.RecordVisit(item.id, v1::VISIT_OUTCOME_COMPLETED, false, token,
                                     "rumah semi permanen, penghasilan di bawah garis kemiskinan"),
                       ""};
       },
       v1::PROPOSAL_STATE_NOT_ELIGIBLE,
       {{"record_visit", Role::kVerifier}},
       true,
       kVerifier,
       OtherVerifiers()},
      {"DinsosOpensTheReviewOfAnUpheldObjection",
       {Role::kDistrictOfficer},
       [](T& t) { return OfId(t.ObjectionUpheld(19)); },
       OpenItsReview,
       v1::PROPOSAL_STATE_DISTRICT_REVIEW,
       {{"open_review", Role::kDistrictOfficer}}},
      {"DinsosReworksAReturnedObjection",
       {Role::kDistrictOfficer},
       [](T& t) {
         Item item = OfId(t.ReturnedByDinsos(t.ObjectionUpheld(20)));
         item.household = t.Get(item.id).household();
         return item;
       },
       CorrectIt,
       v1::PROPOSAL_STATE_DISTRICT_REVIEW,
       {{"rework", Role::kDistrictOfficer}}},
      // ---- CENTRAL: the district confirms, Pusdatin decides alone ----
      {"DinsosConfirmsACentralDeath",
       {Role::kDistrictOfficer},
       [](T& t) { return OfId(t.Created(v1::PROPOSAL_ROUTE_CENTRAL, 21).proposal_id()); },
       [](T& t, const Item& item, const std::string& token) {
         return t.Confirm(item.id, true, token);
       },
       v1::PROPOSAL_STATE_CENTRAL_REVIEW,
       {{"confirm", Role::kDistrictOfficer}}},
      {"DinsosDeclinesACentralDeath",
       {Role::kDistrictOfficer},
       [](T& t) { return OfId(t.Created(v1::PROPOSAL_ROUTE_CENTRAL, 22).proposal_id()); },
       [](T& t, const Item& item, const std::string& token) {
         return t.Confirm(item.id, false, token);
       },
       v1::PROPOSAL_STATE_DECLINED,
       {{"confirm", Role::kDistrictOfficer}}},
      {"PusdatinDecidesAConfirmedDeathAlone",
       {Role::kCentralReviewer},
       [](T& t) { return OfId(t.CentralConfirmed(23)); },
       DecideIt,
       v1::PROPOSAL_STATE_ACCEPTED,
       {{"decide", Role::kCentralReviewer}}},
      // ---- PBI_JK: the district files, Pusdatin decides alone ----
      {"DinsosSubmitsAPbiJkReactivation",
       {Role::kDistrictOfficer},
       [](T& t) { return OfId(t.Created(v1::PROPOSAL_ROUTE_PBI_JK, 24).proposal_id()); },
       SubmitIt,
       v1::PROPOSAL_STATE_CENTRAL_REVIEW,
       {{"submit", Role::kDistrictOfficer}, {"nik_checked", Role::kSystem}}},
      {"PusdatinDecidesAPbiJkReactivationAlone",
       {Role::kCentralReviewer},
       [](T& t) { return OfId(t.PbiJkSubmitted(25)); },
       DecideIt,
       v1::PROPOSAL_STATE_ACCEPTED,
       {{"decide", Role::kCentralReviewer}}},
      // ---- DECLINED is terminal: only erasure after the retention period ----
      {"ErasureOfADeclinedFiling",
       {Role::kDistrictOfficer, Role::kCentralReviewer},
       [](T& t) {
         const std::string id = t.CitizenProposed(26);
         EXPECT_TRUE(t.Decline(id, t.OperatorToken()).status.ok());
         t.PastRetention();
         return OfId(id);
       },
       [](T& t, const Item& item, const std::string& token) { return t.Erase(item.id, token); },
       v1::PROPOSAL_STATE_DECLINED,
       {{"erase_personal_data", Role::kDistrictOfficer}}},
      // ---- RegisterService: the central roles' calls ----
      {"PusdatinFilesFromTheDeathList",
       {Role::kCentralReviewer},
       [](T&) { return Item{}; },
       [](T& t, const Item&, const std::string& token) {
         v1::FileDeceasedChangesResponse out;
         return t.FileDeceased(token, &out);
       }},
      {"PusdatinAppliesAWelfareRanking",
       {Role::kCentralReviewer},
       [](T&) { return Item{}; },
       [](T& t, const Item&, const std::string& token) { return t.ApplyRanking(token); }},
      {"PusdatinExportsTheDeterminationWithPersonalData",
       {Role::kCentralReviewer},
       [](T&) { return Item{}; },
       [](T& t, const Item&, const std::string& token) { return t.Export(true, token); }},
      // Each region exports its own region's changes: no foreign caller to refuse.
      {"OfficesExportTheDeterminationWithoutNames",
       {Role::kCentralReviewer, Role::kDistrictOfficer, Role::kProvinceOfficer, Role::kAuditor},
       [](T&) { return Item{}; },
       [](T& t, const Item&, const std::string& token) { return t.Export(false, token); },
       v1::PROPOSAL_STATE_UNSPECIFIED,
       {},
       /*with_foreign=*/false},
  };
  return *steps;
}

class RouteStepTest : public RouteMatrixTest, public ::testing::WithParamInterface<RouteStep> {};

TEST_P(RouteStepTest, IsRefusedToAllButItsOwners) {
  const RouteStep& step = GetParam();
  const Item item = step.prepare(*this);
  ASSERT_FALSE(HasFailure()) << "the item did not reach the step's source state";
  std::vector<Caller> refused = RefusedCallers(step.owners, step.subject, step.with_foreign);
  refused.insert(refused.end(), step.also_refused.begin(), step.also_refused.end());
  ExpectRefused(
      refused, [&](const std::string& token) { return step.call(*this, item, token).status; },
      [&] { return World(); });

  const Role owner = step.owners.front();
  const Answer answer = step.call(*this, item, TokenFor({owner, HomeRegion(owner), step.subject}));
  ASSERT_TRUE(answer.status.ok()) << answer.status.error_message();
  if (step.events.empty()) return;
  ExpectMoved(answer.proposal_id.empty() ? item.id : answer.proposal_id, step.to, step.events);
}

INSTANTIATE_TEST_SUITE_P(MachineV4, RouteStepTest, ::testing::ValuesIn(Steps()),
                         [](const ::testing::TestParamInfo<RouteStep>& info) {
                           return std::string(info.param.name);
                         });

// ---- Register entries: what their status and the open changes refuse ----

// A change naming a register entry: a kind filed on a route (VILLAGE by the
// village operator, DISTRICT and PBI_JK by Dinsos, CENTRAL by Pusdatin).
struct EntryChange {
  v1::ProposalRoute route;
  v1::ProposalKind kind;
};

// One row: an entry in `status`, with `open` already filed on it if given; the
// change `refused` is FAILED_PRECONDITION naming `names`, and changes nothing.
struct EntryRefusal {
  const char* name;
  const char* status;
  std::optional<EntryChange> open;
  EntryChange refused;
  const char* names;
};

void PrintTo(const EntryRefusal& row, std::ostream* out) { *out << row.name; }

// `change` of the household of `seed` naming `entry`, as its route's office
// files it (the evidence each route asks for included).
v1::CreateProposalRequest ChangeRequest(RouteMatrixTest& t, const EntryChange& change,
                                        const std::string& entry, int seed) {
  v1::CreateProposalRequest request = t.NewProposal(kDesaA, seed);
  request.set_route(change.route);
  request.set_kind(change.kind);
  request.set_register_entry_id(entry);
  request.set_reason("perubahan data menurut musyawarah desa");
  if (change.kind == v1::PROPOSAL_KIND_DEACTIVATION) {
    request.set_deactivation_reason(change.route == v1::PROPOSAL_ROUTE_CENTRAL
                                        ? v1::DEACTIVATION_REASON_DECEASED
                                        : v1::DEACTIVATION_REASON_MOVED);
  }
  if (change.route == v1::PROPOSAL_ROUTE_PBI_JK) request.add_document_hashes(kLetterSha);
  return request;
}

std::string FilerOf(RouteMatrixTest& t, v1::ProposalRoute route) {
  return route == v1::PROPOSAL_ROUTE_VILLAGE ? t.OperatorToken() : t.FilerToken(route);
}

const std::vector<EntryRefusal>& EntryRefusals() {
  constexpr auto kVillage = v1::PROPOSAL_ROUTE_VILLAGE;
  constexpr auto kDistrict = v1::PROPOSAL_ROUTE_DISTRICT;
  constexpr auto kCentral = v1::PROPOSAL_ROUTE_CENTRAL;
  constexpr auto kPbiJk = v1::PROPOSAL_ROUTE_PBI_JK;
  constexpr auto kCorrection = v1::PROPOSAL_KIND_CORRECTION;
  constexpr auto kDeactivation = v1::PROPOSAL_KIND_DEACTIVATION;
  constexpr auto kReactivation = v1::PROPOSAL_KIND_REACTIVATION;
  static constexpr char kInactive[] = "register entry is INACTIVE";
  static constexpr char kActive[] = "register entry is ACTIVE";
  static constexpr char kOpenDeactivation[] = "already has an open DEACTIVATION";
  static const auto* rows = new std::vector<EntryRefusal>{
      // The entry's status.
      {"VillageDeactivatesAnInactiveEntry", "INACTIVE", {}, {kVillage, kDeactivation}, kInactive},
      {"DistrictDeactivatesAnInactiveEntry", "INACTIVE", {}, {kDistrict, kDeactivation}, kInactive},
      {"PusdatinFilesTheDeathOfAnInactiveEntry",
       "INACTIVE",
       {},
       {kCentral, kDeactivation},
       kInactive},
      {"VillageReactivatesAnActiveEntry", "ACTIVE", {}, {kVillage, kReactivation}, kActive},
      {"DinsosReactivatesThePbiJkOfAnActiveEntry", "ACTIVE", {}, {kPbiJk, kReactivation}, kActive},
      {"VillageCorrectsAnInactiveEntry", "INACTIVE", {}, {kVillage, kCorrection}, kInactive},
      // A second open deactivation of one entry, whichever route filed either.
      {"SecondVillageDeactivation",
       "ACTIVE",
       EntryChange{kVillage, kDeactivation},
       {kVillage, kDeactivation},
       kOpenDeactivation},
      {"VillageDeactivationWhileACentralDeathIsOpen",
       "ACTIVE",
       EntryChange{kCentral, kDeactivation},
       {kVillage, kDeactivation},
       kOpenDeactivation},
      {"CentralDeathWhileAVillageDeactivationIsOpen",
       "ACTIVE",
       EntryChange{kVillage, kDeactivation},
       {kCentral, kDeactivation},
       kOpenDeactivation},
      {"DistrictDeactivationWhileAVillageOneIsOpen",
       "ACTIVE",
       EntryChange{kVillage, kDeactivation},
       {kDistrict, kDeactivation},
       kOpenDeactivation},
      {"VillageDeactivationWhileADistrictOneIsOpen",
       "ACTIVE",
       EntryChange{kDistrict, kDeactivation},
       {kVillage, kDeactivation},
       kOpenDeactivation},
      // The other changing kinds: one open change of each kind per entry.
      {"SecondOpenCorrection",
       "ACTIVE",
       EntryChange{kVillage, kCorrection},
       {kDistrict, kCorrection},
       "already has an open CORRECTION"},
      {"PbiJkReactivationWhileAVillageOneIsOpen",
       "INACTIVE",
       EntryChange{kVillage, kReactivation},
       {kPbiJk, kReactivation},
       "already has an open REACTIVATION"},
  };
  return *rows;
}

class EntryRefusalTest : public RouteMatrixTest,
                         public ::testing::WithParamInterface<EntryRefusal> {};

TEST_P(EntryRefusalTest, IsAFailedPreconditionThatChangesNothing) {
  const EntryRefusal& row = GetParam();
  const std::string entry = SeededEntry(row.status);
  if (row.open) {
    const Answer opened =
        Create(ChangeRequest(*this, *row.open, entry, 1), FilerOf(*this, row.open->route));
    ASSERT_TRUE(opened.status.ok()) << opened.status.error_message();
  }
  const v1::CreateProposalRequest refused = ChangeRequest(*this, row.refused, entry, 2);
  const std::string before = World();
  const Answer answer = Create(refused, FilerOf(*this, row.refused.route));
  EXPECT_EQ(answer.status.error_code(), grpc::StatusCode::FAILED_PRECONDITION)
      << answer.status.error_message();
  EXPECT_THAT(answer.status.error_message(), HasSubstr(row.names));
  EXPECT_EQ(World(), before);
}

INSTANTIATE_TEST_SUITE_P(Register, EntryRefusalTest, ::testing::ValuesIn(EntryRefusals()),
                         [](const ::testing::TestParamInfo<EntryRefusal>& info) {
                           return std::string(info.param.name);
                         });

// The objections' state refusals: an INACTIVE entry takes none, and a citizen
// has one open objection per entry (migration 0015); each FAILED_PRECONDITION
// changing nothing. (A neighbour may still object side by side:
// objection_e2e_test.cc.)
TEST_F(RouteMatrixTest, AnObjectionNeedsAnActiveEntryAndNoOpenObjectionOfTheSameCitizen) {
  const std::string photo = Photo(1);
  const std::string inactive = SeededEntry("INACTIVE");
  std::string before = World();
  Answer answer = FileObjection(inactive, photo, CitizenOf());
  EXPECT_EQ(answer.status.error_code(), grpc::StatusCode::FAILED_PRECONDITION)
      << answer.status.error_message();
  EXPECT_THAT(answer.status.error_message(), HasSubstr("register entry is INACTIVE"));
  EXPECT_EQ(World(), before);

  const std::string listed = ListedEntry(1);
  answer = FileObjection(listed, photo, CitizenOf());
  ASSERT_TRUE(answer.status.ok()) << answer.status.error_message();
  before = World();
  answer = FileObjection(listed, photo, CitizenOf());
  EXPECT_EQ(answer.status.error_code(), grpc::StatusCode::FAILED_PRECONDITION)
      << answer.status.error_message();
  EXPECT_THAT(answer.status.error_message(), HasSubstr("already have an open objection"));
  EXPECT_EQ(World(), before);
}

// The death list's way of refusing a second open deactivation: the entry is
// skipped (DEACTIVATION_OPEN, naming the open one), nothing is filed. Control: a
// second ACTIVE entry with a death of its own is filed in the same call.
TEST_F(RouteMatrixTest, TheDeathListSkipsAnEntryWithAnOpenDeactivation) {
  const std::string open_entry = ListedEntry(1);
  const std::string free_entry = ListedEntry(2);
  // Another household's data than the listed one, so that no NIK of the entry's
  // household is claimed by the open deactivation (MEMBER_IN_OPEN_PROPOSAL).
  const Answer village =
      Create(ChangeRequest(*this, {v1::PROPOSAL_ROUTE_VILLAGE, v1::PROPOSAL_KIND_DEACTIVATION},
                           open_entry, 3),
             OperatorToken());
  ASSERT_TRUE(village.status.ok()) << village.status.error_message();
  for (int seed : {1, 2}) {
    const v1::Household household = MakeHousehold(kDesaA, seed);
    deaths_.deaths.push_back(
        {household.members(1).nik(), household.kk_number(), "2026-11-20", kDesaA});
  }
  const int64_t open_entry_proposals =
      CountRows("proposals WHERE register_entry_id = '" + open_entry + "'");

  v1::FileDeceasedChangesResponse filed;
  const Answer answer = FileDeceased(PusdatinToken(), &filed);
  ASSERT_TRUE(answer.status.ok()) << answer.status.error_message();
  ASSERT_EQ(filed.skipped_size(), 1);
  EXPECT_EQ(filed.skipped(0).entry_id(), open_entry);
  EXPECT_EQ(filed.skipped(0).reason(), v1::DECEASED_SKIP_REASON_DEACTIVATION_OPEN);
  EXPECT_THAT(filed.skipped(0).detail(), HasSubstr(village.proposal_id));
  EXPECT_EQ(CountRows("proposals WHERE register_entry_id = '" + open_entry + "'"),
            open_entry_proposals);
  ASSERT_EQ(filed.filed_size(), 1);
  EXPECT_EQ(filed.filed(0).entry_id(), free_entry);
  EXPECT_EQ(StateOf(filed.filed(0).proposal_id()), v1::PROPOSAL_STATE_AWAITING_CONFIRMATION);
}

}  // namespace
}  // namespace usulan::testing
