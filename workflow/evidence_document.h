// What an evidence document may be, decided by its bytes (docs/documents.md):
// the Berita Acara, the by-name list, the Bupati's letter and the decree are
// PDFs; house photos are JPEG or PNG. Nothing else is kept, so the store holds no
// executable, archive or HTML that a reviewer's browser could be led to open.
// The check is minimal on purpose: the magic numbers and the one structural mark
// that a truncated or mislabelled upload lacks, not a full parse (a parser of
// outside PDFs would be the largest attack surface in the server). Pure; no I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "workflow/vocabulary.h"

namespace usulan::workflow {

enum class MediaType { kPdf, kJpeg, kPng };

// "application/pdf", "image/jpeg", "image/png".
std::string_view MimeName(MediaType type);
// The media type of one of those names (exactly, lower case); nullopt otherwise.
std::optional<MediaType> ParseMimeName(std::string_view name);

// What `bytes` are, by their content:
//   PDF:  starts "%PDF-<digit>.<digit>" and has "%%EOF" in its last 1024 bytes;
//   PNG:  the 8-byte signature, then the IHDR chunk (length 13) with a non-zero
//         width and height, and ends with the IEND chunk;
//   JPEG: starts with SOI and a marker (FF D8 FF) and ends with EOI (FF D9).
// INVALID_ARGUMENT saying which mark is missing, or that the bytes are none of
// the three, otherwise.
absl::StatusOr<MediaType> SniffDocument(std::string_view bytes);

// Who may upload evidence: the roles that cite documents in transitions (village
// head: minutes and by-name list; verifier: house photos; regent: the
// ratification letter; central reviewer: the decree; citizen: the house photo of
// an usul mandiri; district officer: the health facility's letter of a PBI-JK
// reactivation). Village operators and province officers cite none; auditors and
// `system` never upload.
// OK, or PERMISSION_DENIED naming the role.
absl::Status CheckDocumentUploader(Role role);

// How much a citizen may hold in documents that no filing of theirs has cited
// yet (docs/documents.md, "Citizens' uploads"): an account the identity
// provider proofed is still one person's, and the store keeps every byte for
// good. Citing a document in a filing frees its place.
struct UploadQuota {
  int max_documents = 10;
  int64_t max_bytes = int64_t{60} << 20;  // 60 MiB
};

// What a citizen holds uncited now.
struct UncitedUploads {
  int documents = 0;
  int64_t bytes = 0;
};

// OK when one more document of `size` bytes fits beside `held`;
// FAILED_PRECONDITION saying which bound it would pass and how to free room
// otherwise: not RESOURCE_EXHAUSTED, which in this API means "overloaded, retry
// later" (docs/limits.md), while this upload fits only once the citizen has
// cited what they hold.
absl::Status CheckUploadQuota(const UploadQuota& quota, const UncitedUploads& held,
                              int64_t size);

}  // namespace usulan::workflow
