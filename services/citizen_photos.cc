#include "services/citizen_photos.h"

#include "base/status_macros.h"
#include "base/string_view_compat.h"
#include "services/request_checks.h"

namespace usulan::services {

absl::Status CheckPhotoHashes(const PhotoHashes& hashes) {
  if (hashes.empty()) {
    return absl::InvalidArgumentError(
        "document_hashes: at least one is required (the SHA-256 of the uploaded house photo)");
  }
  for (int i = 0; i < hashes.size(); ++i) {
    USULAN_RETURN_IF_ERROR(CheckSha256(base::Concat("document_hashes[", i, "]"), hashes[i], true));
  }
  return absl::OkStatus();
}

absl::Status CheckPhotosUploaded(storage::Tx& tx, const PhotoHashes& hashes) {
  for (int i = 0; i < hashes.size(); ++i) {
    absl::StatusOr<storage::DocumentRecord> stored = tx.documents().Get(hashes[i]);
    if (absl::IsNotFound(stored.status())) {
      return absl::FailedPreconditionError(base::Concat(
          "document_hashes[", i, "]: no uploaded document has this hash; upload the photo first"));
    }
    USULAN_RETURN_IF_ERROR(stored.status());
  }
  return absl::OkStatus();
}

}  // namespace usulan::services
