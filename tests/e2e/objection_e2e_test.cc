// Usul sanggah and the household's own view through the real server and
// PostgreSQL (docs/citizens.md, "Objections", "The household's own view"): an
// objection upheld by the district's visit climbs the ladder and, accepted by
// Pusdatin, deactivates the register entry (history row DEACTIVATED); one
// dismissed by the visit and one lapsing after 14 days leave the entry ACTIVE;
// each reads in plain Bahasa Indonesia with its reason. The objector's account is
// withheld from the village and the verifier and shown to Dinsos. The refusals:
// another desa's entry, an unknown or inactive one, a second open objection of
// the same citizen, bad coordinates, no or unknown photo, an office calling the
// citizen's RPC and a citizen calling an office's. The house's GPS point reaches
// Dinsos and the verifier, never the village or the trail, and goes with
// erasure; ListProposals filters by route. GetMyHousehold answers the entry of
// the token's KK with masked names and never a NIK.
#include <algorithm>

#include "jobs/cycle_job.h"
#include "tests/e2e/document_calls.h"
#include "tests/e2e/lifecycle_driver.h"
#include "tests/support/dev_tokens.h"
#include "tests/support/households.h"
#include "usulan/v1/citizen_service.grpc.pb.h"
#include "usulan/v1/document_service.grpc.pb.h"
#include "usulan/v1/register_service.grpc.pb.h"

namespace usulan::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

constexpr char kObjector[] = "warga.objector.1";
constexpr char kNeighbour[] = "warga.objector.2";
constexpr char kDecree[] = "Kepmensos 21/HUK/2026";

class ObjectionE2eTest : public LifecycleTest {
 protected:
  void SetUp() override {
    LifecycleTest::SetUp();
    citizens_ = v1::CitizenService::NewStub(channel_);
    documents_ = v1::DocumentService::NewStub(channel_);
    register_ = v1::RegisterService::NewStub(channel_);
  }

  // A citizen of `desa` whose NIK and KK are those of the household of `seed`.
  std::string Citizen(const std::string& subject, int seed, const std::string& desa = kDesaA) {
    const v1::Household household = MakeHousehold(desa, seed);
    return CitizenToken(subject, desa, household.members(0).nik(), household.kk_number(),
                        base::UnixSeconds(clock_.Now()));
  }

  // Uploads a distinct house photo as `token`; its SHA-256.
  std::string Photo(const std::string& token, int seed) {
    return UploadPhoto(*documents_, *Context(token), NextRequestId(), seed);
  }

  grpc::Status File(const v1::FileObjectionRequest& request, const std::string& token,
                    v1::Filing* out) {
    return citizens_->FileObjection(Context(token).get(), request, out);
  }

