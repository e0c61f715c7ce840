// storage::DocumentStore in PostgreSQL (0011_documents.sql): one row per
// document and its bytes in rows of kDocumentChunkBytes, written in one
// transaction (so a document is there whole or not at all) and never changed.
// Thread-safe: every call takes its own pooled connection.
#pragma once

#include "storage/database.h"
#include "storage/document_store.h"

namespace usulan::storage {

class PgDocumentStore final : public DocumentStore {
 public:
  // `db` outlives the store.
  explicit PgDocumentStore(Database& db) : db_(db) {}

  absl::StatusOr<DocumentRecord> Put(const DocumentRecord& record,
                                     std::string_view bytes) override;
  absl::StatusOr<DocumentRecord> Info(const std::string& sha256) override;
  absl::StatusOr<std::string> ReadChunk(const std::string& sha256, int index) override;

 private:
  Database& db_;
};

}  // namespace usulan::storage
