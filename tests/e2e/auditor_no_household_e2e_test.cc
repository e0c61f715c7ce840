// Issue 12: an auditor reads trails, checkpoints and proofs, never households.
// Every method of every service under proto/ (enumerated from the protobuf
// descriptors, so an RPC added later fails this test until it is classified
// below) is called as a national auditor, with a request built to reach
// household data where the method has any (planted proposal ids, a planted
// NIK, a planted household), on a database holding proposals in several states,
// a batch, a decision-ready batch, a checkpoint and access-log rows. Every answer
// (each message of a stream) is scanned, as serialized bytes and as text
// format, and every status message, for every planted NIK, KK number and name:
// zero hits. Each method's status is the one its classification states.
// Control: the same scan finds the household in GetProposal as its operator.
#include <map>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/text_format.h>
#include <google/protobuf/util/json_util.h>

#include "tests/e2e/refusal_matrix.h"
#include "tests/e2e/raw_call.h"
#include "tests/e2e/rpc_coverage.h"
#include "tests/support/build_paths.h"
#include "tests/support/personal_data_scan.h"
#include "usulan/bps/v1/welfare_ranking.pb.h"
#include "usulan/registry/v1/population_registry.pb.h"
#include "usulan/v1/citizen_service.pb.h"

namespace usulan::testing {
namespace {

using google::protobuf::Message;
using grpc::StatusCode;

// How a method answers an auditor, and why that holds no household.
struct Classification {
  StatusCode code;
  std::string request_json;  // with $PLACEHOLDERS (AuditorNoHouseholdTest::Fill)
  const char* why;
};

// Every method, classified. A method missing here fails the test.
const std::map<std::string, Classification>& Classifications() {
  static const auto* table = new std::map<std::string, Classification>{
      // ProposalService: reads answer without households; LookupNik is only about
      // households and refuses; changes are not an auditor's.
      {"/usulan.v1.ProposalService/GetProposal",
       {StatusCode::OK, R"({"proposal_id":"$ID"})", "household withheld (household_withheld)"}},
      {"/usulan.v1.ProposalService/ListProposals",
       {StatusCode::OK, R"({})", "summaries carry no personal data"}},
      {"/usulan.v1.ProposalService/CountProposals",
       {StatusCode::OK, R"({})", "counts only"}},
      {"/usulan.v1.ProposalService/LookupNik",
       {StatusCode::PERMISSION_DENIED, R"({"nik":"$NIK"})", "only about households: refused"}},
      {"/usulan.v1.ProposalService/CreateProposal",
       {StatusCode::PERMISSION_DENIED,
        R"({"request_id":"aud-create","kind":"PROPOSAL_KIND_NEW","region":$REGION,"household":$HOUSEHOLD})",
        "not an auditor's act"}},
      {"/usulan.v1.ProposalService/UpdateDraft",
       {StatusCode::PERMISSION_DENIED,
        R"({"request_id":"aud-update","proposal_id":"$DRAFT","household":$HOUSEHOLD})",
        "not an auditor's act"}},
      {"/usulan.v1.ProposalService/SubmitProposal",
       {StatusCode::PERMISSION_DENIED, R"({"request_id":"aud-submit","proposal_id":"$DRAFT"})",
        "not an auditor's act"}},
      {"/usulan.v1.ProposalService/CorrectProposal",
       {StatusCode::PERMISSION_DENIED,
        R"({"request_id":"aud-correct","proposal_id":"$ID","household":$HOUSEHOLD,"reason":"x"})",
        "not an auditor's act"}},
      {"/usulan.v1.ProposalService/WithdrawProposal",
       {StatusCode::PERMISSION_DENIED,
        R"({"request_id":"aud-withdraw","proposal_id":"$ID","reason":"x"})",
        "not an auditor's act"}},
      {"/usulan.v1.ProposalService/TakeUpProposal",
       {StatusCode::PERMISSION_DENIED,
        R"({"request_id":"aud-takeup","proposal_id":"$ID","household":$HOUSEHOLD})",
        "not an auditor's act"}},
      {"/usulan.v1.ProposalService/DeclineProposal",
       {StatusCode::PERMISSION_DENIED,
        R"({"request_id":"aud-decline","proposal_id":"$ID","reason":"x"})",
        "not an auditor's act"}},
      {"/usulan.v1.ProposalService/ImportProposals",
       {StatusCode::PERMISSION_DENIED,
        R"({"request_id":"aud-import","row_number":"1","proposal":{"kind":"PROPOSAL_KIND_NEW","region":$REGION,"household":$HOUSEHOLD}})",
        "not an auditor's act: the stream is refused before any row"}},
      // DeliberationService: meetings and outcomes, no household.
      {"/usulan.v1.DeliberationService/GetDeliberation",
       {StatusCode::OK, R"({"deliberation_id":"$DELIBERATION"})", "agenda of proposal ids"}},
      {"/usulan.v1.DeliberationService/ListDeliberations",
       {StatusCode::OK, R"({})", "agenda of proposal ids"}},
      {"/usulan.v1.DeliberationService/OpenDeliberation",
       {StatusCode::PERMISSION_DENIED,
        R"({"request_id":"aud-open","kind":"DELIBERATION_KIND_MUSDES","desa_code":"$DESA","meeting_date":"$TODAY"})",
        "not an auditor's act"}},
      {"/usulan.v1.DeliberationService/AddToAgenda",
       {StatusCode::PERMISSION_DENIED,
        R"({"request_id":"aud-agenda","deliberation_id":"$DELIBERATION","proposal_ids":["$ID"]})",
        "not an auditor's act"}},
      {"/usulan.v1.DeliberationService/RecordOutcome",
       {StatusCode::PERMISSION_DENIED,
        R"({"request_id":"aud-outcome","deliberation_id":"$DELIBERATION","proposal_id":"$ID","outcome":"AGENDA_OUTCOME_AGREED"})",
        "not an auditor's act"}},
      {"/usulan.v1.DeliberationService/CloseDeliberation",
       {StatusCode::PERMISSION_DENIED,
        R"({"request_id":"aud-close","deliberation_id":"$DELIBERATION","attendance":10,"quorum":5,"minutes_sha256":"$HASH"})",
        "not an auditor's act"}},
      // VerificationService: only changes.
      {"/usulan.v1.VerificationService/AssignVerifier",
       {StatusCode::PERMISSION_DENIED,
        R"({"request_id":"aud-assign","proposal_ids":["$ID"],"verifier_id":"v1"})",
        "not an auditor's act"}},
      {"/usulan.v1.VerificationService/RecordVisit",
       {StatusCode::PERMISSION_DENIED,
        R"({"request_id":"aud-visit","proposal_id":"$ID","outcome":"VISIT_OUTCOME_COMPLETED","eligible":true,"visit_time":"$NOW","evidence_sha256":["$HASH"]})",
        "not an auditor's act"}},
      {"/usulan.v1.VerificationService/FinalizeVillage",
       {StatusCode::PERMISSION_DENIED,
        R"({"request_id":"aud-finalize","desa_code":"$DESA","proposal_ids":["$ID"],"minutes_sha256":"$HASH","name_list_sha256":"$HASH"})",
        "not an auditor's act"}},
      // ReviewService: batches are lists of proposal ids and hashes.
      {"/usulan.v1.ReviewService/GetBatch",
       {StatusCode::OK, R"({"batch_id":"$BATCH"})", "member ids and hashes"}},
      {"/usulan.v1.ReviewService/ListBatches", {StatusCode::OK, R"({})", "member ids and hashes"}},
      {"/usulan.v1.ReviewService/OpenReview",
       {StatusCode::PERMISSION_DENIED, R"({"request_id":"aud-review","proposal_ids":["$ID"]})",
        "not an auditor's act"}},
      {"/usulan.v1.ReviewService/ApproveProposals",
       {StatusCode::PERMISSION_DENIED, R"({"request_id":"aud-approve","proposal_ids":["$ID"]})",
        "not an auditor's act"}},
      {"/usulan.v1.ReviewService/ReturnProposal",
       {StatusCode::PERMISSION_DENIED,
        R"({"request_id":"aud-return","proposal_id":"$ID","reason":"x"})", "not an auditor's act"}},
      {"/usulan.v1.ReviewService/CreateBatch",
       {StatusCode::PERMISSION_DENIED,
        R"({"request_id":"aud-batch","kabupaten_code":"$KABUPATEN","proposal_ids":["$ID"]})",
        "not an auditor's act"}},
      {"/usulan.v1.ReviewService/RatifyBatch",
       {StatusCode::PERMISSION_DENIED,
        R"({"request_id":"aud-ratify","batch_id":"$BATCH","letter_number":"1/2024","letter_sha256":"$HASH"})",
        "not an auditor's act"}},
      {"/usulan.v1.ReviewService/SubmitBatch",
       {StatusCode::PERMISSION_DENIED, R"({"request_id":"aud-submitb","batch_id":"$BATCH"})",
        "not an auditor's act"}},
      {"/usulan.v1.ReviewService/ForwardBatch",
       {StatusCode::PERMISSION_DENIED, R"({"request_id":"aud-forward","batch_id":"$BATCH"})",
        "not an auditor's act"}},
      {"/usulan.v1.ReviewService/ReturnBatch",
       {StatusCode::PERMISSION_DENIED,
        R"({"request_id":"aud-returnb","batch_id":"$BATCH","reason":"x"})", "not an auditor's act"}},
      {"/usulan.v1.ReviewService/ConfirmCentralChange",
       {StatusCode::PERMISSION_DENIED,
        R"({"request_id":"aud-confirm","proposal_id":"$ID","confirmed":true})",
        "not an auditor's act"}},
      // DecisionService.
      {"/usulan.v1.DecisionService/ListIncomingBatches",
       {StatusCode::OK, R"({})", "member ids and hashes"}},
      {"/usulan.v1.DecisionService/DecideBatch",
       {StatusCode::PERMISSION_DENIED,
        R"({"request_id":"aud-decide","batch_id":"$BATCH","decree_number":"1/HUK/2024"})",
        "not an auditor's act"}},
      {"/usulan.v1.DecisionService/DecideProposal",
       {StatusCode::PERMISSION_DENIED,
        R"({"request_id":"aud-decide-one","proposal_id":"$ID","accept":true,"decree_number":"1/HUK/2024"})",
        "not an auditor's act"}},
      {"/usulan.v1.DecisionService/GetDecision",
       {StatusCode::NOT_FOUND, R"({"batch_id":"$BATCH"})", "not decided yet"}},
      // AuditService: the auditor's own reads; rows hold keyed digests, not people.
      {"/usulan.v1.AuditService/GetHistory",
       {StatusCode::OK, R"({"proposal_id":"$ID"})", "the trail holds no personal data"}},
      {"/usulan.v1.AuditService/VerifyChain",
       {StatusCode::OK, R"({"everything":true})", "findings name rows, not people"}},
      {"/usulan.v1.AuditService/ExportTransitions",
       {StatusCode::OK, R"({})", "the trail holds no personal data"}},
      {"/usulan.v1.AuditService/GetCheckpoint", {StatusCode::OK, R"({})", "hashes only"}},
      {"/usulan.v1.AuditService/ListCheckpoints", {StatusCode::OK, R"({})", "hashes only"}},
      {"/usulan.v1.AuditService/CreateCheckpoint",
       {StatusCode::OK, R"({"request_id":"aud-checkpoint"})", "hashes only"}},
      {"/usulan.v1.AuditService/GetInclusionProof",
       {StatusCode::OK, R"({"proposal_id":"$ID","sequence":"1"})", "hashes only"}},
      {"/usulan.v1.AuditService/GetAuditKey", {StatusCode::OK, R"({})", "a public key"}},
      {"/usulan.v1.AuditService/ListPersonalDataAccess",
       {StatusCode::OK, R"({})", "keyed NIK hashes, never NIKs"}},
      // PersonalDataService.
      {"/usulan.v1.PersonalDataService/ErasePersonalData",
       {StatusCode::PERMISSION_DENIED,
        R"({"request_id":"aud-erase","proposal_id":"$ID","reason":"x"})", "not an auditor's act"}},
      // RegisterService: entries name proposals, never people; auditors read them.
      {"/usulan.v1.RegisterService/GetEntry",
       {StatusCode::NOT_FOUND, R"({"entry_id":"$ID"})", "not listed: nothing decided yet"}},
      {"/usulan.v1.RegisterService/ListEntries",
       {StatusCode::OK, R"({})", "entries hold no personal data"}},
      {"/usulan.v1.RegisterService/CountEntries",
       {StatusCode::OK, R"({})", "counts per desa"}},
      {"/usulan.v1.RegisterService/VerifyEntryChain",
       {StatusCode::OK, R"({})", "findings name rows and fields, never values"}},
      {"/usulan.v1.RegisterService/ExportDetermination",
       {StatusCode::OK, R"({"cycle":"2026-11"})",
        "the publication variant: no name, NIK or KK in any file"}},
      {"/usulan.v1.RegisterService/FileDeceasedChanges",
       {StatusCode::PERMISSION_DENIED,
        R"({"request_id":"aud-deceased","since_date":"$TODAY"})", "Pusdatin's act"}},
      {"/usulan.v1.RegisterService/ApplyWelfareRanking",
       {StatusCode::PERMISSION_DENIED, R"({"request_id":"aud-ranking","ranking_id":"2026-Q4"})",
        "Pusdatin's act"}},
      // DocumentService: evidence may hold personal data (a by-name list, a house
      // photo), so an auditor neither uploads nor downloads.
      {"/usulan.v1.DocumentService/UploadDocument",
       {StatusCode::PERMISSION_DENIED,
        R"({"metadata":{"request_id":"aud-upload","media_type":"application/pdf","total_size":"10"}})",
        "not an auditor's act: refused before any byte"}},
      {"/usulan.v1.DocumentService/DownloadDocument",
       {StatusCode::PERMISSION_DENIED, R"({"proposal_id":"$ID","sha256":"$HASH"})",
        "documents are household evidence: refused"}},
      // CitizenService: a citizen's own calls; every office role, the auditor
      // included, is refused before anything is read.
      {"/usulan.v1.CitizenService/FileProposal",
       {StatusCode::PERMISSION_DENIED,
        R"({"request_id":"aud-file","household":$HOUSEHOLD,"document_hashes":["$HASH"]})",
        "citizens only"}},
      {"/usulan.v1.CitizenService/ListMyFilings",
       {StatusCode::PERMISSION_DENIED, R"({})", "citizens only"}},
      {"/usulan.v1.CitizenService/GetMyFiling",
       {StatusCode::PERMISSION_DENIED, R"({"proposal_id":"$ID"})", "citizens only"}},
      // PublicStatusService: public, the token is not read; masked names only.
      {"/usulan.v1.PublicStatusService/CheckStatus",
       {StatusCode::OK,
        R"({"province_code":"32","kabupaten_code":"3201","kecamatan_code":"320101","desa_code":"$DESA","full_name":"Nama Tidak Ada"})",
        "masked names, status and programmes"}},
      {"/usulan.v1.CitizenService/FileObjection",
       {StatusCode::PERMISSION_DENIED,
        R"({"request_id":"aud-object","register_entry_id":"$ID","reason":"x","document_hashes":["$HASH"],"latitude":-6.5,"longitude":106.8})",
        "citizens only"}},
      {"/usulan.v1.CitizenService/GetMyHousehold",
       {StatusCode::PERMISSION_DENIED, R"({})", "citizens only"}},
      // The civil registry's protocol is served by the registry (Dukcapil, the
      // simulator), not by usulan-server.
      {"/usulan.registry.v1.PopulationRegistryService/CheckHousehold",
       {StatusCode::UNIMPLEMENTED, R"({"kk_number":"$KK"})", "not served by usulan-server"}},
      {"/usulan.registry.v1.PopulationRegistryService/ListDeaths",
       {StatusCode::UNIMPLEMENTED, R"({"since_date":"$TODAY"})", "not served by usulan-server"}},
      // BPS's welfare ranking likewise (BPS, the simulator).
      {"/usulan.bps.v1.WelfareRankingService/ListRankings",
       {StatusCode::UNIMPLEMENTED, R"({"ranking_id":"2026-Q4"})", "not served by usulan-server"}},
  };
  return *table;
}

// A new, empty message of a generated type.
std::unique_ptr<Message> NewMessage(const google::protobuf::Descriptor* type) {
  return std::unique_ptr<Message>(
      google::protobuf::MessageFactory::generated_factory()->GetPrototype(type)->New());
}

class AuditorNoHouseholdTest : public RefusalMatrixTest {
 protected:
  // Every $NAME in `json` replaced by its value (JSON values: $REGION, $HOUSEHOLD).
  std::string Fill(std::string json) const {
    for (const auto& [name, value] : placeholders_) {
      for (size_t at = json.find(name); at != std::string::npos; at = json.find(name, at)) {
        json.replace(at, name.size(), value);
        at += value.size();
      }
    }
    return json;
  }

