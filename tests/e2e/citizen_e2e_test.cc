// CitizenService through the real server (issue 15, "Citizens"): an usul
// mandiri with a house photo lands in CITIZEN_PROPOSED and reads "Menunggu
// diperiksa operator desa"; a citizen sees only what they filed (NOT_FOUND for
// anything else, newest first, paged), the member names only of their own
// household; the trail names the account, never the NIK or KK; bad calls are
// refused at the edge with the field named; office roles are refused the citizen
// calls and a citizen every office call (the controls show each call works for
// the role it is for).
#include "tests/e2e/document_calls.h"
#include "tests/e2e/e2e_fixture.h"
#include "usulan/v1/citizen_service.grpc.pb.h"
#include "usulan/v1/document_service.grpc.pb.h"

namespace usulan::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using workflow::Role;

class CitizenTest : public E2eTest {
 protected:
  void SetUp() override {
    E2eTest::SetUp();
    citizens_ = v1::CitizenService::NewStub(channel_);
    documents_ = v1::DocumentService::NewStub(channel_);
    // Siti's own household: registered with the civil registry, in desa A.
    own_ = NewProposal(kDesaA, 41).household();
    other_ = NewProposal(kDesaA, 42).household();
  }

  // A citizen of `desa` whose NIK and KK are those of household `own_`.
  std::string CitizenOf(const std::string& subject, const std::string& desa = kDesaA) const {
    return CitizenToken(subject, desa, own_.members(0).nik(), own_.kk_number(),
                        base::UnixSeconds(clock_.Now()));
  }

  // Uploads a distinct house photo as `token`; its SHA-256.
  std::string Photo(const std::string& token, int seed) {
    return UploadPhoto(*documents_, *Context(token), NextRequestId(), seed);
  }

  v1::FileProposalRequest Filing(const v1::Household& household, bool own,
                                 const std::string& photo) {
    v1::FileProposalRequest request;
    request.set_request_id(NextRequestId());
    *request.mutable_household() = household;
    if (own) {
      request.set_own_household(true);
      request.mutable_household()->clear_kk_number();
    }
    request.set_reason("rumah bocor, penghasilan tidak tetap");
    if (!photo.empty()) request.add_document_hashes(photo);
    return request;
  }

  grpc::Status File(const std::string& token, const v1::FileProposalRequest& request,
                    v1::Filing* out) {
    return citizens_->FileProposal(Context(token).get(), request, out);
  }

  v1::Filing FileOwn(const std::string& token, int photo_seed) {
    v1::Filing filing;
    grpc::Status status = File(token, Filing(own_, true, Photo(token, photo_seed)), &filing);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return filing;
  }

  grpc::Status Get(const std::string& token, const std::string& id, v1::Filing* out) {
    v1::GetMyFilingRequest request;
    request.set_proposal_id(id);
    return citizens_->GetMyFiling(Context(token).get(), request, out);
  }

  std::unique_ptr<v1::CitizenService::Stub> citizens_;
  std::unique_ptr<v1::DocumentService::Stub> documents_;
  v1::Household own_;
  v1::Household other_;
};

