// The cycle's determination through the real server and PostgreSQL
// (docs/determination.md): households walked to Pusdatin's batch decision are the
// rows of their cycle's export; the central reviewer takes it with or without
// personal data, an auditor and the district the publication variant only; the
// manifest's SHA-256s hold and `openssl` verifies manifest.sig against the audit
// key GetAuditKey publishes, and fails on a tampered manifest (the control); the
// export with personal data is recorded in the access log; bad cycles and roles
// are refused with precise codes.
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "services/determination_chunks.h"
#include "services/digest.h"
#include "tests/e2e/lifecycle_driver.h"
#include "tests/support/scratch_dir.h"
#include "usulan/v1/register_service.grpc.pb.h"

namespace usulan::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using workflow::Role;

constexpr char kDecree[] = "Kepmensos 21/HUK/2026";

std::vector<std::string> Lines(const std::string& text, const std::string& end) {
  std::vector<std::string> out;
  for (size_t at = 0; at < text.size();) {
    const size_t next = text.find(end, at);
    out.push_back(text.substr(at, next - at));
    at = next == std::string::npos ? text.size() : next + end.size();
  }
  return out;
}

class DeterminationE2eTest : public LifecycleTest {
 protected:
  void SetUp() override {
    LifecycleTest::SetUp();
    register_ = v1::RegisterService::NewStub(channel_);
  }

  // Three NEW proposals of desa A to Pusdatin's batch decision, the last
  // rejected; the accepted ids (sorted) in accepted_, the rejected in rejected_.
  void DecideBatch() {
    v1::Batch batch = ToCentralReview(1, 3);
    std::vector<std::string> ids;
    for (const auto& member : batch.members()) ids.push_back(member.proposal_id());
    std::sort(ids.begin(), ids.end());
    rejected_ = ids.back();
    accepted_ = {ids.begin(), ids.end() - 1};
    v1::DecideBatchRequest request;
    request.set_request_id(NextRequestId());
    request.set_batch_id(batch.batch_id());
    request.set_decree_number(kDecree);
    v1::DecisionException* e = request.add_exceptions();
    e->set_proposal_id(rejected_);
    e->set_action(v1::EXCEPTION_ACTION_REJECT);
    e->set_reason_code("NOT_POOR");
    e->set_reason("household above the threshold");
    v1::BatchDecision decision;
    grpc::Status status = decisions_->DecideBatch(Context(PusdatinToken()).get(), request, &decision);
    ASSERT_TRUE(status.ok()) << status.error_message();
    // The cycle of the listing, as the register recorded it.
    v1::GetEntryRequest get;
    get.set_entry_id(accepted_[0]);
    v1::GetEntryResponse entry;
    status = register_->GetEntry(Context(PusdatinToken()).get(), get, &entry);
    ASSERT_TRUE(status.ok()) << status.error_message();
    ASSERT_EQ(entry.history_size(), 1);
    cycle_ = entry.history(0).cycle();
  }

  // The files of one export, checked for the stream's shape, by name.
  std::map<std::string, std::string> Export(const std::string& token, const std::string& cycle,
                                            bool personal, grpc::Status* status) {
    v1::ExportDeterminationRequest request;
    request.set_cycle(cycle);
    request.set_include_personal_data(personal);
    auto context = Context(token);
    auto reader = register_->ExportDetermination(context.get(), request);
    std::vector<v1::DeterminationFileChunk> chunks;
    v1::DeterminationFileChunk chunk;
    while (reader->Read(&chunk)) chunks.push_back(chunk);
    *status = reader->Finish();
    std::map<std::string, std::string> files;
    if (!status->ok()) {
      EXPECT_TRUE(chunks.empty()) << "a refusal sends no piece";
      return files;
    }
    auto assembled = services::AssembleFiles(chunks);
    EXPECT_TRUE(assembled.ok()) << assembled.status();
    if (assembled.ok()) files.insert(assembled->begin(), assembled->end());
    return files;
  }

  std::map<std::string, std::string> ExportOk(const std::string& token, bool personal,
                                              const std::string& cycle = "") {
    grpc::Status status;
    auto files = Export(token, cycle.empty() ? cycle_ : cycle, personal, &status);
    EXPECT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(files.size(), 4u);
    return files;
  }

  grpc::StatusCode Refusal(const std::string& token, const std::string& cycle, bool personal,
                           std::string* message = nullptr) {
    grpc::Status status;
    Export(token, cycle, personal, &status);
    if (message != nullptr) *message = status.error_message();
    return status.error_code();
  }

  std::string Csv() const { return "determination-" + cycle_ + ".csv"; }
  std::string Jsonl() const { return "determination-" + cycle_ + ".jsonl"; }

  // The audit public key as the server publishes it.
  std::string AuditPublicKey() {
    v1::AuditKey key;
    grpc::Status status =
        audit_->GetAuditKey(Context(PusdatinToken()).get(), v1::GetAuditKeyRequest(), &key);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return key.public_key_pem();
  }

