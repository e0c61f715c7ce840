// Evidence documents in SQL (0011_documents.sql), for PgDocumentStore, and the
// question the download's authorization asks of the audit trail: does this
// proposal's history cite this hash?
// A view of one transaction (storage/tx.h: Tx::documents()); every method runs
// prepared statements only, and a failure poisons the transaction as Tx says.
// Not thread-safe; never outlives its Tx.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "storage/document_store.h"

namespace usulan::storage {

class Tx;

class DocumentRepository {
 public:
  explicit DocumentRepository(Tx& tx) : tx_(tx) {}

  // Adds the document's row unless its hash is there; true when added. A
  // concurrent upload of the same bytes waits for the other's commit and then
  // answers false.
  absl::StatusOr<bool> Insert(const DocumentRecord& record);
  // Adds piece `position` of an inserted document.
  absl::Status InsertChunk(const std::string& sha256, int position, std::string_view data);
  // NOT_FOUND "document <hash> not found".
  absl::StatusOr<DocumentRecord> Get(const std::string& sha256);
  // NOT_FOUND for an unknown hash or position.
  absl::StatusOr<std::string> Chunk(const std::string& sha256, int position);

  // Whether the history of `proposal_id` cites `sha256`: the evidence of one of
  // its transitions (minutes, by-name list, photos, the Bupati's letter), or the
  // decree of a batch decision one of its transitions names (attribute
  // batch_id). Reads the audit trail, not the document store.
  absl::StatusOr<bool> CitedBy(const std::string& proposal_id, const std::string& sha256);

  // Citizens' uploads (0019_citizen_uploads.sql). Takes the transaction-scoped
  // lock of `subject`'s uploads (a PostgreSQL advisory lock, released at
  // COMMIT/ROLLBACK), so that two uploads of one citizen reserve in turn, and
  // answers what the citizen holds uncited and whether `sha256` is among their
  // uploads already.
  struct HeldUploads {
    int documents = 0;
    int64_t bytes = 0;
    bool has_this = false;
  };
  absl::StatusOr<HeldUploads> LockCitizenUploads(const std::string& subject,
                                                 const std::string& sha256);
  // Records that `subject` uploaded the document (once: a repeat changes nothing).
  absl::Status AddCitizenUpload(const std::string& subject, const std::string& sha256,
                                int64_t size, TimePoint at);
  // Whether `subject` uploaded `sha256`.
  absl::StatusOr<bool> UploadedBy(const std::string& subject, const std::string& sha256);
  // Marks `subject`'s uploads among `hashes` cited by `proposal_id` (those not
  // cited before), so they leave the quota.
  absl::Status MarkCited(const std::string& subject, const std::vector<std::string>& hashes,
                         const std::string& proposal_id);

 private:
  Tx& tx_;
};

}  // namespace usulan::storage
