// Evidence documents in SQL (0011_documents.sql).
#include "storage/document_repository.h"

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "base/string_view_compat.h"
#include "storage/sql_util.h"
#include "storage/tx.h"

namespace usulan::storage {
namespace {

constexpr const char* kInsertDocument = "document_insert";
constexpr const char* kInsertChunk = "document_insert_chunk";
constexpr const char* kGetDocument = "document_get";
constexpr const char* kGetChunk = "document_chunk";
constexpr const char* kCitedBy = "document_cited_by";
constexpr const char* kLockUploads = "citizen_uploads_lock";
constexpr const char* kHeldUploads = "citizen_uploads_held";
constexpr const char* kAddUpload = "citizen_uploads_add";
constexpr const char* kUploadedBy = "citizen_uploads_by";
constexpr const char* kMarkCited = "citizen_uploads_mark_cited";

absl::Status DocumentNotFound(std::string_view sha256) {
  return absl::NotFoundError(base::Concat("document ", sha256, " not found"));
}

}  // namespace

const std::vector<Statement>& DocumentStatements() {
  static const std::vector<Statement> statements = {
      {kInsertDocument,
       absl::StrCat("INSERT INTO documents (sha256, media_type, size, chunks, file_name, "
                    "uploaded_by, stored_at) VALUES ($1, $2, $3, $4, $5, $6, ",
                    TimestampParam(7), ") ON CONFLICT (sha256) DO NOTHING RETURNING sha256")},
      {kInsertChunk,
       "INSERT INTO document_chunks (sha256, position, data) VALUES ($1, $2, $3)"},
      {kGetDocument,
       absl::StrCat("SELECT media_type, size, file_name, uploaded_by, ", MicrosOf("stored_at"),
                    " AS stored_us FROM documents WHERE sha256 = $1")},
      {kGetChunk, "SELECT data FROM document_chunks WHERE sha256 = $1 AND position = $2"},
      // The proposal's rows are found by its primary key; the decree's batch by
      // the ids its transitions name.
      {kCitedBy,
       "SELECT EXISTS (SELECT 1 FROM transitions "
       "                WHERE proposal_id = $1::uuid AND $2 = ANY (evidence_hashes)) "
       "    OR EXISTS (SELECT 1 FROM batch_decisions d "
       "                WHERE d.decree_sha256 = $2 AND d.batch_id::text IN ("
       "                  SELECT attributes->>'batch_id' FROM transitions "
       "                   WHERE proposal_id = $1::uuid AND attributes ? 'batch_id'))"},
      // One lock per citizen, keyed by a 64-bit hash of the subject in a name
      // space of its own: a collision only makes two citizens wait in turn.
      {kLockUploads,
       "SELECT pg_advisory_xact_lock(hashtextextended('citizen_uploads:' || $1, 0))"},
      {kHeldUploads,
       "SELECT count(*) FILTER (WHERE cited_by IS NULL), "
       "       coalesce(sum(size) FILTER (WHERE cited_by IS NULL), 0), "
       "       coalesce(bool_or(sha256 = $2), false) "
       "  FROM citizen_uploads WHERE subject = $1"},
      {kAddUpload,
       absl::StrCat("INSERT INTO citizen_uploads (subject, sha256, size, uploaded_at) "
                    "VALUES ($1, $2, $3, ",
                    TimestampParam(4), ") ON CONFLICT (subject, sha256) DO NOTHING")},
      {kUploadedBy,
       "SELECT EXISTS (SELECT 1 FROM citizen_uploads WHERE subject = $1 AND sha256 = $2)"},
      {kMarkCited,
       "UPDATE citizen_uploads SET cited_by = $3::uuid "
       "WHERE subject = $1 AND sha256 = ANY ($2::text[]) AND cited_by IS NULL"},
  };
  return statements;
}

absl::StatusOr<bool> DocumentRepository::Insert(const DocumentRecord& record) {
  try {
    const pqxx::result added = tx_.work_.exec_prepared(
        kInsertDocument, record.sha256, record.media_type, record.size, record.chunks(),
        record.file_name, record.uploaded_by, ToMicros(record.stored_at));
    return !added.empty();
  } catch (const std::exception& e) {
    return tx_.Fail(e, kInsertDocument);
  }
}

absl::Status DocumentRepository::InsertChunk(const std::string& sha256, int position,
                                             std::string_view data) {
  try {
    // bytea as a binary parameter: the bytes are anything, NULs included.
    tx_.work_.exec_prepared(kInsertChunk, sha256, position,
                            pqxx::binarystring(data.data(), data.size()));
    return absl::OkStatus();
  } catch (const std::exception& e) {
    return tx_.Fail(e, kInsertChunk);
  }
}

absl::StatusOr<DocumentRecord> DocumentRepository::Get(const std::string& sha256) {
  try {
    const pqxx::result rows = tx_.work_.exec_prepared(kGetDocument, sha256);
    if (rows.empty()) return DocumentNotFound(sha256);
    DocumentRecord out;
    out.sha256 = sha256;
    out.media_type = rows[0]["media_type"].as<std::string>();
    out.size = rows[0]["size"].as<int64_t>();
    out.file_name = rows[0]["file_name"].as<std::string>();
    out.uploaded_by = rows[0]["uploaded_by"].as<std::string>();
    out.stored_at = FromMicros(rows[0]["stored_us"].as<int64_t>());
    return out;
  } catch (const std::exception& e) {
    return tx_.Fail(e, kGetDocument);
  }
}

absl::StatusOr<std::string> DocumentRepository::Chunk(const std::string& sha256, int position) {
  try {
    const pqxx::result rows = tx_.work_.exec_prepared(kGetChunk, sha256, position);
    if (rows.empty()) {
      return absl::NotFoundError(
          absl::StrCat("piece ", position, " of document ", sha256, " not found"));
    }
    return pqxx::binarystring(rows[0][0]).str();
  } catch (const std::exception& e) {
    return tx_.Fail(e, kGetChunk);
  }
}

absl::StatusOr<bool> DocumentRepository::CitedBy(const std::string& proposal_id,
                                                 const std::string& sha256) {
  try {
    return tx_.work_.exec_prepared1(kCitedBy, proposal_id, sha256)[0].as<bool>();
  } catch (const std::exception& e) {
    return tx_.Fail(e, kCitedBy);
  }
}

absl::StatusOr<DocumentRepository::HeldUploads> DocumentRepository::LockCitizenUploads(
    const std::string& subject, const std::string& sha256) {
  try {
    tx_.work_.exec_prepared(kLockUploads, subject);
    const pqxx::row row = tx_.work_.exec_prepared1(kHeldUploads, subject, sha256);
    return HeldUploads{row[0].as<int>(), row[1].as<int64_t>(), row[2].as<bool>()};
  } catch (const std::exception& e) {
    return tx_.Fail(e, kHeldUploads);
  }
}

absl::Status DocumentRepository::AddCitizenUpload(const std::string& subject,
                                                  const std::string& sha256, int64_t size,
                                                  TimePoint at) {
  try {
    tx_.work_.exec_prepared(kAddUpload, subject, sha256, size, ToMicros(at));
    return absl::OkStatus();
  } catch (const std::exception& e) {
    return tx_.Fail(e, kAddUpload);
  }
}

absl::StatusOr<bool> DocumentRepository::UploadedBy(const std::string& subject,
                                                    const std::string& sha256) {
  try {
    return tx_.work_.exec_prepared1(kUploadedBy, subject, sha256)[0].as<bool>();
  } catch (const std::exception& e) {
    return tx_.Fail(e, kUploadedBy);
  }
}

absl::Status DocumentRepository::MarkCited(const std::string& subject,
                                           const std::vector<std::string>& hashes,
                                           const std::string& proposal_id) {
  try {
    tx_.work_.exec_prepared(kMarkCited, subject, TextArrayLiteral(hashes), proposal_id);
    return absl::OkStatus();
  } catch (const std::exception& e) {
    return tx_.Fail(e, kMarkCited);
  }
}

}  // namespace usulan::storage
