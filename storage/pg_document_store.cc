#include "storage/pg_document_store.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "storage/tx.h"

namespace usulan::storage {

absl::StatusOr<DocumentRecord> PgDocumentStore::Put(const DocumentRecord& record,
                                                    std::string_view bytes) {
  if (bytes.empty() || static_cast<int64_t>(bytes.size()) != record.size) {
    return absl::InvalidArgumentError(absl::StrCat(
        "a document of ", bytes.size(), " bytes was described as ", record.size, " bytes"));
  }
  DocumentRecord kept;
  USULAN_RETURN_IF_ERROR(db_.InTransaction([&](Tx& tx) -> absl::Status {
    USULAN_ASSIGN_OR_RETURN(const bool added, tx.documents().Insert(record));
    if (!added) {
      // Stored before: the first upload's description answers.
      USULAN_ASSIGN_OR_RETURN(kept, tx.documents().Get(record.sha256));
      return absl::OkStatus();
    }
    for (int i = 0; i < record.chunks(); ++i) {
      const size_t from = static_cast<size_t>(i) * kDocumentChunkBytes;
      USULAN_RETURN_IF_ERROR(tx.documents().InsertChunk(
          record.sha256, i,
          bytes.substr(from, std::min<size_t>(kDocumentChunkBytes, bytes.size() - from))));
    }
    kept = record;
    return absl::OkStatus();
  }));
  return kept;
}

absl::StatusOr<DocumentRecord> PgDocumentStore::Info(const std::string& sha256) {
  DocumentRecord out;
  USULAN_RETURN_IF_ERROR(db_.InTransaction([&](Tx& tx) -> absl::Status {
    USULAN_ASSIGN_OR_RETURN(out, tx.documents().Get(sha256));
    return absl::OkStatus();
  }));
  return out;
}

absl::StatusOr<std::string> PgDocumentStore::ReadChunk(const std::string& sha256, int index) {
  std::string out;
  USULAN_RETURN_IF_ERROR(db_.InTransaction([&](Tx& tx) -> absl::Status {
    USULAN_ASSIGN_OR_RETURN(out, tx.documents().Chunk(sha256, index));
    return absl::OkStatus();
  }));
  return out;
}

}  // namespace usulan::storage
