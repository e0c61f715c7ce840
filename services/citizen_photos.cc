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

absl::Status CheckPhotosUploaded(storage::Tx& tx, const std::string& subject,
                                 const PhotoHashes& hashes) {
  for (int i = 0; i < hashes.size(); ++i) {
    const absl::Status not_uploaded = absl::FailedPreconditionError(
        base::Concat("document_hashes[", i,
                     "]: you have uploaded no document with this hash; upload the photo first"));
    USULAN_ASSIGN_OR_RETURN(const bool theirs, tx.documents().UploadedBy(subject, hashes[i]));
    if (!theirs) return not_uploaded;
    // Reserved but not stored: the upload failed after its reservation.
    absl::StatusOr<storage::DocumentRecord> stored = tx.documents().Get(hashes[i]);
    if (absl::IsNotFound(stored.status())) return not_uploaded;
    USULAN_RETURN_IF_ERROR(stored.status());
  }
  return absl::OkStatus();
}

absl::Status MarkPhotosCited(storage::Tx& tx, const std::string& subject,
                             const PhotoHashes& hashes, const std::string& proposal_id) {
  return tx.documents().MarkCited(subject, {hashes.begin(), hashes.end()}, proposal_id);
}

}  // namespace usulan::services
