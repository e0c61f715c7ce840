// Evidence documents through the real server (issue 14): an upload's hash cited
// by a transition downloads byte for byte as the audit trail's evidence hash, to
// whoever may read the proposal and nobody else; wrong, oversize, mislabelled
// and truncated uploads are refused with the field named and nothing stored;
// the same bytes are stored once; a retry with the same request id answers the
// first answer.
#include "tests/e2e/document_calls.h"
#include "tests/e2e/lifecycle_driver.h"
#include "usulan/v1/document_service.grpc.pb.h"

namespace usulan::testing {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using workflow::Role;

// Small, so the oversize test sends little; the round trip still spans pieces.
constexpr int64_t kMaxBytes = 1 << 20;

class DocumentTest : public LifecycleTest {
 protected:
  void ConfigureServer(server::ServerOptions& options) override {
    options.max_document_bytes = kMaxBytes;
  }
  void SetUp() override {
    LifecycleTest::SetUp();
    documents_ = v1::DocumentService::NewStub(channel_);
  }

  Uploaded UploadAs(const std::string& token,
                    const std::vector<v1::UploadDocumentRequest>& messages) {
    return Upload(*documents_, *Context(token), messages);
  }
  Uploaded UploadAs(const std::string& token, const std::string& media_type,
                    const std::string& bytes) {
    return UploadAs(token, UploadMessages(NextRequestId(), media_type, bytes));
  }
  Downloaded DownloadAs(const std::string& token, const std::string& proposal_id,
                        const std::string& sha256) {
    return Download(*documents_, *Context(token), proposal_id, sha256);
  }

  std::vector<std::string> EvidenceOf(const std::string& proposal_id) {
    std::vector<std::string> out;
    const v1::GetHistoryResponse history = History(proposal_id);
    for (const auto& t : history.transitions()) {
      out.insert(out.end(), t.evidence_hashes().begin(), t.evidence_hashes().end());
    }
    return out;
  }