  // A request message of `method`'s input type from JSON.
  std::string RequestBytes(const google::protobuf::MethodDescriptor& method,
                           const std::string& json) {
    std::unique_ptr<Message> request = NewMessage(method.input_type());
    auto parsed = google::protobuf::util::JsonStringToMessage(json, request.get());
    EXPECT_TRUE(parsed.ok()) << method.full_name() << ": " << parsed.ToString() << "\n" << json;
    return request->SerializeAsString();
  }

  // The answer's messages as bytes and as text format, for the scan.
  static std::string Readable(const google::protobuf::MethodDescriptor& method,
                              const RawAnswer& answer) {
    std::string text = answer.message + "\n";
    for (const std::string& bytes : answer.responses) {
      std::unique_ptr<Message> response = NewMessage(method.output_type());
      EXPECT_TRUE(response->ParseFromString(bytes)) << method.full_name();
      std::string printed;
      google::protobuf::TextFormat::PrintToString(*response, &printed);
      text += bytes + "\n" + printed + "\n";
    }
    return text;
  }

  // Proposals in several states (each household planted in planted_), an open
  // deliberation, an access-log row and a checkpoint; the placeholders' values.
  void Plant() {
    // Proposals in several states, each household planted.
    const std::vector<std::string> prelisted = Prelisted(kDesaA, 61, 2);
    const v1::Batch central = ToCentralReview(63, 2);
    v1::Proposal draft;
    const v1::CreateProposalRequest draft_request = NewProposal(kDesaB, 65);
    ASSERT_TRUE(proposals_->CreateProposal(Context(OperatorToken(kDesaB)).get(), draft_request,
                                           &draft).ok());
    const v1::Proposal mismatch = CreateAndSubmit(kDesaB, 66, /*registered=*/false);
    EXPECT_EQ(mismatch.state(), v1::PROPOSAL_STATE_NIK_MISMATCH);
    for (int seed : {61, 62, 63, 64}) {
      for (const PersonalValue& value :
           PersonalValuesOf(MakeHousehold(kDesaA, seed), "household " + std::to_string(seed))) {
        planted_.push_back(value);
      }
    }
    for (int seed : {65, 66}) {
      for (const PersonalValue& value :
           PersonalValuesOf(MakeHousehold(kDesaB, seed), "household " + std::to_string(seed))) {
        planted_.push_back(value);
      }
    }
    const v1::Deliberation open = OpenDeliberation(kDesaB);
    // An access-log row and a checkpoint, so those reads answer something.
    v1::LookupNikRequest lookup;
    lookup.set_nik(MakeHousehold(kDesaA, 61).members(0).nik());
    v1::LookupNikResponse found;
    ASSERT_TRUE(proposals_->LookupNik(Context(OperatorToken()).get(), lookup, &found).ok());
    ASSERT_EQ(found.proposals_size(), 1);
    v1::CreateCheckpointRequest checkpoint;
    checkpoint.set_request_id("setup-checkpoint");
    v1::CreateCheckpointResponse made;
    ASSERT_TRUE(audit_->CreateCheckpoint(Context(Token(workflow::Role::kSystem, "")).get(),
                                         checkpoint, &made).ok());

    std::string household_json, region_json;
    ASSERT_TRUE(google::protobuf::util::MessageToJsonString(MakeHousehold(kDesaA, 61),
                                                            &household_json).ok());
    ASSERT_TRUE(google::protobuf::util::MessageToJsonString(NewProposal(kDesaA, 61, false).region(),
                                                            &region_json).ok());
    placeholders_ = {
        {"$ID", prelisted[0]},
        {"$DRAFT", draft.proposal_id()},
        {"$BATCH", central.batch_id()},
        {"$DELIBERATION", open.deliberation_id()},
        {"$NIK", MakeHousehold(kDesaA, 61).members(1).nik()},
        {"$KK", MakeHousehold(kDesaA, 61).kk_number()},
        {"$HOUSEHOLD", household_json},
        {"$REGION", region_json},
        {"$DESA", kDesaA},
        {"$KABUPATEN", kKabupaten},
        {"$TODAY", MeetingDate()},
        {"$NOW", "2024-05-01T00:00:00Z"},
        {"$HASH", kDocHash},
    };
  }

