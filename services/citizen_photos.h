// The house photos a citizen's filing carries (usul mandiri and usul sanggah):
// at least one, each the SHA-256 of a document DocumentService already stored,
// because the office judges the filing by it.
#pragma once

#include <string>

#include "absl/status/status.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "storage/tx.h"

namespace usulan::services {

using PhotoHashes = google::protobuf::RepeatedPtrField<std::string>;

// INVALID_ARGUMENT "document_hashes..." when there is none or one is not a
// SHA-256 in lower-case hex. No I/O.
absl::Status CheckPhotoHashes(const PhotoHashes& hashes);

// FAILED_PRECONDITION "document_hashes[i]: ..." for a hash that `subject` (the
// filing citizen) did not upload, or that no upload stored. The same answer
// either way, so a filing cannot ask whether someone else uploaded a photo.
// Reads only: a refusal leaves the transaction usable.
absl::Status CheckPhotosUploaded(storage::Tx& tx, const std::string& subject,
                                 const PhotoHashes& hashes);

// Marks the photos cited by the citizen's filing `proposal_id`: they no longer
// count against the citizen's upload quota (workflow::UploadQuota).
absl::Status MarkPhotosCited(storage::Tx& tx, const std::string& subject,
                             const PhotoHashes& hashes, const std::string& proposal_id);

}  // namespace usulan::services
