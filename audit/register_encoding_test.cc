// The register history's encoding, pinned byte for byte: an auditor's tool
// written from the header must produce the same preimage and hash.
#include "audit/register_encoding.h"

#include <gtest/gtest.h>

#include "audit/digest.h"

namespace usulan::audit {
namespace {

RegisterRowFields Listed() {
  RegisterRowFields f;
  f.entry_id = "0b5e7c8a-1f2d-4c3b-9a8e-7d6c5b4a3f21";
  f.sequence = 1;
  f.change = "LISTED";
  f.proposal_id = f.entry_id;
  f.decree_number = "KEP-1/2026";
  f.cycle = "2026-11";
  f.status_after = "ACTIVE";
  f.at_us = 1764547200000001;
  f.prev_hash = std::string(kZeroHash);
  return f;
}

TEST(RegisterEncodingTest, PreimageIsTheDocumentedNetstrings) {
  const std::string expected =
      "18:usulan-register-v1,"
      "36:0b5e7c8a-1f2d-4c3b-9a8e-7d6c5b4a3f21,"
      "1:1,"
      "6:LISTED,"
      "36:0b5e7c8a-1f2d-4c3b-9a8e-7d6c5b4a3f21,"
      "10:KEP-1/2026,"
      "7:2026-11,"
      "6:ACTIVE,"
      "0:,"
      "16:1764547200000001,"
      "64:" + std::string(kZeroHash) + ",";
  EXPECT_EQ(EncodeRegisterRow(Listed()), expected);
  EXPECT_EQ(RegisterRowHash(Listed()), ToHex(Sha256(expected)));
}

TEST(RegisterEncodingTest, EveryFieldChangesTheHash) {
  const std::string base = RegisterRowHash(Listed());
  std::vector<RegisterRowFields> variants(10, Listed());
  variants[0].entry_id[0] = '1';
  variants[1].sequence = 2;
  variants[2].change = "CORRECTED";
  variants[3].proposal_id = "";
  variants[4].decree_number = "KEP-2/2026";
  variants[5].cycle = "2026-12";
  variants[6].status_after = "INACTIVE";
  variants[7].desil_after = 3;
  variants[8].at_us += 1;
  variants[9].prev_hash[0] = '1';
  for (size_t i = 0; i < variants.size(); ++i) {
    EXPECT_NE(RegisterRowHash(variants[i]), base) << i;
  }
  // The netstring framing keeps adjacent fields apart: moving a character from
  // one to the next is another preimage.
  RegisterRowFields shifted = Listed();
  shifted.decree_number = "KEP-1/202";
  shifted.cycle = "62026-11";
  EXPECT_NE(RegisterRowHash(shifted), base);
}

}  // namespace
}  // namespace usulan::audit