  // An objection to `entry` by `subject` (a citizen of desa A); its filing.
  v1::Filing Filed(const std::string& entry, const std::string& subject, int seed) {
    const std::string token = Citizen(subject, seed);
    v1::Filing out;
    grpc::Status status = File(ObjectionRequest(entry, Photo(token, seed)), token, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  v1::Filing MyFiling(const std::string& id, const std::string& token) {
    v1::GetMyFilingRequest request;
    request.set_proposal_id(id);
    v1::Filing out;
    grpc::Status status = citizens_->GetMyFiling(Context(token).get(), request, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  v1::Proposal GetAs(const std::string& id, const std::string& token) {
    v1::GetProposalRequest request;
    request.set_proposal_id(id);
    v1::Proposal out;
    grpc::Status status = proposals_->GetProposal(Context(token).get(), request, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  // The actor of the trail's creation record as `token` reads it.
  std::string FilerInTrail(const std::string& id, const std::string& token) {
    v1::GetHistoryResponse history = History(id, token);
    EXPECT_GT(history.transitions_size(), 0);
    return history.transitions_size() > 0 ? history.transitions(0).actor_id() : "?";
  }

  v1::GetEntryResponse Entry(const std::string& id) {
    v1::GetEntryRequest request;
    request.set_entry_id(id);
    v1::GetEntryResponse out;
    grpc::Status status = register_->GetEntry(Context(PusdatinToken()).get(), request, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  grpc::Status MyHousehold(const std::string& token, v1::MyHousehold* out) {
    return citizens_->GetMyHousehold(Context(token).get(), v1::GetMyHouseholdRequest(), out);
  }

  std::unique_ptr<v1::CitizenService::Stub> citizens_;
  std::unique_ptr<v1::DocumentService::Stub> documents_;
  std::unique_ptr<v1::RegisterService::Stub> register_;
};

TEST_F(ObjectionE2eTest, AnUpheldObjectionClimbsTheLadderAndDeactivatesTheEntry) {
  const std::string entry = ListedEntry(1, kDecree);
  const std::string token = Citizen(kObjector, 60);
  v1::FileObjectionRequest request = ObjectionRequest(entry, Photo(token, 60));
  v1::Filing filed;
  grpc::Status status = File(request, token, &filed);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(filed.kind(), v1::PROPOSAL_KIND_OBJECTION);
  EXPECT_EQ(filed.route(), v1::PROPOSAL_ROUTE_CITIZEN_OBJECTION);
  EXPECT_EQ(filed.state(), v1::PROPOSAL_STATE_OBJECTION_FILED);
  EXPECT_EQ(filed.status_text(), "Sanggahan diajukan; menunggu verifikasi Dinas Sosial");
  EXPECT_FALSE(filed.own_household());
  EXPECT_EQ(filed.member_names_size(), 0);
  const std::string id = filed.proposal_id();
  // The same request id answers the same filing; nothing new is stored.
  v1::Filing again;
  ASSERT_TRUE(File(request, token, &again).ok());
  EXPECT_EQ(again.proposal_id(), id);
  EXPECT_EQ(GetAs(id, DinsosToken()).register_entry_id(), entry);

  // The district sees who objected; the village and the verifier never do.
  EXPECT_EQ(GetAs(id, DinsosToken()).created_by(), kObjector);
  EXPECT_EQ(FilerInTrail(id, DinsosToken()), kObjector);
  EXPECT_EQ(GetAs(id, OperatorToken()).created_by(), "");
  EXPECT_EQ(GetAs(id, HeadToken()).created_by(), "");
  EXPECT_EQ(FilerInTrail(id, OperatorToken()), "");
  EXPECT_EQ(FilerInTrail(id, HeadToken()), "");

  ASSERT_TRUE(AssignVerifierAs({id}, DinsosToken()).ok());
  EXPECT_EQ(MyFiling(id, token).status_text(), "Sanggahan sedang diverifikasi petugas lapangan");
  EXPECT_EQ(GetAs(id, VerifierToken()).created_by(), "");
  EXPECT_EQ(FilerInTrail(id, VerifierToken()), "");
  // The verifier's own answer to the visit does not carry the objector either.
  v1::Proposal visited;
  status = verification_->RecordVisit(
      Context(VerifierToken()).get(), VisitRequest(id, v1::VISIT_OUTCOME_COMPLETED, true),
      &visited);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(visited.state(), v1::PROPOSAL_STATE_VERIFIED);
  EXPECT_EQ(visited.created_by(), "");
  EXPECT_EQ(MyFiling(id, token).status_text(),
            "Sanggahan terbukti saat verifikasi; menunggu pemeriksaan Dinas Sosial");

  OpenReview({id});
  Approve({id});
  v1::Batch batch = Forward(Submit(Ratify(CreateBatch({id}))));
  ASSERT_EQ(StateOf(id), v1::PROPOSAL_STATE_CENTRAL_REVIEW);
  ASSERT_TRUE(DecideBatch(batch, kDecree).ok());
  EXPECT_EQ(StateOf(id), v1::PROPOSAL_STATE_ACCEPTED);

  // The register: INACTIVE, its last history row the objection's deactivation.
  v1::GetEntryResponse listed = Entry(entry);
  EXPECT_EQ(listed.entry().status(), v1::ENTRY_STATUS_INACTIVE);
  ASSERT_GE(listed.history_size(), 2);
  const v1::RegisterHistoryRow& last = listed.history(listed.history_size() - 1);
  EXPECT_EQ(last.change(), v1::REGISTER_CHANGE_DEACTIVATED);
  EXPECT_EQ(last.proposal_id(), id);
  EXPECT_EQ(last.decree_number(), kDecree);
  const v1::Filing accepted = MyFiling(id, token);
  EXPECT_EQ(accepted.status_text(),
            "Sanggahan dikabulkan: rumah tangga ditetapkan keluar dari DTSEN");
  EXPECT_EQ(accepted.reason_text(), "");

  // An inactive entry takes no objection.
  v1::Filing refused;
  status = File(ObjectionRequest(entry, Photo(token, 61)), token, &refused);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << status.error_message();
}

// The verifier's words are about the neighbour (who lives there, their health,
// their income): the objector reads the outcome's fixed text, never them.
TEST_F(ObjectionE2eTest, ADismissedObjectionReadsAsRefusedWithoutTheVerifiersWords) {
  const std::string entry = ListedEntry(2, kDecree);
  const std::string token = Citizen(kObjector, 62);
  const std::string id = Filed(entry, kObjector, 62).proposal_id();
  ASSERT_TRUE(AssignVerifierAs({id}, DinsosToken()).ok());
  const std::string prose =
      "Bu Sumarni janda, anaknya Dedi sakit TBC, penghasilan di bawah garis kemiskinan";
  grpc::Status status = RecordVisit(id, v1::VISIT_OUTCOME_COMPLETED, false, VerifierToken(), prose);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(StateOf(id), v1::PROPOSAL_STATE_NOT_ELIGIBLE);
  const v1::Filing dismissed = MyFiling(id, token);
  EXPECT_EQ(dismissed.status_text(), "Sanggahan ditolak: tidak terbukti saat verifikasi lapangan");
  EXPECT_EQ(dismissed.reason_text(),
            "Tidak sesuai dengan keadaan yang ditemukan petugas saat verifikasi lapangan");
  EXPECT_THAT(dismissed.DebugString(), Not(HasSubstr("Sumarni")));
  EXPECT_THAT(dismissed.DebugString(), Not(HasSubstr("TBC")));
  // The control: the words are in the trail the district reads.
  v1::GetHistoryResponse trail = History(id, DinsosToken());
  ASSERT_GT(trail.transitions_size(), 0);
  EXPECT_EQ(trail.transitions(trail.transitions_size() - 1).reason(), prose);
  EXPECT_EQ(Entry(entry).entry().status(), v1::ENTRY_STATUS_ACTIVE);
  // A dismissed objection is closed: the citizen may object again.
  EXPECT_FALSE(Filed(entry, kObjector, 63).proposal_id().empty());
}

TEST_F(ObjectionE2eTest, AnObjectionNotVerifiedWithinFourteenDaysLapses) {
  const std::string entry = ListedEntry(3, kDecree);
  const std::string id = Filed(entry, kObjector, 64).proposal_id();
  clock_.Advance(std::chrono::hours(24 * 13));
  auto run = jobs::RunCycleJob(*db_, clock_, workflow::CyclePolicy{});
  ASSERT_TRUE(run.ok()) << run.status();
  EXPECT_EQ(run->lapsed, 0);
  EXPECT_EQ(StateOf(id), v1::PROPOSAL_STATE_OBJECTION_FILED);
  clock_.Advance(std::chrono::hours(24 * 2));
  run = jobs::RunCycleJob(*db_, clock_, workflow::CyclePolicy{});
  ASSERT_TRUE(run.ok()) << run.status();
  EXPECT_EQ(run->lapsed, 1);
  EXPECT_EQ(StateOf(id), v1::PROPOSAL_STATE_WITHDRAWN);
  const v1::Filing lapsed = MyFiling(id, Citizen(kObjector, 64));
  EXPECT_EQ(lapsed.status_text(), "Kedaluwarsa: tidak diverifikasi dalam 14 hari");
  EXPECT_THAT(lapsed.reason_text(),
              StartsWith("Tidak diverifikasi Dinas Sosial dalam 14 hari sejak diajukan (batas "));
  EXPECT_EQ(Entry(entry).entry().status(), v1::ENTRY_STATUS_ACTIVE);
}

TEST_F(ObjectionE2eTest, RefusalsNameTheFieldOrTheRuleAndChangeNothing) {
  const std::string entry = ListedEntry(4, kDecree);
  const std::string token = Citizen(kObjector, 65);
  const std::string photo = Photo(token, 65);
  const int64_t proposals_before = CountRows("proposals");
  v1::Filing out;
  struct Case {
    std::string name;
    std::function<void(v1::FileObjectionRequest&)> change;
    grpc::StatusCode code;
    std::string message_start;
  };
  const std::vector<Case> cases = {
      {"no photo", [](auto& r) { r.clear_document_hashes(); }, grpc::StatusCode::INVALID_ARGUMENT,
       "document_hashes"},
      {"photo never uploaded",
       [](auto& r) { r.set_document_hashes(0, std::string(64, 'c')); },
       grpc::StatusCode::FAILED_PRECONDITION, "document_hashes[0]"},
      {"no point", [](auto& r) { r.set_latitude(0); r.set_longitude(0); },
       grpc::StatusCode::INVALID_ARGUMENT, "latitude and longitude are required"},
      {"latitude off the globe", [](auto& r) { r.set_latitude(-95); },
       grpc::StatusCode::INVALID_ARGUMENT, "latitude"},
      {"longitude off the globe", [](auto& r) { r.set_longitude(200); },
       grpc::StatusCode::INVALID_ARGUMENT, "longitude"},
      {"swapped", [](auto& r) { r.set_latitude(106.816); r.set_longitude(-6.595); },
       grpc::StatusCode::INVALID_ARGUMENT, "latitude"},
      {"no reason", [](auto& r) { r.set_reason("  "); }, grpc::StatusCode::INVALID_ARGUMENT,
       "reason"},
      {"no entry", [](auto& r) { r.clear_register_entry_id(); },
       grpc::StatusCode::INVALID_ARGUMENT, "register_entry_id"},
      {"unknown entry",
       [](auto& r) { r.set_register_entry_id("7d3c1a2e-0000-4000-8000-000000000001"); },
       grpc::StatusCode::NOT_FOUND, "register entry"},
  };
  for (const Case& c : cases) {
    v1::FileObjectionRequest request = ObjectionRequest(entry, photo);
    c.change(request);
    grpc::Status status = File(request, token, &out);
    EXPECT_EQ(status.error_code(), c.code) << c.name << ": " << status.error_message();
    EXPECT_THAT(status.error_message(), StartsWith(c.message_start)) << c.name;
  }
  EXPECT_EQ(CountRows("proposals"), proposals_before);

  // A citizen of another desa may not object to desa A's household.
  const std::string stranger = Citizen("warga.desa.b", 66, kDesaB);
  grpc::Status status = File(ObjectionRequest(entry, Photo(stranger, 66)), stranger, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << status.error_message();
  // Offices file no objection: it is the residents' route.
  for (const std::string& office : {OperatorToken(), DinsosToken(), PusdatinToken()}) {
    status = File(ObjectionRequest(entry, photo), office, &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << status.error_message();
  }
  EXPECT_EQ(CountRows("proposals"), proposals_before);

  // The control: the same request is filed; a second open one is refused, while a
  // neighbour may object to the same household side by side.
  const std::string id = Filed(entry, kObjector, 65).proposal_id();
  status = File(ObjectionRequest(entry, photo), token, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), HasSubstr("already have an open objection"));
  EXPECT_FALSE(Filed(entry, kNeighbour, 67).proposal_id().empty());

  // A citizen acting as an office: taking up or assigning is refused.
  v1::TakeUpProposalRequest take_up;
  take_up.set_request_id(NextRequestId());
  take_up.set_proposal_id(id);
  *take_up.mutable_household() = MakeHousehold(kDesaA, 65);
  v1::Proposal proposal;
  status = proposals_->TakeUpProposal(Context(token).get(), take_up, &proposal);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << status.error_message();
  EXPECT_EQ(AssignVerifierAs({id}, token).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(StateOf(id), v1::PROPOSAL_STATE_OBJECTION_FILED);
}

// The house's GPS point (docs/citizens.md, "Objections"): stored with the
// objection, read by Dinsos, the verifier and the offices above; never by the
// village, the auditor or in the trail; gone with the household's erasure.
TEST_F(ObjectionE2eTest, TheHousesPointReachesThoseWhoHandleTheObjectionOnly) {
  const std::string entry = ListedEntry(6);
  const std::string id = Filed(entry, kObjector, 70).proposal_id();
  auto expect_point = [](const v1::Proposal& proposal, const std::string& who) {
    ASSERT_TRUE(proposal.has_objection_point()) << who;
    EXPECT_EQ(proposal.objection_point().latitude(), -6.595) << who;
    EXPECT_EQ(proposal.objection_point().longitude(), 106.816) << who;
  };
  expect_point(GetAs(id, DinsosToken()), "Dinsos");
  expect_point(GetAs(id, PusdatinToken()), "Pusdatin");
  EXPECT_FALSE(GetAs(id, OperatorToken()).has_objection_point());
  EXPECT_FALSE(GetAs(id, HeadToken()).has_objection_point());
  EXPECT_FALSE(
      GetAs(id, Token(workflow::Role::kAuditor, "", "auditor.bpk")).has_objection_point());
  // The control for "absent": a proposal of another route has no point at all.
  EXPECT_FALSE(GetAs(entry, DinsosToken()).has_objection_point());

  ASSERT_TRUE(AssignVerifierAs({id}, DinsosToken()).ok());
  expect_point(GetAs(id, VerifierToken()), "verifier");
  // Nowhere in the trail (kept for ever), whoever reads it.
  const v1::GetHistoryResponse trail = History(id, DinsosToken());
  ASSERT_GT(trail.transitions_size(), 1);
  for (const v1::Transition& row : trail.transitions()) {
    const std::string text = row.DebugString();
    EXPECT_EQ(text.find("6.595"), std::string::npos) << text;
    EXPECT_EQ(text.find("106.816"), std::string::npos) << text;
  }

  // Dismissed by the visit, the objection settles; after the retention period
  // its household's erasure takes the point with it.
  v1::Proposal visited;
  grpc::Status status = verification_->RecordVisit(
      Context(VerifierToken()).get(),
      VisitRequest(id, v1::VISIT_OUTCOME_COMPLETED, false, "rumah sederhana, tidak mampu"),
      &visited);
  ASSERT_TRUE(status.ok()) << status.error_message();
  expect_point(visited, "the verifier's visit answer");
  ASSERT_EQ(CountRows("objection_points"), 1);
  clock_.Advance(std::chrono::hours(24) * (kRetentionDays + 1));
  v1::ErasePersonalDataRequest erase;
  erase.set_request_id(NextRequestId());
  erase.set_proposal_id(id);
  erase.set_reason("masa retensi berakhir");
  v1::Proposal erased;
  status = personal_data_->ErasePersonalData(Context(DinsosToken()).get(), erase, &erased);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_FALSE(erased.has_objection_point());
  EXPECT_FALSE(GetAs(id, DinsosToken()).has_objection_point());
  EXPECT_EQ(CountRows("objection_points"), 0);
}

// ListProposals' route filter: only the routes asked for, keyset-paged like any
// queue; an unknown route is refused naming the field.
TEST_F(ObjectionE2eTest, ListProposalsByRouteReturnsOnlyThatRouteAndPages) {
  const std::string entry = ListedEntry(7);
  std::vector<std::string> objections;
  for (int i = 0; i < 3; ++i) {
    objections.push_back(
        Filed(entry, "warga.route." + std::to_string(i), 71 + i).proposal_id());
  }
  const std::string village = CreateAndSubmit(kDesaA, 75).proposal_id();

  auto page_through = [&](v1::ListProposalsRequest request) {
    request.set_page_size(1);
    std::vector<std::string> ids;
    for (int pages = 0; pages < 20; ++pages) {
      v1::ListProposalsResponse page;
      grpc::Status status =
          proposals_->ListProposals(Context(DinsosToken()).get(), request, &page);
      EXPECT_TRUE(status.ok()) << status.error_message();
      EXPECT_LE(page.proposals_size(), 1);
      for (const v1::ProposalSummary& row : page.proposals()) ids.push_back(row.proposal_id());
      if (!status.ok() || page.next_page_token().empty()) break;
      request.set_page_token(page.next_page_token());
    }
    return ids;
  };
  // The control: without the filter the village's proposals are listed too.
  const std::vector<std::string> every = page_through(v1::ListProposalsRequest());
  EXPECT_NE(std::find(every.begin(), every.end(), village), every.end());
  EXPECT_NE(std::find(every.begin(), every.end(), entry), every.end());
  // Filtered: the objections, in the unfiltered queue's order (filed at one
  // instant, they are ordered by id).
  std::vector<std::string> want;
  for (const std::string& id : every) {
    if (std::find(objections.begin(), objections.end(), id) != objections.end()) {
      want.push_back(id);
    }
  }
  ASSERT_EQ(want.size(), objections.size());
  v1::ListProposalsRequest by_route;
  by_route.add_routes(v1::PROPOSAL_ROUTE_CITIZEN_OBJECTION);
  EXPECT_EQ(page_through(by_route), want);
  v1::ListProposalsRequest village_only;
  village_only.add_routes(v1::PROPOSAL_ROUTE_VILLAGE);
  village_only.add_states(v1::PROPOSAL_STATE_PRELIST);
  village_only.add_states(v1::PROPOSAL_STATE_OBJECTION_FILED);
  EXPECT_EQ(page_through(village_only), std::vector<std::string>{village});

  for (int bad : {static_cast<int>(v1::PROPOSAL_ROUTE_UNSPECIFIED), 99}) {
    v1::ListProposalsRequest request;
    request.add_routes(v1::PROPOSAL_ROUTE_VILLAGE);
    request.add_routes(static_cast<v1::ProposalRoute>(bad));
    v1::ListProposalsResponse out;
    grpc::Status status = proposals_->ListProposals(Context(DinsosToken()).get(), request, &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << bad;
    EXPECT_THAT(status.error_message(), StartsWith("routes[1]")) << bad;
  }
}

TEST_F(ObjectionE2eTest, TheHouseholdReadsItsEntryWithMaskedNamesAndNoNik) {
  const std::string entry = ListedEntry(5, kDecree);
  const v1::Household household = MakeHousehold(kDesaA, 5);
  const std::string member = Citizen("warga.listed", 5);
  v1::MyHousehold mine;
  grpc::Status status = MyHousehold(member, &mine);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(mine.entry_id(), entry);
  EXPECT_EQ(mine.desa_code(), kDesaA);
  EXPECT_EQ(mine.status(), v1::ENTRY_STATUS_ACTIVE);
  EXPECT_EQ(mine.status_text(), "Terdaftar aktif di DTSEN");
  EXPECT_EQ(mine.listed_decree(), kDecree);
  ASSERT_EQ(mine.masked_names_size(), household.members_size());
  for (int i = 0; i < household.members_size(); ++i) {
    const std::string& name = household.members(i).name();
    EXPECT_EQ(mine.masked_names(i).substr(0, 1), name.substr(0, 1));
    EXPECT_NE(mine.masked_names(i), name);
    EXPECT_THAT(mine.masked_names(i), HasSubstr("*"));
  }
  ASSERT_EQ(mine.changes_size(), 1);
  EXPECT_EQ(mine.changes(0).change(), v1::REGISTER_CHANGE_LISTED);
  // Nothing of the answer is a NIK, a KK or a full name.
  const std::string answer = mine.SerializeAsString();
  for (const auto& m : household.members()) {
    EXPECT_EQ(answer.find(m.nik()), std::string::npos);
    EXPECT_EQ(answer.find(m.name()), std::string::npos);
  }
  EXPECT_EQ(answer.find(household.kk_number()), std::string::npos);

  // An objection open against the household is not told to it.
  Filed(entry, kObjector, 68);
  v1::MyHousehold after;
  ASSERT_TRUE(MyHousehold(member, &after).ok());
  EXPECT_EQ(after.SerializeAsString(), mine.SerializeAsString());

  // A KK in no entry: NOT_FOUND in plain Bahasa Indonesia.
  status = MyHousehold(Citizen("warga.unlisted", 69), &after);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(status.error_message(), StartsWith("Kartu Keluarga Anda tidak terdaftar di DTSEN"));
  // Offices read the register through RegisterService, not this call.
  status = MyHousehold(OperatorToken(), &after);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
}

// A family that moved reads its entry from its new desa: the token's KK finds
// the entry in any desa (docs/citizens.md, "The household's own view"), by the
// KK's keyed hash (0017); the token's own desa is only tried first.
TEST_F(ObjectionE2eTest, AHouseholdThatMovedReadsItsEntryFromItsNewDesa) {
  const std::string entry = ListedEntry(7);
  const std::string moved = Citizen("warga.moved", 7, kDesaB);
  v1::MyHousehold mine;
  grpc::Status status = MyHousehold(moved, &mine);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(mine.entry_id(), entry);
  EXPECT_EQ(mine.desa_code(), kDesaA);
  // Control: the same desa B without that KK finds nothing.
  status = MyHousehold(Citizen("warga.b", 8, kDesaB), &mine);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND) << status.error_message();
  // Objecting stays the desa's own business: the moved family's new desa is not A.
  v1::Filing filing;
  status = File(ObjectionRequest(entry, Photo(moved, 70)), moved, &filing);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << status.error_message();
}

// After retention the household data behind an ACTIVE entry may be erased
// (README, "Personal data"). An objection then has nobody to name or visit: it is
// refused FAILED_PRECONDITION naming the entry and the erasure, not as a bad
// request; the household's own KK no longer leads to the entry (its KK and the
// KK's hash went with the data), and the citizen's own filings say that their
// household data is erased rather than that it is someone else's.
TEST_F(ObjectionE2eTest, AnErasedHouseholdIsNamedAsErasedWhenObjectedTo) {
  const std::string entry = ListedEntry(9);
  v1::MyHousehold mine;
  ASSERT_TRUE(MyHousehold(Citizen("warga.erased", 9), &mine).ok());
  // An objection before the erasure, dismissed by the visit: settled (NOT_ELIGIBLE).
  const v1::Filing first = Filed(entry, kObjector, 71);
  ASSERT_TRUE(AssignVerifierAs({first.proposal_id()}, DinsosToken()).ok());
  ASSERT_TRUE(RecordVisit(first.proposal_id(), v1::VISIT_OUTCOME_COMPLETED, false,
                          VerifierToken(), "rumah semi permanen")
                  .ok());
  EXPECT_EQ(StateOf(first.proposal_id()), v1::PROPOSAL_STATE_NOT_ELIGIBLE);

  clock_.Advance(std::chrono::hours(24) * (kRetentionDays + 1));
  for (const std::string& id : {entry, first.proposal_id()}) {
    v1::ErasePersonalDataRequest erase;
    erase.set_request_id(NextRequestId());
    erase.set_proposal_id(id);
    erase.set_reason("masa retensi berakhir");
    v1::Proposal erased;
    grpc::Status status =
        personal_data_->ErasePersonalData(Context(PusdatinToken()).get(), erase, &erased);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
  EXPECT_EQ(Entry(entry).entry().status(), v1::ENTRY_STATUS_ACTIVE);

  const int64_t proposals = CountRows("proposals");
  const std::string token = Citizen(kNeighbour, 72);
  v1::Filing filing;
  grpc::Status status = File(ObjectionRequest(entry, Photo(token, 72)), token, &filing);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << status.error_message();
  EXPECT_THAT(status.error_message(), StartsWith("register_entry_id: the household data of "
                                                 "register entry " + entry + " has been erased"));
  EXPECT_EQ(CountRows("proposals"), proposals);

  status = MyHousehold(Citizen("warga.erased", 9), &mine);  // minted after the clock moved
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND) << status.error_message();
  const v1::Filing settled = MyFiling(first.proposal_id(), Citizen(kObjector, 71));
  EXPECT_TRUE(settled.household_erased());
  EXPECT_FALSE(settled.own_household());
  EXPECT_EQ(settled.member_names_size(), 0);
  // Control: a filing whose household is held says so.
  EXPECT_FALSE(MyFiling(Filed(ListedEntry(10), kObjector, 73).proposal_id(),
                        Citizen(kObjector, 73))
                   .household_erased());
}

}  // namespace
}  // namespace usulan::testing
