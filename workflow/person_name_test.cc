#include "workflow/person_name.h"

#include <gtest/gtest.h>

namespace usulan::workflow {
namespace {

TEST(PersonNameTest, NormalisingIgnoresCaseAndRunsOfSpaces) {
  EXPECT_EQ(NormalizeName("Siti Aminah"), "SITI AMINAH");
  EXPECT_EQ(NormalizeName("  siti \t  AMINAH  "), "SITI AMINAH");
  EXPECT_EQ(NormalizeName("siti\xC2\xA0" "aminah"), "SITI AMINAH");  // no-break space
  // Latin-1 and Latin Extended-A letters, as Unicode, not as bytes.
  EXPECT_EQ(NormalizeName("andr\xC3\xA9 \xC5\x9B" "ukma"), "ANDR\xC3\x89 \xC5\x9A" "UKMA");
  EXPECT_EQ(NormalizeName("\xC5\xBE" "ana \xC4\xBA" "a"), "\xC5\xBD" "ANA \xC4\xB9" "A");
  EXPECT_EQ(NormalizeName("muh. ali-akbar o'neil"), "MUH. ALI-AKBAR O'NEIL");
  // Different names stay different.
  EXPECT_NE(NormalizeName("Siti Aminah"), NormalizeName("Siti Aminah Putri"));
  EXPECT_NE(NormalizeName("SitiAminah"), NormalizeName("Siti Aminah"));
  // Invalid bytes survive as themselves (equal only to the same bytes).
  EXPECT_EQ(NormalizeName("a\xFF" "b"), "A\xFF" "B");
}

TEST(PersonNameTest, FullNamesAreValidated) {
  EXPECT_TRUE(ValidateFullName("SITI AMINAH", "full_name").ok());
  EXPECT_TRUE(ValidateFullName("MUH. ALI-AKBAR", "full_name").ok());
  EXPECT_TRUE(ValidateFullName("ANDR\xC3\x89 SUKMA", "full_name").ok());
  struct Case {
    std::string name;
    std::string message;
  };
  const Case refused[] = {
      {"SITI", "full_name must have at least two words (the full name as on the KTP)"},
      {"AB", "full_name must be 3..100 characters (the full name as on the KTP)"},
      {std::string(50, 'A') + " " + std::string(50, 'B'),
       "full_name must be 3..100 characters (the full name as on the KTP)"},
      {"SITI AMINAH2", "full_name may hold only letters, spaces and . ' -"},
      {"SITI %", "full_name may hold only letters, spaces and . ' -"},
      {"SITI \xE7\x8E\x8B", "full_name may hold only letters, spaces and . ' -"},
      {"SITI \xFF", "full_name may hold only letters, spaces and . ' -"},
      {"SITI . AMINAH", "full_name must have a letter in every word"},
      {"SITI -", "full_name must have a letter in every word"},
  };
  for (const Case& c : refused) {
    const absl::Status status = ValidateFullName(c.name, "full_name");
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << c.name;
    EXPECT_EQ(status.message(), c.message) << c.name;
  }
}

TEST(PersonNameTest, MaskingKeepsEachWordsFirstCharacter) {
  EXPECT_EQ(MaskName("SITI AMINAH"), "S*** A*****");
  EXPECT_EQ(MaskName("MUH. ALI-AKBAR"), "M*** A********");
  // One star per character, not per byte.
  EXPECT_EQ(MaskName("\xC3\x89MILE ANDR\xC3\x89"), "\xC3\x89**** A****");
  EXPECT_EQ(MaskName(""), "");
}

}  // namespace
// A member's name as the village typed it, masked for the citizen's own view.
TEST(MaskNameTest, AStoredNameNormalisedThenMasked) {
  EXPECT_EQ(MaskName(NormalizeName("SITI AMINAH")), "S*** A*****");
  EXPECT_EQ(MaskName(NormalizeName("  Siti   Rahmawati ")), "S*** R********");
  EXPECT_EQ(MaskName(NormalizeName("Ni Made Ayu")), "N* M*** A**");
  EXPECT_EQ(MaskName(NormalizeName("I")), "I");
  EXPECT_EQ(MaskName(NormalizeName("Nur'aini")), "N*******");
  // One '*' per code point, whatever its bytes: "Dédé" has 4 letters.
  EXPECT_EQ(MaskName(NormalizeName("D\xC3\xA9" "d\xC3\xA9 \xC3\x89mile")), "D*** \xC3\x89****");
  EXPECT_EQ(MaskName(NormalizeName("")), "");
  EXPECT_EQ(MaskName(NormalizeName("   ")), "");
}

}  // namespace usulan::workflow
