// Evidence documents in PostgreSQL (0011_documents.sql): kept whole and once by
// their hash, read back piece by piece byte for byte, never changed by the
// service's role; the audit trail's citations; downloads in the access log.
#include <gtest/gtest.h>

#include <string>

#include "audit/digest.h"
#include "storage/database.h"
#include "storage/migrations.h"
#include "storage/pg_document_store.h"
#include "storage/storage_test_records.h"
#include "storage/tx.h"
#include "tests/support/scratch_database.h"

namespace usulan::storage {
namespace {

using test_records::At;
using testing::ScratchDatabase;

// Bytes with every value, NULs included, over more than two pieces.
std::string Bytes(size_t size, int seed) {
  std::string out(size, '\0');
  for (size_t i = 0; i < size; ++i) out[i] = static_cast<char>((i * 31 + seed) % 256);
  return out;
}

DocumentRecord Describe(const std::string& bytes, const std::string& by) {
  DocumentRecord r;
  r.sha256 = audit::ToHex(audit::Sha256(bytes));
  r.media_type = "application/pdf";
  r.size = static_cast<int64_t>(bytes.size());
  r.file_name = "berita-acara.pdf";
  r.uploaded_by = by;
  r.stored_at = At(60);
  return r;
}

class DocumentStorageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(Migrate(scratch_.url()).ok());
    auto db = Database::Open(
        {.url = scratch_.ServiceRoleUrl(), .pool_size = 2, .nik_key = std::string(32, 'n')});
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = std::move(*db);
    store_ = std::make_unique<PgDocumentStore>(*db_);
  }

  std::string Query(const std::string& sql) { return scratch_.QueryValueAsSuperuser(sql); }

  std::string ReadAll(const DocumentRecord& record) {
    std::string out;
    for (int i = 0; i < record.chunks(); ++i) {
      auto piece = store_->ReadChunk(record.sha256, i);
      EXPECT_TRUE(piece.ok()) << piece.status();
      if (!piece.ok()) break;
      EXPECT_LE(static_cast<int64_t>(piece->size()), kDocumentChunkBytes);
      out += *piece;
    }
    return out;
  }

  ScratchDatabase scratch_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<PgDocumentStore> store_;
};

TEST_F(DocumentStorageTest, KeepsADocumentOnceAndReadsItBackByteForByte) {
  const std::string bytes = Bytes(2 * kDocumentChunkBytes + 1000, 7);
  const DocumentRecord record = Describe(bytes, "head.sukamaju");
  auto kept = store_->Put(record, bytes);
  ASSERT_TRUE(kept.ok()) << kept.status();
  EXPECT_EQ(kept->chunks(), 3);
  EXPECT_EQ(Query("SELECT count(*) FROM document_chunks"), "3");

  auto info = store_->Info(record.sha256);
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_EQ(info->size, record.size);
  EXPECT_EQ(info->media_type, "application/pdf");
  EXPECT_EQ(info->uploaded_by, "head.sukamaju");
  EXPECT_EQ(info->stored_at, At(60));
  EXPECT_EQ(ReadAll(*info), bytes);

  // The same bytes again, from someone else: one copy, the first description.
  DocumentRecord again = Describe(bytes, "verifier.bogor");
  again.file_name = "other.pdf";
  again.stored_at = At(120);
  auto second = store_->Put(again, bytes);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(second->uploaded_by, "head.sukamaju");
  EXPECT_EQ(second->file_name, "berita-acara.pdf");
  EXPECT_EQ(second->stored_at, At(60));
  EXPECT_EQ(Query("SELECT count(*) FROM documents"), "1");
  EXPECT_EQ(Query("SELECT count(*) FROM document_chunks"), "3");

  // Exactly one piece long: one row, no empty tail.
  const std::string exact = Bytes(kDocumentChunkBytes, 9);
  ASSERT_TRUE(store_->Put(Describe(exact, "x"), exact).ok());
  EXPECT_EQ(Query("SELECT count(*) FROM document_chunks WHERE sha256 = '" +
                  Describe(exact, "x").sha256 + "'"),
            "1");
}

