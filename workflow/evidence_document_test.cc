// Evidence documents are judged by their bytes: each accepted kind with its
// structural mark, and each way an upload can be truncated, mislabelled or
// something else altogether, refused with the mark it lacks.
#include "workflow/evidence_document.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace usulan::workflow {
namespace {

using ::testing::HasSubstr;

std::string Pdf() { return "%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"; }

std::string Png(uint32_t width = 1, uint32_t height = 1) {
  std::string out("\x89PNG\r\n\x1a\n", 8);
  out += std::string("\0\0\0\x0dIHDR", 8);
  for (uint32_t v : {width, height}) {
    for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((v >> shift) & 0xFF);
  }
  out += std::string("\x08\x02\0\0\0", 5);   // depth, colour type, methods
  out += std::string("\x90\x77\x53\xde", 4); // CRC (not checked)
  out += std::string("\0\0\0\0IEND\xae\x42\x60\x82", 12);
  return out;
}

std::string Jpeg() { return std::string("\xFF\xD8\xFF\xE0\0\x10JFIF\0\xFF\xD9", 13); }

struct Case {
  const char* name;
  std::string bytes;
  std::optional<MediaType> expected;  // nullopt: refused
  const char* message = "";           // part of the refusal
};

TEST(EvidenceDocumentTest, SniffsTheThreeKindsAndRefusesEverythingElse) {
  const std::string pdf = Pdf();
  const std::string png = Png();
  const std::string jpeg = Jpeg();
  const Case cases[] = {
      {"pdf", pdf, MediaType::kPdf},
      {"pdf with trailing padding", pdf + std::string(500, ' '), MediaType::kPdf},
      {"pdf truncated", pdf.substr(0, pdf.size() - 8), std::nullopt, "%%EOF"},
      {"pdf with %%EOF only far from the end", pdf + std::string(2000, ' '), std::nullopt,
       "%%EOF"},
      {"pdf without a version", "%PDF-x.y\n%%EOF", std::nullopt, "%PDF-<version>"},
      {"png", png, MediaType::kPng},
      {"png truncated", png.substr(0, png.size() - 1), std::nullopt, "IEND"},
      {"png without IHDR", png.substr(0, 12) + "IDAT" + png.substr(16), std::nullopt, "IHDR"},
      {"png of width 0", Png(0, 5), std::nullopt, "width or height of 0"},
      {"png signature only", png.substr(0, 8), std::nullopt, "IHDR"},
      {"jpeg", jpeg, MediaType::kJpeg},
      {"jpeg truncated", jpeg.substr(0, jpeg.size() - 1), std::nullopt, "EOI"},
      {"html", "<html><script>alert(1)</script></html>", std::nullopt, "not a PDF, JPEG or PNG"},
      {"zip", std::string("PK\x03\x04", 4) + "payload", std::nullopt, "not a PDF, JPEG or PNG"},
      {"elf", std::string("\x7f" "ELF\x02\x01\x01", 7), std::nullopt, "not a PDF, JPEG or PNG"},
      {"empty", "", std::nullopt, "not a PDF, JPEG or PNG"},
      {"gif", "GIF89a....", std::nullopt, "not a PDF, JPEG or PNG"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    absl::StatusOr<MediaType> sniffed = SniffDocument(c.bytes);
    if (c.expected) {
      ASSERT_TRUE(sniffed.ok()) << sniffed.status();
      EXPECT_EQ(*sniffed, *c.expected);
    } else {
      ASSERT_FALSE(sniffed.ok());
      EXPECT_EQ(sniffed.status().code(), absl::StatusCode::kInvalidArgument);
      EXPECT_THAT(sniffed.status().message(), HasSubstr(c.message));
      EXPECT_THAT(sniffed.status().message(), HasSubstr("chunk"));
    }
  }
}

TEST(EvidenceDocumentTest, MimeNamesRoundTripAndNothingElseParses) {
  for (MediaType type : {MediaType::kPdf, MediaType::kJpeg, MediaType::kPng}) {
    EXPECT_EQ(ParseMimeName(MimeName(type)), type);
  }
  EXPECT_EQ(ParseMimeName("image/gif"), std::nullopt);
  EXPECT_EQ(ParseMimeName("APPLICATION/PDF"), std::nullopt);
  EXPECT_EQ(ParseMimeName("text/html"), std::nullopt);
  EXPECT_EQ(ParseMimeName(""), std::nullopt);
}

TEST(EvidenceDocumentTest, OnlyTheRolesThatCiteEvidenceUpload) {
  for (Role role : kAllRoles) {
    const bool cites = role == Role::kVillageHead || role == Role::kVerifier ||
                       role == Role::kRegent || role == Role::kCentralReviewer ||
                       role == Role::kCitizen || role == Role::kDistrictOfficer;
    const absl::Status status = CheckDocumentUploader(role);
    EXPECT_EQ(status.ok(), cites) << Name(role);
    if (!cites) {
      EXPECT_EQ(status.code(), absl::StatusCode::kPermissionDenied) << Name(role);
    }
  }
}

// The quota counts what a citizen holds uncited: the tenth document fits, the
// eleventh does not; the bytes bound is checked with the new document's size.
TEST(EvidenceDocumentTest, TheCitizensUploadQuotaBoundsCountAndBytes) {
  const UploadQuota quota{10, 60 << 20};
  EXPECT_TRUE(CheckUploadQuota(quota, {0, 0}, 20 << 20).ok());
  EXPECT_TRUE(CheckUploadQuota(quota, {9, 1000}, 1000).ok());
  const absl::Status count = CheckUploadQuota(quota, {10, 1000}, 1);
  EXPECT_EQ(count.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(count.message().find("at most 10"), std::string_view::npos) << count;
  EXPECT_TRUE(CheckUploadQuota(quota, {2, 40 << 20}, 20 << 20).ok());  // exactly 60 MiB
  const absl::Status bytes = CheckUploadQuota(quota, {2, 40 << 20}, (20 << 20) + 1);
  EXPECT_EQ(bytes.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(bytes.message().find("62914560 bytes"), std::string_view::npos) << bytes;
}

}  // namespace
}  // namespace usulan::workflow
