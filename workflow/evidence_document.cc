#include "workflow/evidence_document.h"

#include <algorithm>
#include <cstdint>

#include "base/string_view_compat.h"

namespace usulan::workflow {
namespace {

constexpr std::string_view kPngSignature("\x89PNG\r\n\x1a\n", 8);
// The IEND chunk: length 0, type, and its fixed CRC.
constexpr std::string_view kPngEnd("\0\0\0\0IEND\xae\x42\x60\x82", 12);
// Where a PDF writer puts the end-of-file marker: the last line, possibly
// followed by a newline or a little padding (ISO 32000-1, 7.5.5, read liberally
// as readers do).
constexpr size_t kPdfTrailerWindow = 1024;

uint32_t BigEndian32(std::string_view bytes, size_t at) {
  uint32_t out = 0;
  for (size_t i = 0; i < 4; ++i) out = (out << 8) | static_cast<uint8_t>(bytes[at + i]);
  return out;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

absl::Status Refused(std::string_view what) {
  return absl::InvalidArgumentError(base::Concat("chunk: ", what));
}

absl::StatusOr<MediaType> CheckPdf(std::string_view bytes) {
  if (bytes.size() < 8 || !IsDigit(bytes[5]) || bytes[6] != '.' || !IsDigit(bytes[7])) {
    return Refused("a PDF must start with %PDF-<version> (e.g. %PDF-1.7)");
  }
  const std::string_view tail =
      bytes.substr(bytes.size() - std::min(bytes.size(), kPdfTrailerWindow));
  if (tail.find("%%EOF") == std::string_view::npos) {
    return Refused("the PDF has no %%EOF marker at its end (truncated upload?)");
  }
  return MediaType::kPdf;
}

absl::StatusOr<MediaType> CheckPng(std::string_view bytes) {
  // Signature (8), IHDR length (4), type (4), 13 bytes of data, CRC (4).
  if (bytes.size() < 8 + 25 || BigEndian32(bytes, 8) != 13 || bytes.substr(12, 4) != "IHDR") {
    return Refused("a PNG must begin with its IHDR chunk");
  }
  if (BigEndian32(bytes, 16) == 0 || BigEndian32(bytes, 20) == 0) {
    return Refused("the PNG's IHDR gives a width or height of 0");
  }
  if (bytes.size() < 8 + 25 + kPngEnd.size() ||
      bytes.substr(bytes.size() - kPngEnd.size()) != kPngEnd) {
    return Refused("the PNG does not end with its IEND chunk (truncated upload?)");
  }
  return MediaType::kPng;
}

absl::StatusOr<MediaType> CheckJpeg(std::string_view bytes) {
  if (bytes.size() < 4 || static_cast<uint8_t>(bytes[bytes.size() - 2]) != 0xFF ||
      static_cast<uint8_t>(bytes[bytes.size() - 1]) != 0xD9) {
    return Refused("the JPEG does not end with its EOI marker FF D9 (truncated upload?)");
  }
  return MediaType::kJpeg;
}

}  // namespace

std::string_view MimeName(MediaType type) {
  switch (type) {
    case MediaType::kPdf: return "application/pdf";
    case MediaType::kJpeg: return "image/jpeg";
    case MediaType::kPng: return "image/png";
  }
  return "application/pdf";
}

std::optional<MediaType> ParseMimeName(std::string_view name) {
  for (MediaType type : {MediaType::kPdf, MediaType::kJpeg, MediaType::kPng}) {
    if (name == MimeName(type)) return type;
  }
  return std::nullopt;
}

absl::StatusOr<MediaType> SniffDocument(std::string_view bytes) {
  if (bytes.substr(0, 5) == "%PDF-") return CheckPdf(bytes);
  if (bytes.substr(0, kPngSignature.size()) == kPngSignature) return CheckPng(bytes);
  if (bytes.size() >= 3 && bytes.substr(0, 3) == std::string_view("\xFF\xD8\xFF", 3)) {
    return CheckJpeg(bytes);
  }
  return Refused(
      "the bytes are not a PDF, JPEG or PNG document (the only evidence kept), judged by "
      "their first bytes");
}

absl::Status CheckDocumentUploader(Role role) {
  switch (role) {
    case Role::kVillageHead:
    case Role::kVerifier:
    case Role::kRegent:
    case Role::kCentralReviewer:
    case Role::kCitizen:          // the house photo of an usul mandiri
    case Role::kDistrictOfficer:  // the health facility's letter of a PBI-JK reactivation
      return absl::OkStatus();
    default:
      return absl::PermissionDeniedError(base::Concat(
          "role ", Name(role),
          " may not upload evidence documents (only the roles that cite them: village_head, "
          "verifier, regent, central_reviewer, citizen, district_officer)"));
  }
}

absl::Status CheckUploadQuota(const UploadQuota& quota, const UncitedUploads& held,
                              int64_t size) {
  const char* const kFree =
      "; cite them in a filing (FileProposal, FileObjection) before uploading more";
  if (held.documents + 1 > quota.max_documents) {
    return absl::FailedPreconditionError(
        base::Concat("you have ", held.documents, " uploaded documents that no filing cites (at most ",
                     quota.max_documents, ")", kFree));
  }
  if (held.bytes + size > quota.max_bytes) {
    return absl::FailedPreconditionError(base::Concat(
        "this document (", size, " bytes) and your ", held.documents,
        " uploaded documents that no filing cites (", held.bytes, " bytes) exceed ",
        quota.max_bytes, " bytes", kFree));
  }
  return absl::OkStatus();
}

}  // namespace usulan::workflow