  // Every file's size and SHA-256 as the manifest lists them.
  static void ExpectManifestHolds(const std::map<std::string, std::string>& files) {
    const nlohmann::json manifest = nlohmann::json::parse(files.at("manifest.json"));
    ASSERT_EQ(manifest["files"].size(), 2u);
    for (const auto& listed : manifest["files"]) {
      const std::string name = listed["name"];
      ASSERT_TRUE(files.count(name)) << name;
      EXPECT_EQ(listed["bytes"].get<size_t>(), files.at(name).size()) << name;
      EXPECT_EQ(listed["sha256"].get<std::string>(), services::Sha256Hex(files.at(name))) << name;
    }
    EXPECT_EQ(files.at("manifest.sig").size(), 64u);
  }

  // `openssl pkeyutl -verify` of manifest.sig over `manifest` with `public_pem`,
  // in a folder of its own, as a receiver runs it (docs/determination.md).
  bool OpensslVerifies(const std::string& public_pem, const std::string& manifest,
                       const std::string& signature) {
    ScratchDir dir("usulan-determination-e2e");
    std::ofstream(dir.path() / "pub.pem") << public_pem;
    std::ofstream(dir.path() / "manifest.json", std::ios::binary) << manifest;
    std::ofstream(dir.path() / "manifest.sig", std::ios::binary) << signature;
    const std::string command = "cd '" + dir.path().string() +
                                "' && openssl pkeyutl -verify -pubin -inkey pub.pem -rawin "
                                "-in manifest.json -sigfile manifest.sig >/dev/null 2>&1";
    return std::system(command.c_str()) == 0;
  }

  std::unique_ptr<v1::RegisterService::Stub> register_;
  std::vector<std::string> accepted_;
  std::string rejected_;
  std::string cycle_;
};

TEST_F(DeterminationE2eTest, TheCentralReviewerTakesTheDecisionsWithPersonalData) {
  DecideBatch();
  auto files = ExportOk(PusdatinToken(), true);
  ASSERT_EQ(files.size(), 4u);
  ExpectManifestHolds(files);
  const nlohmann::json manifest = nlohmann::json::parse(files.at("manifest.json"));
  EXPECT_EQ(manifest["cycle"], cycle_);
  EXPECT_EQ(manifest["with_personal_data"], true);
  EXPECT_EQ(manifest["change_count"], 2);
  EXPECT_EQ(manifest["counts"]["LISTED"], 2);
  EXPECT_EQ(manifest["signature"]["key_id"], audit_key_->verifying_key().key_id());

  // One row per accepted household, none for the rejected one, as decided.
  std::vector<std::string> rows = Lines(files.at(Jsonl()), "\n");
  ASSERT_EQ(rows.size(), 2u);
  std::vector<std::string> listed;
  for (const std::string& line : rows) {
    const nlohmann::json row = nlohmann::json::parse(line);
    listed.push_back(row["entry_id"]);
    EXPECT_EQ(row["change"], "LISTED");
    EXPECT_EQ(row["proposal_id"], row["entry_id"]);
    EXPECT_EQ(row["kind"], "NEW");
    EXPECT_EQ(row["route"], "VILLAGE");
    EXPECT_EQ(row["decree_number"], kDecree);
    EXPECT_EQ(row["desa_code"], kDesaA);
    EXPECT_EQ(row["cycle"], cycle_);
    // The household's data as the proposal holds it.
    const v1::Household household = Get(row["entry_id"]).household();
    EXPECT_EQ(row["kk_number"], household.kk_number());
    ASSERT_EQ(row["members"].size(), static_cast<size_t>(household.members_size()));
    EXPECT_EQ(row["members"][0]["nik"], household.members(0).nik());
    EXPECT_EQ(row["head_name"], household.members(0).name());
  }
  std::sort(listed.begin(), listed.end());
  EXPECT_EQ(listed, accepted_);
  EXPECT_THAT(files.at(Jsonl()), Not(HasSubstr(rejected_)));
  const std::vector<std::string> csv = Lines(files.at(Csv()), "\r\n");
  ASSERT_EQ(csv.size(), 3u);  // header and two rows
  EXPECT_THAT(csv[0], HasSubstr("kk_number"));

  const std::string public_pem = AuditPublicKey();
  EXPECT_TRUE(OpensslVerifies(public_pem, files.at("manifest.json"), files.at("manifest.sig")));
  // Control: one changed byte of the manifest and openssl refuses it.
  std::string tampered = files.at("manifest.json");
  tampered[tampered.find("\"change_count\": 2")+16] = '3';
  EXPECT_FALSE(OpensslVerifies(public_pem, tampered, files.at("manifest.sig")));

  // The export is in the personal-data access log, naming the manifest.
  v1::ListPersonalDataAccessResponse log;
  grpc::Status status = audit_->ListPersonalDataAccess(
      Context(Token(Role::kAuditor, "")).get(), v1::ListPersonalDataAccessRequest(), &log);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(log.entries_size(), 1);
  EXPECT_EQ(log.entries(0).rpc(), "ExportDetermination");
  EXPECT_EQ(log.entries(0).document_sha256(), services::Sha256Hex(files.at("manifest.json")));
}