TEST_F(DocumentStorageTest, RefusesWhatDoesNotMatchAndAnswersNotFound) {
  const std::string bytes = Bytes(100, 1);
  DocumentRecord wrong = Describe(bytes, "x");
  wrong.size = 99;
  EXPECT_EQ(store_->Put(wrong, bytes).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->Put(Describe("", "x"), "").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Query("SELECT count(*) FROM documents"), "0");

  const std::string unknown(64, 'a');
  EXPECT_EQ(store_->Info(unknown).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->ReadChunk(unknown, 0).status().code(), absl::StatusCode::kNotFound);
  ASSERT_TRUE(store_->Put(Describe(bytes, "x"), bytes).ok());
  EXPECT_EQ(store_->ReadChunk(Describe(bytes, "x").sha256, 1).status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(DocumentStorageTest, TheServiceRoleCannotChangeOrRemoveAKeptDocument) {
  const std::string bytes = Bytes(100, 2);
  ASSERT_TRUE(store_->Put(Describe(bytes, "x"), bytes).ok());
  const std::string service = scratch_.ServiceRoleUrl();
  EXPECT_NE(testing::SqlErrorOf(service, "UPDATE document_chunks SET data = 'x'::bytea"), "");
  EXPECT_NE(testing::SqlErrorOf(service, "DELETE FROM document_chunks"), "");
  EXPECT_NE(testing::SqlErrorOf(service, "UPDATE documents SET media_type = 'image/png'"), "");
  EXPECT_NE(testing::SqlErrorOf(service, "DELETE FROM documents"), "");
  // Control: the same role may read them.
  EXPECT_EQ(testing::SqlErrorOf(service, "SELECT count(*) FROM document_chunks"), "");
  EXPECT_EQ(Query("SELECT count(*) FROM document_chunks"), "1");
}

TEST_F(DocumentStorageTest, CitedByReadsTheProposalsOwnTransitionsOnly) {
  const std::string cited(64, 'c');
  const ProposalRecord p = test_records::MakeProposalRecord(
      test_records::NewId(), test_records::kDesa, At(0), {test_records::SerialHead(1)});
  workflow::AuditRecord creation = test_records::Creation(p);
  creation.evidence_hashes = {cited};
  const ProposalRecord other = test_records::MakeProposalRecord(
      test_records::NewId(), test_records::kDesa, At(0), {test_records::SerialHead(2)});
  ASSERT_TRUE(db_->InTransaction([&](Tx& tx) -> absl::Status {
                   if (auto s = tx.proposals().InsertProposal(p, creation, ""); !s.ok()) return s;
                   return tx.proposals().InsertProposal(other, test_records::Creation(other), "");
                 }).ok());
  auto cited_by = [&](const std::string& id, const std::string& hash) {
    bool out = false;
    EXPECT_TRUE(db_->InTransaction([&](Tx& tx) -> absl::Status {
                     auto answer = tx.documents().CitedBy(id, hash);
                     if (!answer.ok()) return answer.status();
                     out = *answer;
                     return absl::OkStatus();
                   }).ok());
    return out;
  };
  EXPECT_TRUE(cited_by(p.id, cited));
  EXPECT_FALSE(cited_by(p.id, std::string(64, 'd')));
  EXPECT_FALSE(cited_by(other.id, cited));
}

TEST_F(DocumentStorageTest, ADownloadIsLoggedWithItsProposalAndDocument) {
  AccessRecord row;
  row.at = At(5);
  row.subject = "head.sukamaju";
  row.role = "village_head";
  row.region_code = test_records::kDesa;
  row.rpc = "DownloadDocument";
  row.scope = test_records::kDesa;
  row.proposal_id = test_records::NewId();
  row.document_sha256 = std::string(64, 'e');
  row.outcome = AccessOutcome::kFound;
  row.proposals = 1;
  ASSERT_TRUE(db_->InTransaction([&](Tx& tx) { return tx.access_log().RecordDownload(row); }).ok());
  std::vector<AccessRecord> rows;
  ASSERT_TRUE(db_->InTransaction([&](Tx& tx) -> absl::Status {
                   auto listed = tx.access_log().List({});
                   if (!listed.ok()) return listed.status();
                   rows = *listed;
                   return absl::OkStatus();
                 }).ok());
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].proposal_id, row.proposal_id);
  EXPECT_EQ(rows[0].document_sha256, row.document_sha256);
  EXPECT_EQ(rows[0].nik_hmac, "");
  // A row naming neither a NIK nor a document is refused by the table itself.
  EXPECT_NE(testing::SqlErrorOf(
                scratch_.url(),
                "INSERT INTO personal_data_access (at, subject, role, region_code, rpc, scope, "
                "outcome, proposals) VALUES (now(), 's', 'r', '', 'x', '', 'found', 0)"),
            "");
}

}  // namespace
}  // namespace usulan::storage