TEST_F(CitizenTest, AnUsulMandiriWaitsForTheVillageInPlainBahasa) {
  const std::string siti = CitizenOf("warga.siti");
  v1::Filing filed = FileOwn(siti, 1);
  EXPECT_EQ(filed.state(), v1::PROPOSAL_STATE_CITIZEN_PROPOSED);
  EXPECT_EQ(filed.route(), v1::PROPOSAL_ROUTE_CITIZEN_PROPOSAL);
  EXPECT_EQ(filed.kind(), v1::PROPOSAL_KIND_NEW);
  EXPECT_EQ(filed.status_text(), "Menunggu diperiksa operator desa");
  EXPECT_EQ(filed.reason_text(), "");
  EXPECT_EQ(filed.desa_code(), kDesaA);
  EXPECT_TRUE(filed.own_household());
  EXPECT_TRUE(filed.has_filed_at());
  // The answer (stored for replays) carries no names; reading it back does.
  EXPECT_EQ(filed.member_names_size(), 0);
  v1::Filing read;
  ASSERT_TRUE(Get(siti, filed.proposal_id(), &read).ok());
  ASSERT_EQ(read.member_names_size(), own_.members_size());
  EXPECT_EQ(read.member_names(0), own_.members(0).name());
  EXPECT_EQ(read.status_text(), filed.status_text());

  // The village operator sees it, with the token's KK filled in, in its desa's
  // queue; the trail names the citizen's account, the photo and no NIK or KK.
  v1::GetProposalRequest get;
  get.set_proposal_id(filed.proposal_id());
  v1::Proposal proposal;
  ASSERT_TRUE(proposals_->GetProposal(Context(OperatorToken()).get(), get, &proposal).ok());
  EXPECT_EQ(proposal.household().kk_number(), own_.kk_number());
  EXPECT_EQ(proposal.route(), v1::PROPOSAL_ROUTE_CITIZEN_PROPOSAL);
  EXPECT_EQ(proposal.created_by(), "warga.siti");
  v1::GetHistoryResponse trail = History(filed.proposal_id());
  ASSERT_EQ(trail.transitions_size(), 1);
  const v1::Transition& creation = trail.transitions(0);
  EXPECT_EQ(creation.actor_id(), "warga.siti");
  EXPECT_EQ(creation.region_code(), kDesaA);
  EXPECT_THAT(creation.evidence_hashes(), ::testing::Contains(Sha256Hex(PngDocument(1))));
  const std::string text = creation.DebugString();
  EXPECT_THAT(text, Not(HasSubstr(own_.members(0).nik())));
  EXPECT_THAT(text, Not(HasSubstr(own_.kk_number())));
}

TEST_F(CitizenTest, AnotherHouseholdOfTheDesaIsFiledWithoutItsMembersShownBack) {
  const std::string siti = CitizenOf("warga.siti");
  v1::Filing filed;
  ASSERT_TRUE(File(siti, Filing(other_, false, Photo(siti, 2)), &filed).ok());
  EXPECT_FALSE(filed.own_household());
  v1::Filing read;
  ASSERT_TRUE(Get(siti, filed.proposal_id(), &read).ok());
  EXPECT_FALSE(read.own_household());
  EXPECT_EQ(read.member_names_size(), 0);
  // The household's own KK in the request makes it the citizen's own.
  v1::Filing own;
  ASSERT_TRUE(File(siti, Filing(own_, false, Photo(siti, 3)), &own).ok());
  EXPECT_TRUE(own.own_household());
}