  std::unique_ptr<v1::DocumentService::Stub> documents_;
};

TEST_F(DocumentTest, MinutesCitedByAMusdesDownloadByteForByteAsTheTrailsHash) {
  // Three pieces of storage (256 KiB each), sent in 64 KiB chunks.
  const std::string minutes = PdfDocument(600 * 1024, 1);
  const Uploaded up = UploadAs(HeadToken(), "application/pdf", minutes);
  ASSERT_TRUE(up.status.ok()) << up.status.error_message();
  EXPECT_EQ(up.document.sha256(), Sha256Hex(minutes));
  EXPECT_EQ(up.document.size(), static_cast<int64_t>(minutes.size()));
  EXPECT_EQ(up.document.media_type(), "application/pdf");

  const std::vector<std::string> ids = Prelisted(kDesaA, 1, 2);
  minutes_sha256_ = up.document.sha256();
  Deliberate(kDesaA, ids);
  EXPECT_THAT(EvidenceOf(ids[0]), Contains(up.document.sha256()));

  // Whoever may read the proposal: its operator, its head, Dinsos of the kabupaten.
  for (const std::string& token : {OperatorToken(), HeadToken(), DinsosToken()}) {
    const Downloaded down = DownloadAs(token, ids[0], up.document.sha256());
    ASSERT_TRUE(down.status.ok()) << down.status.error_message();
    EXPECT_TRUE(down.bytes == minutes) << "download differs from the upload";
    EXPECT_EQ(Sha256Hex(down.bytes), up.document.sha256());
    EXPECT_EQ(down.document.sha256(), up.document.sha256());
    EXPECT_EQ(down.document.size(), static_cast<int64_t>(minutes.size()));
    EXPECT_EQ(down.chunks, 3);
    EXPECT_EQ(down.described, 1) << "only the first chunk describes the document";
  }

  // Each download is in the personal-data access log, naming proposal and document.
  v1::ListPersonalDataAccessResponse log;
  ASSERT_TRUE(audit_->ListPersonalDataAccess(Context(Token(Role::kAuditor, "")).get(), {}, &log)
                  .ok());
  int downloads = 0;
  for (const auto& entry : log.entries()) {
    if (entry.rpc() != "DownloadDocument") continue;
    ++downloads;
    EXPECT_EQ(entry.proposal_id(), ids[0]);
    EXPECT_EQ(entry.document_sha256(), up.document.sha256());
    EXPECT_EQ(entry.outcome(), v1::PERSONAL_DATA_ACCESS_OUTCOME_FOUND);
    EXPECT_EQ(entry.scope(), kDesaA);
  }
  EXPECT_EQ(downloads, 3);
}

TEST_F(DocumentTest, AVisitsPhotoAndADecreeAreReadThroughTheProposalsThatCiteThem) {
  // The photo, cited by the verifier's visit.
  const std::string photo = PngDocument(1);
  const Uploaded up = UploadAs(VerifierToken(), "image/png", photo);
  ASSERT_TRUE(up.status.ok()) << up.status.error_message();
  const std::vector<std::string> ids = ToAgreed(10, 1);
  AssignVerifier(ids);
  v1::RecordVisitRequest visit = VisitRequest(ids[0], v1::VISIT_OUTCOME_COMPLETED, true);
  visit.clear_evidence_sha256();
  visit.add_evidence_sha256(up.document.sha256());
  v1::Proposal visited;
  ASSERT_TRUE(verification_->RecordVisit(Context(VerifierToken()).get(), visit, &visited).ok());
  const Downloaded seen = DownloadAs(VerifierToken(), ids[0], up.document.sha256());
  ASSERT_TRUE(seen.status.ok()) << seen.status.error_message();
  EXPECT_TRUE(seen.bytes == photo);
  EXPECT_EQ(seen.document.media_type(), "image/png");

  // The decree, cited by the batch decision the members' transitions name.
  const std::string decree_pdf = PdfDocument(2000, 2);
  const Uploaded decree = UploadAs(PusdatinToken(), "application/pdf", decree_pdf);
  ASSERT_TRUE(decree.status.ok()) << decree.status.error_message();
  const v1::Batch batch = ToCentralReview(20, 1);
  const std::string member = batch.members(0).proposal_id();
  // Control: before the decision nothing in the member's history cites it.
  EXPECT_EQ(DownloadAs(OperatorToken(), member, decree.document.sha256()).status.error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  v1::DecideBatchRequest decide;
  decide.set_request_id(NextRequestId());
  decide.set_batch_id(batch.batch_id());
  decide.set_decree_number("146/HUK/2024");
  decide.set_decree_sha256(decree.document.sha256());
  v1::BatchDecision decision;
  ASSERT_TRUE(decisions_->DecideBatch(Context(PusdatinToken()).get(), decide, &decision).ok());
  const Downloaded read = DownloadAs(OperatorToken(), member, decree.document.sha256());
  ASSERT_TRUE(read.status.ok()) << read.status.error_message();
  EXPECT_TRUE(read.bytes == decree_pdf);
  EXPECT_EQ(Sha256Hex(read.bytes), decision.decree_sha256());
}

TEST_F(DocumentTest, OutsideTheScopeOrUncitedIsRefusedAndEveryRefusalIsLogged) {
  const std::string minutes = PdfDocument(5000, 3);
  const Uploaded up = UploadAs(HeadToken(), "application/pdf", minutes);
  ASSERT_TRUE(up.status.ok()) << up.status.error_message();
  const Uploaded other = UploadAs(HeadToken(), "application/pdf", PdfDocument(5000, 4));
  ASSERT_TRUE(other.status.ok()) << other.status.error_message();
  const std::vector<std::string> ids = Prelisted(kDesaA, 30, 1);
  minutes_sha256_ = up.document.sha256();
  Deliberate(kDesaA, ids);

  struct Refused {
    const char* who;
    std::string token;
    std::string proposal;
    std::string sha256;
    grpc::StatusCode code;
    const char* message;
  };
  const Refused refused[] = {
      {"the operator of another desa", OperatorToken(kDesaB), ids[0], up.document.sha256(),
       grpc::StatusCode::PERMISSION_DENIED, ""},
      {"the head of another desa", HeadToken(kDesaB), ids[0], up.document.sha256(),
       grpc::StatusCode::PERMISSION_DENIED, ""},
      {"Dinsos of another kabupaten", DinsosToken("3202"), ids[0], up.document.sha256(),
       grpc::StatusCode::PERMISSION_DENIED, ""},
      {"a verifier not assigned", Token(Role::kVerifier, kKabupaten, "verifier.other"), ids[0],
       up.document.sha256(), grpc::StatusCode::PERMISSION_DENIED, ""},
      {"an auditor", Token(Role::kAuditor, ""), ids[0], up.document.sha256(),
       grpc::StatusCode::PERMISSION_DENIED, "not evidence documents"},
      {"a stored hash the proposal does not cite", OperatorToken(), ids[0],
       other.document.sha256(), grpc::StatusCode::PERMISSION_DENIED, "is not cited"},
      {"an unknown proposal", OperatorToken(), "00000000-0000-4000-8000-000000000001",
       up.document.sha256(), grpc::StatusCode::NOT_FOUND, "not found"},
      {"a malformed hash", OperatorToken(), ids[0], "ABC", grpc::StatusCode::INVALID_ARGUMENT,
       "sha256"},
      {"no hash", OperatorToken(), ids[0], "", grpc::StatusCode::INVALID_ARGUMENT, "sha256"},
  };
  for (const Refused& r : refused) {
    SCOPED_TRACE(r.who);
    const Downloaded down = DownloadAs(r.token, r.proposal, r.sha256);
    EXPECT_EQ(down.status.error_code(), r.code) << down.status.error_message();
    EXPECT_THAT(down.status.error_message(), HasSubstr(r.message));
    EXPECT_EQ(down.chunks, 0);
  }
  // A cited hash nobody uploaded: the trail cites it, the store has nothing.
  const std::vector<std::string> visited = ToAgreed(31, 1);
  AssignVerifier(visited);
  ASSERT_TRUE(RecordVisit(visited[0], v1::VISIT_OUTCOME_COMPLETED, true, VerifierToken()).ok());
  const Downloaded missing = DownloadAs(OperatorToken(), visited[0], kDocHash);
  EXPECT_EQ(missing.status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(missing.status.error_message(), HasSubstr("never uploaded"));

  // Control: the proposal's own operator reads it.
  EXPECT_TRUE(DownloadAs(OperatorToken(), ids[0], up.document.sha256()).status.ok());
  // Refusals after the proposal was found are logged as such: the four outside
  // the scope and the uncited hash (the auditor is refused before the proposal is
  // read, the unknown proposal and the malformed hashes reach no document).
  const auto logged = [&](const std::string& outcome) {
    return std::stoll(database_->QueryValueAsSuperuser(
        "SELECT count(*) FROM personal_data_access WHERE rpc = 'DownloadDocument' "
        "AND outcome = '" + outcome + "'"));
  };
  EXPECT_EQ(logged("denied"), 5);
  EXPECT_EQ(logged("not_found"), 1);
  EXPECT_EQ(logged("found"), 1);
}

TEST_F(DocumentTest, BadUploadsAreRefusedWithTheFieldNamedAndNothingIsStored) {
  const std::string pdf = PdfDocument(3000, 5);
  std::vector<v1::UploadDocumentRequest> chunk_first = UploadMessages("up-1", "application/pdf", pdf);
  chunk_first.erase(chunk_first.begin());
  std::vector<v1::UploadDocumentRequest> twice = UploadMessages("up-2", "application/pdf", pdf);
  twice.push_back(twice[0]);
  std::vector<v1::UploadDocumentRequest> empty_chunk = UploadMessages("up-3", "application/pdf", pdf);
  empty_chunk.emplace_back().set_chunk("");
  // One message above gRPC's 4 MiB receive limit.
  const std::string huge(5 << 20, 'x');
  std::vector<v1::UploadDocumentRequest> oversize_message =
      UploadMessages("up-4", "application/pdf", huge, huge.size(), 1000);

  struct Case {
    const char* what;
    std::string token;
    std::vector<v1::UploadDocumentRequest> messages;
    grpc::StatusCode code;
    const char* message;
  };
  const Case cases[] = {
      {"an operator (cites no evidence)", OperatorToken(),
       UploadMessages("up-5", "application/pdf", pdf), grpc::StatusCode::PERMISSION_DENIED,
       "may not upload"},
      {"an auditor", Token(Role::kAuditor, ""), UploadMessages("up-6", "application/pdf", pdf),
       grpc::StatusCode::PERMISSION_DENIED, "may not upload"},
      {"HTML bytes", HeadToken(),
       UploadMessages("up-7", "application/pdf", "<html><script>x</script></html>"),
       grpc::StatusCode::INVALID_ARGUMENT, "not a PDF, JPEG or PNG"},
      {"a truncated PDF", HeadToken(),
       UploadMessages("up-8", "application/pdf", pdf.substr(0, pdf.size() - 10)),
       grpc::StatusCode::INVALID_ARGUMENT, "%%EOF"},
      {"a PDF declared as PNG", HeadToken(), UploadMessages("up-9", "image/png", pdf),
       grpc::StatusCode::INVALID_ARGUMENT, "metadata.media_type is image/png but the bytes are "
                                           "application/pdf"},
      {"an undeclarable type", HeadToken(), UploadMessages("up-10", "text/html", pdf),
       grpc::StatusCode::INVALID_ARGUMENT, "metadata.media_type must be"},
      {"a declared size above the limit", HeadToken(),
       UploadMessages("up-11", "application/pdf", PdfDocument(kMaxBytes + 1, 6)),
       grpc::StatusCode::INVALID_ARGUMENT, "metadata.total_size must be at most 1048576"},
      {"more bytes than declared", HeadToken(),
       UploadMessages("up-12", "application/pdf", pdf, 1000, 2000),
       grpc::StatusCode::INVALID_ARGUMENT, "more bytes than metadata.total_size"},
      {"fewer bytes than declared", HeadToken(),
       UploadMessages("up-13", "application/pdf", pdf, 1000, 4000),
       grpc::StatusCode::INVALID_ARGUMENT, "declared 4000"},
      {"no message at all", HeadToken(), {}, grpc::StatusCode::INVALID_ARGUMENT,
       "metadata is required"},
      {"a chunk before the metadata", HeadToken(), chunk_first,
       grpc::StatusCode::INVALID_ARGUMENT, "metadata must be the first message"},
      {"metadata twice", HeadToken(), twice, grpc::StatusCode::INVALID_ARGUMENT,
       "metadata may only be the first message"},
      {"an empty chunk", HeadToken(), empty_chunk, grpc::StatusCode::INVALID_ARGUMENT,
       "chunk must not be empty"},
      {"an empty document", HeadToken(), UploadMessages("up-14", "application/pdf", ""),
       grpc::StatusCode::INVALID_ARGUMENT, "metadata.total_size must be at least 1"},
      {"a NIK in the file name", HeadToken(),
       [&] {
         auto m = UploadMessages("up-15", "application/pdf", pdf);
         m[0].mutable_metadata()->set_file_name("daftar-3201011501900001.pdf");
         return m;
       }(),
       grpc::StatusCode::INVALID_ARGUMENT, "metadata.file_name"},
      {"no request id", HeadToken(), UploadMessages("", "application/pdf", pdf),
       grpc::StatusCode::INVALID_ARGUMENT, "request_id"},
      {"a message above gRPC's limit", HeadToken(), oversize_message,
       grpc::StatusCode::RESOURCE_EXHAUSTED, ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    const Uploaded up = UploadAs(c.token, c.messages);
    EXPECT_EQ(up.status.error_code(), c.code) << up.status.error_message();
    EXPECT_THAT(up.status.error_message(), HasSubstr(c.message));
  }
  EXPECT_EQ(CountRows("documents"), 0);
  EXPECT_EQ(CountRows("document_chunks"), 0);
  // Control: the same bytes, well sent, are stored.
  const Uploaded good = UploadAs(HeadToken(), UploadMessages("up-16", "application/pdf", pdf));
  EXPECT_TRUE(good.status.ok()) << good.status.error_message();
  EXPECT_EQ(CountRows("documents"), 1);
}

TEST_F(DocumentTest, TheSameBytesAreStoredOnceAndARetryAnswersTheFirstAnswer) {
  const std::string photo = PngDocument(7);
  const Uploaded first = UploadAs(HeadToken(), UploadMessages("photo-1", "image/png", photo));
  ASSERT_TRUE(first.status.ok()) << first.status.error_message();
  // Another uploader, another request id, other chunking: the same document.
  const Uploaded again =
      UploadAs(VerifierToken(), UploadMessages("photo-2", "image/png", photo, 7));
  ASSERT_TRUE(again.status.ok()) << again.status.error_message();
  EXPECT_EQ(again.document.sha256(), first.document.sha256());
  EXPECT_EQ(again.document.stored_at().seconds(), first.document.stored_at().seconds());
  EXPECT_EQ(CountRows("documents"), 1);
  EXPECT_EQ(CountRows("document_chunks"), 1);

  // The first caller retries with the same request id: the first answer.
  clock_.Advance(std::chrono::minutes(1));
  const Uploaded retry = UploadAs(HeadToken(), UploadMessages("photo-1", "image/png", photo));
  ASSERT_TRUE(retry.status.ok()) << retry.status.error_message();
  EXPECT_EQ(retry.document.SerializeAsString(), first.document.SerializeAsString());
  // The same id with other bytes is refused, and those bytes are not answered.
  const Uploaded reused =
      UploadAs(HeadToken(), UploadMessages("photo-1", "image/png", PngDocument(8)));
  EXPECT_EQ(reused.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(reused.status.error_message(), HasSubstr("request_id"));
  EXPECT_EQ(CountRows("documents"), 1) << "a refused reuse stores nothing";
}

}  // namespace
}  // namespace usulan::testing