TEST_F(DeterminationE2eTest, ThePublicationVariantNamesNobody) {
  DecideBatch();
  std::vector<std::string> secrets;
  for (const std::string& id : accepted_) {
    const v1::Household household = Get(id).household();
    secrets.push_back(household.kk_number());
    for (const auto& member : household.members()) {
      secrets.push_back(member.nik());
      secrets.push_back(member.name());
    }
  }
  const std::string public_pem = AuditPublicKey();
  for (const std::string& token :
       {PusdatinToken(), Token(Role::kAuditor, ""), DinsosToken(), ProvinceToken()}) {
    auto files = ExportOk(token, false);
    ASSERT_EQ(files.size(), 4u);
    ExpectManifestHolds(files);
    EXPECT_TRUE(OpensslVerifies(public_pem, files.at("manifest.json"), files.at("manifest.sig")));
    EXPECT_EQ(Lines(files.at(Jsonl()), "\n").size(), 2u);
    EXPECT_THAT(files.at(Csv()), Not(HasSubstr("kk_number")));
    for (const auto& [name, bytes] : files) {
      for (const std::string& secret : secrets) {
        EXPECT_THAT(bytes, Not(HasSubstr(secret))) << name;
      }
    }
  }
  // Another kabupaten's Dinsos sees its own region: no row of desa A.
  auto elsewhere = ExportOk(DinsosToken("3202"), false);
  ASSERT_EQ(elsewhere.size(), 4u);
  EXPECT_EQ(elsewhere.at(Jsonl()), "");
  EXPECT_EQ(nlohmann::json::parse(elsewhere.at("manifest.json"))["change_count"], 0);
  // Nothing of the publication variant is logged as personal-data access.
  v1::ListPersonalDataAccessResponse log;
  ASSERT_TRUE(audit_->ListPersonalDataAccess(Context(Token(Role::kAuditor, "")).get(),
                                             v1::ListPersonalDataAccessRequest(), &log)
                  .ok());
  EXPECT_EQ(log.entries_size(), 0);
}

TEST_F(DeterminationE2eTest, ACycleWithoutChangesIsValidFilesWithNoRows) {
  auto files = ExportOk(PusdatinToken(), true, "2020-01");
  ASSERT_EQ(files.size(), 4u);
  ExpectManifestHolds(files);
  EXPECT_EQ(files.at("determination-2020-01.jsonl"), "");
  EXPECT_EQ(Lines(files.at("determination-2020-01.csv"), "\r\n").size(), 1u);  // the header
  EXPECT_EQ(nlohmann::json::parse(files.at("manifest.json"))["change_count"], 0);
  EXPECT_TRUE(OpensslVerifies(AuditPublicKey(), files.at("manifest.json"),
                              files.at("manifest.sig")));
}

TEST_F(DeterminationE2eTest, RefusalsNameTheFieldOrTheRole) {
  DecideBatch();
  std::string message;
  EXPECT_EQ(Refusal(Token(Role::kAuditor, ""), cycle_, true, &message),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(message, HasSubstr("include_personal_data"));
  EXPECT_EQ(Refusal(DinsosToken(), cycle_, true, &message), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(message, HasSubstr("include_personal_data"));
  for (const char* cycle : {"2026-13", "2026-1", "", "abcd-ef", "2026-11-01"}) {
    EXPECT_EQ(Refusal(PusdatinToken(), cycle, false, &message),
              grpc::StatusCode::INVALID_ARGUMENT)
        << cycle;
    EXPECT_THAT(message, HasSubstr("cycle")) << cycle;
  }
  EXPECT_EQ(Refusal(OperatorToken(), cycle_, false, &message),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Refusal(HeadToken(), cycle_, false), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Refusal(VerifierToken(), cycle_, false), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Refusal(RegentToken(), cycle_, false), grpc::StatusCode::PERMISSION_DENIED);
  const v1::Household own = Get(accepted_[0]).household();
  const std::string citizen = CitizenToken("warga.export", kDesaA, own.members(0).nik(),
                                           own.kk_number(), base::UnixSeconds(clock_.Now()));
  EXPECT_EQ(Refusal(citizen, cycle_, false), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Refusal("", cycle_, false), grpc::StatusCode::UNAUTHENTICATED);
  // Control: the same cycle answers the central reviewer.
  EXPECT_EQ(Refusal(PusdatinToken(), cycle_, true), grpc::StatusCode::OK);
}

// A server without an audit signing key cannot sign: FAILED_PRECONDITION, never
// unsigned files.
class UnsignedDeterminationE2eTest : public DeterminationE2eTest {
 protected:
  void ConfigureServer(server::ServerOptions& options) override { options.audit.key.reset(); }
};

TEST_F(UnsignedDeterminationE2eTest, IsRefusedWithoutAKey) {
  std::string message;
  EXPECT_EQ(Refusal(PusdatinToken(), "2026-11", false, &message),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(message, HasSubstr("audit signing key"));
}

}  // namespace
}  // namespace usulan::testing
