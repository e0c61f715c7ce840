// Where evidence documents are kept, by their SHA-256 (docs/documents.md). An
// interface so that an object store (S3-compatible, the ministry's own) can
// replace the PostgreSQL tables of 0011_documents.sql without a change above
// storage/: the service sees whole-document writes and chunked reads only.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "storage/records.h"

namespace usulan::storage {

// The size of the pieces a document is kept and read back in: a reader never
// holds more than one piece of a document, and a piece fits well under gRPC's
// 4 MiB message limit.
inline constexpr int64_t kDocumentChunkBytes = 256 * 1024;

// A stored document's description.
struct DocumentRecord {
  std::string sha256;      // lower-case hex SHA-256 of the bytes
  std::string media_type;  // "application/pdf", "image/jpeg" or "image/png"
  int64_t size = 0;        // bytes, > 0
  std::string file_name;   // as first uploaded ("" if none)
  std::string uploaded_by; // the first uploader's subject
  TimePoint stored_at;     // when first stored
  // Pieces of kDocumentChunkBytes (the last one shorter).
  int chunks() const {
    return static_cast<int>((size + kDocumentChunkBytes - 1) / kDocumentChunkBytes);
  }
};

// Thread-safe; every method is one unit of work of its own (no caller
// transaction), bounded by the calling thread's call limits (base/call_limits.h).
class DocumentStore {
 public:
  virtual ~DocumentStore() = default;

  // Keeps `bytes` under `record.sha256`, which the caller computed from them,
  // unless a document with that hash is kept already: the same bytes are stored
  // once. Returns the kept document's description (the first upload's when it
  // was there before). INVALID_ARGUMENT when `bytes` is empty or its size is not
  // record.size; UNAVAILABLE / RESOURCE_EXHAUSTED as the store's link says.
  virtual absl::StatusOr<DocumentRecord> Put(const DocumentRecord& record,
                                             std::string_view bytes) = 0;

  // The description of the document with this hash; NOT_FOUND "document <hash>
  // not found" when none is kept.
  virtual absl::StatusOr<DocumentRecord> Info(const std::string& sha256) = 0;

  // Piece `index` (0 .. chunks()-1) of the document's bytes; NOT_FOUND for an
  // unknown hash or index.
  virtual absl::StatusOr<std::string> ReadChunk(const std::string& sha256, int index) = 0;
};

}  // namespace usulan::storage