// The operator's reason for declining speaks of the household's people: the
// filer of another household reads a fixed text, the filer of their own
// household the operator's words (the "reason of any refusal").
TEST_F(CitizenTest, TheOfficesWordsAboutAnotherHouseholdAreNotShownToItsFiler) {
  const std::string siti = CitizenOf("warga.siti");
  const std::string prose = "Pak Slamet sudah PNS, istrinya Wati punya warung besar";
  auto decline = [&](const std::string& id) {
    v1::DeclineProposalRequest request;
    request.set_request_id(NextRequestId());
    request.set_proposal_id(id);
    request.set_reason(prose);
    v1::Proposal out;
    grpc::Status status =
        proposals_->DeclineProposal(Context(OperatorToken()).get(), request, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
  };
  v1::Filing other;
  ASSERT_TRUE(File(siti, Filing(other_, false, Photo(siti, 30)), &other).ok());
  decline(other.proposal_id());
  v1::Filing read;
  ASSERT_TRUE(Get(siti, other.proposal_id(), &read).ok());
  EXPECT_EQ(read.status_text(), "Tidak ditindaklanjuti oleh operator desa");
  EXPECT_EQ(read.reason_text(),
            "Tidak ditindaklanjuti; keterangan dapat ditanyakan ke kantor desa/kelurahan");
  EXPECT_THAT(read.DebugString(), Not(HasSubstr("Slamet")));
  v1::ListMyFilingsResponse listed;
  ASSERT_TRUE(citizens_->ListMyFilings(Context(siti).get(), {}, &listed).ok());
  EXPECT_THAT(listed.DebugString(), Not(HasSubstr("Slamet")));
  // The control: her own household's filing reads the operator's words.
  const std::string own = FileOwn(siti, 31).proposal_id();
  decline(own);
  ASSERT_TRUE(Get(siti, own, &read).ok());
  EXPECT_EQ(read.reason_text(), prose);
}

// A citizen's reason may name a neighbour, and the audit trail is never erased:
// the trail holds only its keyed digest, the text is in the proposal's row (the
// offices read it there) and goes with the household at erasure.
TEST_F(CitizenTest, TheCitizensReasonIsKeptOutOfTheTrailAndErasedWithTheHousehold) {
  const std::string siti = CitizenOf("warga.siti");
  const std::string words = "Bu Marni ditinggal suaminya, anaknya Joko putus sekolah";
  v1::FileProposalRequest request = Filing(other_, false, Photo(siti, 32));
  request.set_reason(words);
  v1::Filing filed;
  ASSERT_TRUE(File(siti, request, &filed).ok());
  const std::string id = filed.proposal_id();
  // The control: the text is stored, and found by the scan, in the proposal's row.
  EXPECT_EQ(TablesHolding(words), "proposals");
  v1::GetProposalRequest get;
  get.set_proposal_id(id);
  v1::Proposal proposal;
  ASSERT_TRUE(proposals_->GetProposal(Context(OperatorToken()).get(), get, &proposal).ok());
  EXPECT_EQ(proposal.reason(), words);
  const v1::Transition creation = History(id).transitions(0);
  EXPECT_EQ(creation.reason(), "");
  EXPECT_EQ(creation.attributes().at("reason_hmac_sha256").size(), 64u);
  EXPECT_NE(creation.attributes().at("reason_hmac_sha256"), Sha256Hex(words));  // keyed

  v1::DeclineProposalRequest decline;
  decline.set_request_id(NextRequestId());
  decline.set_proposal_id(id);
  decline.set_reason("rumah tangga sudah diusulkan desa");
  ASSERT_TRUE(proposals_->DeclineProposal(Context(OperatorToken()).get(), decline, &proposal).ok());
  clock_.Advance(std::chrono::hours(24) * (kRetentionDays + 1));
  v1::ErasePersonalDataRequest erase;
  erase.set_request_id(NextRequestId());
  erase.set_proposal_id(id);
  erase.set_reason("retention period over");
  grpc::Status status = personal_data_->ErasePersonalData(
      Context(Token(Role::kDistrictOfficer, kKabupaten)).get(), erase, &proposal);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(TablesHolding(words), "");
  EXPECT_EQ(proposal.reason(), "");
}

TEST_F(CitizenTest, ACitizenSeesOnlyWhatTheyFiledNewestFirstPaged) {
  const std::string siti = CitizenOf("warga.siti");
  const std::string budi = CitizenOf("warga.budi");
  std::vector<std::string> ids;
  // Three households of the desa (one NIK is in at most one open proposal).
  for (int i = 0; i < 3; ++i) {
    v1::Filing filed;
    ASSERT_TRUE(File(siti, Filing(MakeHousehold(kDesaA, 50 + i), false, Photo(siti, 10 + i)),
                     &filed)
                    .ok());
    ids.push_back(filed.proposal_id());
    clock_.Advance(std::chrono::seconds(1));
  }
  const std::string budis = FileOwn(budi, 20).proposal_id();
  const v1::Proposal operators = CreateAndSubmit(kDesaA, 43);

  v1::ListMyFilingsRequest request;
  request.set_page_size(2);
  v1::ListMyFilingsResponse first;
  ASSERT_TRUE(citizens_->ListMyFilings(Context(siti).get(), request, &first).ok());
  ASSERT_EQ(first.filings_size(), 2);
  EXPECT_EQ(first.filings(0).proposal_id(), ids[2]);
  EXPECT_EQ(first.filings(1).proposal_id(), ids[1]);
  EXPECT_EQ(first.filings(0).status_text(), "Menunggu diperiksa operator desa");
  EXPECT_EQ(first.filings(0).member_names_size(), 0);  // not Siti's own household
  ASSERT_FALSE(first.next_page_token().empty());
  request.set_page_token(first.next_page_token());
  v1::ListMyFilingsResponse second;
  ASSERT_TRUE(citizens_->ListMyFilings(Context(siti).get(), request, &second).ok());
  ASSERT_EQ(second.filings_size(), 1);
  EXPECT_EQ(second.filings(0).proposal_id(), ids[0]);
  EXPECT_TRUE(second.next_page_token().empty());

  // Another citizen's filing, an office's proposal and an unknown id answer the
  // same NOT_FOUND: nothing says which of them exists.
  v1::Filing out;
  for (const std::string& id : {budis, operators.proposal_id(),
                                std::string("00000000-0000-4000-8000-000000000000")}) {
    grpc::Status status = Get(siti, id, &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND) << id;
    EXPECT_EQ(status.error_message(), "proposal " + id + " not found");
  }
  // The control: Budi reads his own.
  EXPECT_TRUE(Get(budi, budis, &out).ok());
}

TEST_F(CitizenTest, BadFilingsAreRefusedAtTheEdgeWithTheFieldNamed) {
  const std::string siti = CitizenOf("warga.siti");
  const std::string photo = Photo(siti, 5);
  struct Case {
    std::string name;
    v1::FileProposalRequest request;
    grpc::StatusCode code;
    std::string field;
  };
  std::vector<Case> cases;
  cases.push_back({"no photo", Filing(own_, true, ""), grpc::StatusCode::INVALID_ARGUMENT,
                   "document_hashes"});
  cases.push_back({"not a hash", Filing(own_, true, "abc"), grpc::StatusCode::INVALID_ARGUMENT,
                   "document_hashes[0]"});
  cases.push_back({"never uploaded", Filing(own_, true, Sha256Hex("nothing")),
                   grpc::StatusCode::FAILED_PRECONDITION, "document_hashes[0]"});
  Case someone_elses{"own with another KK", Filing(own_, true, photo),
                     grpc::StatusCode::INVALID_ARGUMENT, "household.kk_number"};
  someone_elses.request.mutable_household()->set_kk_number(other_.kk_number());
  cases.push_back(someone_elses);
  Case no_id{"no request id", Filing(own_, true, photo), grpc::StatusCode::INVALID_ARGUMENT,
             "request_id"};
  no_id.request.clear_request_id();
  cases.push_back(no_id);
  Case no_members{"no members", Filing(own_, true, photo), grpc::StatusCode::INVALID_ARGUMENT,
                  "members"};
  no_members.request.mutable_household()->clear_members();
  cases.push_back(no_members);
  const int64_t before = CountRows("proposals");
  for (const Case& c : cases) {
    v1::Filing out;
    grpc::Status status = File(siti, c.request, &out);
    EXPECT_EQ(status.error_code(), c.code) << c.name << ": " << status.error_message();
    EXPECT_THAT(status.error_message(), HasSubstr(c.field)) << c.name;
    // Never a number the citizen sent back in an error.
    EXPECT_THAT(status.error_message(), Not(HasSubstr(other_.kk_number()))) << c.name;
    EXPECT_THAT(status.error_message(), Not(HasSubstr(own_.kk_number()))) << c.name;
  }
  EXPECT_EQ(CountRows("proposals"), before);
  v1::Filing out;
  EXPECT_EQ(Get(siti, "not-a-uuid", &out).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  v1::ListMyFilingsRequest list;
  list.set_page_size(-1);
  v1::ListMyFilingsResponse listed;
  EXPECT_EQ(citizens_->ListMyFilings(Context(siti).get(), list, &listed).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  // A citizen's page is at most 50 (each row is read with its trail).
  list.set_page_size(51);
  grpc::Status too_large = citizens_->ListMyFilings(Context(siti).get(), list, &listed);
  EXPECT_EQ(too_large.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(too_large.error_message(), "page_size must be between 1 and 50");
  list.set_page_size(50);
  EXPECT_TRUE(citizens_->ListMyFilings(Context(siti).get(), list, &listed).ok());
  EXPECT_EQ(File("", Filing(own_, true, photo), &out).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(CitizenTest, ARepeatedFilingAnswersTheFirstAnswer) {
  const std::string siti = CitizenOf("warga.siti");
  v1::FileProposalRequest request = Filing(own_, true, Photo(siti, 6));
  v1::Filing first, again;
  ASSERT_TRUE(File(siti, request, &first).ok());
  ASSERT_TRUE(File(siti, request, &again).ok());
  EXPECT_EQ(again.proposal_id(), first.proposal_id());
  request.set_reason("another body under the same id");
  EXPECT_FALSE(File(siti, request, &again).ok());
}

TEST_F(CitizenTest, OfficeRolesAreRefusedTheCitizenCalls) {
  const std::string siti = CitizenOf("warga.siti");
  const std::string id = FileOwn(siti, 7).proposal_id();
  for (Role role : {Role::kVillageOperator, Role::kVillageHead, Role::kAuditor,
                    Role::kDistrictOfficer, Role::kCentralReviewer}) {
    const std::string region = role == Role::kAuditor || role == Role::kCentralReviewer ? ""
                               : role == Role::kDistrictOfficer                        ? kKabupaten
                                                                                       : kDesaA;
    const std::string token = Token(role, region);
    v1::Filing out;
    EXPECT_EQ(File(token, Filing(own_, false, Sha256Hex(PngDocument(7))), &out).error_code(),
              grpc::StatusCode::PERMISSION_DENIED)
        << workflow::Name(role);
    EXPECT_EQ(Get(token, id, &out).error_code(), grpc::StatusCode::PERMISSION_DENIED)
        << workflow::Name(role);
    v1::ListMyFilingsResponse listed;
    EXPECT_EQ(citizens_->ListMyFilings(Context(token).get(), {}, &listed).error_code(),
              grpc::StatusCode::PERMISSION_DENIED)
        << workflow::Name(role);
  }
}

// The refusal matrix's citizen rows: every office call, on the citizen's own
// desa and own filing, is PERMISSION_DENIED; the same calls by the office they
// are for succeed (or fail for another reason), so the role is the refusal.
TEST_F(CitizenTest, ACitizenIsRefusedEveryOfficeCall) {
  const std::string siti = CitizenOf("warga.siti");
  const std::string id = FileOwn(siti, 8).proposal_id();
  auto expect_denied = [&](const char* what, const grpc::Status& citizen,
                           const grpc::Status& office) {
    EXPECT_EQ(citizen.error_code(), grpc::StatusCode::PERMISSION_DENIED)
        << what << ": " << citizen.error_message();
    EXPECT_NE(office.error_code(), grpc::StatusCode::PERMISSION_DENIED)
        << what << " (office): " << office.error_message();
  };
  {
    v1::CreateProposalRequest create = NewProposal(kDesaA, 44);
    v1::Proposal out;
    grpc::Status citizen = proposals_->CreateProposal(Context(siti).get(), create, &out);
    create.set_request_id(NextRequestId());
    expect_denied("CreateProposal (VILLAGE)", citizen,
                  proposals_->CreateProposal(Context(OperatorToken()).get(), create, &out));
  }
  {
    v1::SubmitProposalRequest submit;
    submit.set_request_id(NextRequestId());
    submit.set_proposal_id(id);
    v1::Proposal out;
    // The operator's submit is refused for the state (CITIZEN_PROPOSED), not the role.
    expect_denied("SubmitProposal", proposals_->SubmitProposal(Context(siti).get(), submit, &out),
                  proposals_->SubmitProposal(Context(OperatorToken()).get(), submit, &out));
  }
  {
    v1::GetProposalRequest get;
    get.set_proposal_id(id);
    v1::Proposal out;
    expect_denied("GetProposal", proposals_->GetProposal(Context(siti).get(), get, &out),
                  proposals_->GetProposal(Context(OperatorToken()).get(), get, &out));
  }
  {
    v1::ListProposalsRequest list;
    list.set_region_prefix(kDesaA);
    v1::ListProposalsResponse out;
    expect_denied("ListProposals", proposals_->ListProposals(Context(siti).get(), list, &out),
                  proposals_->ListProposals(Context(OperatorToken()).get(), list, &out));
  }
  {
    v1::GetHistoryRequest history;
    history.set_proposal_id(id);
    v1::GetHistoryResponse out;
    expect_denied("GetHistory", audit_->GetHistory(Context(siti).get(), history, &out),
                  audit_->GetHistory(Context(OperatorToken()).get(), history, &out));
  }
  {
    // A stream: the citizen is refused before the server reads a message. The
    // client sends none and keeps its side open, so a server that waited for a
    // row would never answer (the call's deadline would, DEADLINE_EXCEEDED).
    auto citizen = Context(siti);
    auto refused = proposals_->ImportProposals(citizen.get());
    v1::ImportRowResult result;
    EXPECT_FALSE(refused->Read(&result));
    const grpc::Status citizen_status = refused->Finish();
    // The control: the operator's stream is read (one row, refused for its
    // content, answered as a row result).
    auto office = Context(OperatorToken());
    auto read = proposals_->ImportProposals(office.get());
    v1::ImportProposalsRequest row;
    row.set_request_id(NextRequestId());
    row.set_row_number(1);
    *row.mutable_proposal() = NewProposal(kDesaA, 45);
    row.mutable_proposal()->clear_request_id();
    row.mutable_proposal()->mutable_household()->mutable_members(0)->set_nik("12345");
    ASSERT_TRUE(read->Write(row));
    read->WritesDone();
    ASSERT_TRUE(read->Read(&result));
    EXPECT_EQ(result.code(), grpc::StatusCode::INVALID_ARGUMENT) << result.message();
    while (read->Read(&result)) {
    }
    expect_denied("ImportProposals", citizen_status, read->Finish());
  }
  {
    v1::OpenDeliberationRequest open;
    open.set_request_id(NextRequestId());
    open.set_kind(v1::DELIBERATION_KIND_MUSDES);
    open.set_desa_code(kDesaA);
    open.set_meeting_date("2026-11-20");
    v1::Deliberation out;
    grpc::Status citizen = deliberations_->OpenDeliberation(Context(siti).get(), open, &out);
    open.set_request_id(NextRequestId());
    expect_denied("OpenDeliberation", citizen,
                  deliberations_->OpenDeliberation(Context(HeadToken()).get(), open, &out));
  }
}

// The limits of citizens' calls (docs/citizens.md, "Limits"), tightened so that
// a test reaches them: 3 filings a minute, 3 uncited documents.
class CitizenLimitsTest : public CitizenTest {
 protected:
  void ConfigureServer(server::ServerOptions& options) override {
    options.citizen_filing_rate_per_minute = 3;
    options.citizen_upload_quota = {3, int64_t{60} << 20};
  }

  grpc::Status UploadAs(const std::string& token, int seed, std::string* sha256 = nullptr) {
    const Uploaded up = Upload(*documents_, *Context(token),
                               UploadMessages(NextRequestId(), "image/png", PngDocument(seed)));
    if (sha256 != nullptr) *sha256 = up.document.sha256();
    return up.status;
  }
};

TEST_F(CitizenLimitsTest, FilingsPerMinuteAreBoundedPerCitizen) {
  const std::string siti = CitizenOf("warga.siti");
  const std::string budi = CitizenOf("warga.budi");
  std::vector<std::string> photos;
  for (int i = 0; i < 3; ++i) photos.push_back(Photo(siti, 40 + i));
  for (int i = 0; i < 3; ++i) {
    v1::Filing filed;
    grpc::Status status =
        File(siti, Filing(MakeHousehold(kDesaA, 60 + i), false, photos[i]), &filed);
    ASSERT_TRUE(status.ok()) << i << ": " << status.error_message();
  }
  const int64_t before = CountRows("proposals");
  v1::Filing out;
  grpc::Status refused = File(siti, Filing(MakeHousehold(kDesaA, 63), false, photos[0]), &out);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(refused.error_message(), HasSubstr("--citizen-filing-rate-per-minute"));
  EXPECT_EQ(CountRows("proposals"), before);
  // Another citizen has a bucket of their own; Siti's refills with time.
  EXPECT_TRUE(File(budi, Filing(own_, true, Photo(budi, 44)), &out).ok());
  clock_.Advance(std::chrono::seconds(30));  // a token every 20 s
  EXPECT_TRUE(File(CitizenOf("warga.siti"), Filing(MakeHousehold(kDesaA, 63), false, photos[0]),
                   &out)
                  .ok());
}

// No NIK oracle and no blocking: a citizen's filing for another household
// claims no NIK, so it neither learns that a member is in an open proposal nor
// keeps the village from proposing them; the operator's take-up claims them and
// is told which member conflicts.
TEST_F(CitizenLimitsTest, AFilingForAnotherHouseholdNeitherProbesNorBlocksNiks) {
  const std::string siti = CitizenOf("warga.siti");
  const v1::Proposal village = CreateAndSubmit(kDesaA, 70);
  v1::Filing probe;
  grpc::Status status = File(siti, Filing(MakeHousehold(kDesaA, 70), false, Photo(siti, 45)), &probe);
  ASSERT_TRUE(status.ok()) << "a claim refused here would confirm the NIK: "
                           << status.error_message();
  // Filed first by a citizen, a household is still the village's to propose.
  v1::Filing first;
  ASSERT_TRUE(File(siti, Filing(MakeHousehold(kDesaA, 71), false, Photo(siti, 46)), &first).ok());
  const v1::Proposal proposed = CreateAndSubmit(kDesaA, 71);
  EXPECT_FALSE(proposed.proposal_id().empty());
  // The operator taking up the probe learns the conflict, naming the member.
  v1::TakeUpProposalRequest take_up;
  take_up.set_request_id(NextRequestId());
  take_up.set_proposal_id(probe.proposal_id());
  *take_up.mutable_household() = MakeHousehold(kDesaA, 70);
  v1::Proposal out;
  status = proposals_->TakeUpProposal(Context(OperatorToken()).get(), take_up, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS) << status.error_message();
  EXPECT_THAT(status.error_message(), HasSubstr("household.members[0].nik"));
  EXPECT_FALSE(village.proposal_id().empty());
}

TEST_F(CitizenLimitsTest, UncitedUploadsAreBoundedAndCitingFreesTheirPlace) {
  const std::string siti = CitizenOf("warga.siti");
  std::vector<std::string> photos(3);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(UploadAs(siti, 80 + i, &photos[i]).ok()) << i;
  const int64_t documents = CountRows("documents");
  grpc::Status refused = UploadAs(siti, 83);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(refused.error_message(), HasSubstr("at most 3"));
  EXPECT_EQ(CountRows("documents"), documents);  // refused before a byte is stored
  // The same photo again takes no new place; an office's uploads are not counted.
  EXPECT_TRUE(UploadAs(siti, 80).ok());
  EXPECT_TRUE(UploadAs(HeadToken(), 84).ok());
  // Citing two in a filing frees their places.
  v1::FileProposalRequest request = Filing(own_, true, photos[0]);
  request.add_document_hashes(photos[1]);
  v1::Filing filed;
  ASSERT_TRUE(File(siti, request, &filed).ok());
  EXPECT_TRUE(UploadAs(siti, 83).ok());
  EXPECT_TRUE(UploadAs(siti, 85).ok());
  EXPECT_EQ(UploadAs(siti, 86).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
}

// A citizen cites only what they uploaded: another's photo (known by its hash)
// is refused like one never uploaded; the same bytes uploaded by them pass.
TEST_F(CitizenLimitsTest, ACitizenCitesOnlyTheirOwnUploads) {
  const std::string siti = CitizenOf("warga.siti");
  const std::string budi = CitizenOf("warga.budi");
  std::string budis;
  ASSERT_TRUE(UploadAs(budi, 90, &budis).ok());
  v1::Filing out;
  grpc::Status refused = File(siti, Filing(own_, true, budis), &out);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(refused.error_message(), HasSubstr("document_hashes[0]"));
  grpc::Status never = File(siti, Filing(own_, true, Sha256Hex("never uploaded")), &out);
  EXPECT_EQ(never.error_message(), refused.error_message());  // nothing tells them apart
  std::string sitis;
  ASSERT_TRUE(UploadAs(siti, 90, &sitis).ok());
  EXPECT_EQ(sitis, budis);
  EXPECT_TRUE(File(siti, Filing(own_, true, sitis), &out).ok());
}

}  // namespace
}  // namespace usulan::testing