  // Every method under proto/ (the central sources' protocols linked in);
  // asserts that none is missing from the generated pool.
  std::vector<std::string> Methods() {
    // Links the central sources' protocols' descriptors in, so their files are
    // enumerated too.
    EXPECT_NE(registry::v1::CheckHouseholdRequest::descriptor(), nullptr);
    EXPECT_NE(bps::v1::ListRankingsRequest::descriptor(), nullptr);
    std::vector<std::string> problems;
    std::vector<std::string> methods = UsulanMethods(ProtoDir(), &problems);
    EXPECT_THAT(problems, ::testing::IsEmpty());
    EXPECT_GE(methods.size(), 43u);
    return methods;
  }

  // The classified request of `full_name` ("/package.Service/Method") as bytes.
  std::string RequestOf(const std::string& full_name, const Classification& classified,
                        const google::protobuf::MethodDescriptor** method) {
    // "/package.Service/Method" -> "package.Service.Method"
    std::string dotted = full_name.substr(1);
    dotted[dotted.rfind('/')] = '.';
    *method = google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(dotted);
    EXPECT_NE(*method, nullptr) << full_name;
    return *method == nullptr ? "" : RequestBytes(**method, Fill(classified.request_json));
  }

  std::map<std::string, std::string> placeholders_;
  std::vector<PersonalValue> planted_;
};

TEST_F(AuditorNoHouseholdTest, NoRpcAnswersAnAuditorWithANameNikOrKk) {
  ASSERT_NO_FATAL_FAILURE(Plant());
  const std::vector<std::string> methods = Methods();
  ASSERT_FALSE(HasFailure());
  const std::string auditor = Token(workflow::Role::kAuditor, "", "bpk.auditor");
  const auto* pool = google::protobuf::DescriptorPool::generated_pool();
  int answered_with_data = 0;
  for (const std::string& full_name : methods) {
    SCOPED_TRACE(full_name);
    auto classified = Classifications().find(full_name);
    if (classified == Classifications().end()) {
      ADD_FAILURE() << full_name
                    << " is not classified: say how it answers an auditor (household "
                       "fields withheld, or PERMISSION_DENIED) in Classifications()";
      continue;
    }
    const google::protobuf::MethodDescriptor* method = nullptr;
    const std::string request = RequestOf(full_name, classified->second, &method);
    ASSERT_NE(method, nullptr);
    const RawAnswer answer = RawCall(channel_, full_name, {request}, auditor);
    EXPECT_EQ(answer.code, classified->second.code)
        << answer.message << " (classified: " << classified->second.why << ")";
    const std::string readable = Readable(*method, answer);
    EXPECT_EQ(Describe(FindPersonalData(readable, planted_)), "") << "in the answer:\n"
                                                                  << readable;
    if (answer.code == StatusCode::OK && !answer.responses.empty() &&
        !answer.responses[0].empty()) {
      ++answered_with_data;
    }
  }
  // Not vacuous: most reads answered something.
  EXPECT_GE(answered_with_data, 15);

  // Control: the same request and scan find the household for its operator.
  const google::protobuf::MethodDescriptor* get =
      pool->FindMethodByName("usulan.v1.ProposalService.GetProposal");
  const RawAnswer own = RawCall(channel_, "/usulan.v1.ProposalService/GetProposal",
                                {RequestBytes(*get, Fill(R"({"proposal_id":"$ID"})"))},
                                OperatorToken());
  ASSERT_EQ(own.code, StatusCode::OK) << own.message;
  EXPECT_NE(Describe(FindPersonalData(Readable(*get, own), planted_)), "");
}

// The refusal matrix's citizen rows over every RPC (issue 15, "a citizen acting
// as an operator"): a citizen of desa A, sending each method the request
// classified above (about desa A's planted proposals), is refused every office
// RPC with PERMISSION_DENIED, and nothing changes. A citizen's own calls are
// CitizenService's, the upload of a house photo and the public status check;
// the civil registry's and BPS's protocols are not served here. Control: the
// same token is answered by CitizenService, so each refusal is the role's.
using CitizenEveryRpcTest = AuditorNoHouseholdTest;

bool ACitizensOwnCall(const std::string& full_name) {
  return full_name.rfind("/usulan.v1.CitizenService/", 0) == 0 ||
         full_name == "/usulan.v1.DocumentService/UploadDocument" ||
         full_name == "/usulan.v1.PublicStatusService/CheckStatus";
}

TEST_F(CitizenEveryRpcTest, ACitizenIsRefusedEveryOfficeRpcAndChangesNothing) {
  ASSERT_NO_FATAL_FAILURE(Plant());
  const std::vector<std::string> methods = Methods();
  ASSERT_FALSE(HasFailure());
  const std::string citizen = Token(workflow::Role::kCitizen, kDesaA, "warga.rpc");
  int refused = 0;
  for (const std::string& full_name : methods) {
    SCOPED_TRACE(full_name);
    auto classified = Classifications().find(full_name);
    ASSERT_NE(classified, Classifications().end()) << "classify it in Classifications()";
    if (ACitizensOwnCall(full_name) || classified->second.code == StatusCode::UNIMPLEMENTED) {
      continue;
    }
    const google::protobuf::MethodDescriptor* method = nullptr;
    const std::string request = RequestOf(full_name, classified->second, &method);
    ASSERT_NE(method, nullptr);
    const std::string before = World();
    const RawAnswer answer = RawCall(channel_, full_name, {request}, citizen);
    EXPECT_EQ(answer.code, StatusCode::PERMISSION_DENIED) << answer.message;
    EXPECT_EQ(World(), before);
    ++refused;
  }
  // Every office service's methods, not a few.
  EXPECT_GE(refused, 45);

  const RawAnswer own = RawCall(channel_, "/usulan.v1.CitizenService/ListMyFilings",
                                {v1::ListMyFilingsRequest().SerializeAsString()}, citizen);
  EXPECT_EQ(own.code, StatusCode::OK) << own.message;
}

}  // namespace
}  // namespace usulan::testing
