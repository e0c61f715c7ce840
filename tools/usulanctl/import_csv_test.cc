#include "tools/usulanctl/import_csv.h"

#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace usulan::tools {
namespace {

using ::testing::HasSubstr;

absl::StatusOr<std::vector<CsvHousehold>> Read(const std::string& text) {
  std::istringstream in(text);
  return ReadHouseholdsCsv(in);
}

TEST(ImportCsvTest, GroupsMembersByHouseholdKeyWithHouseholdColumnsFromTheFirstRow) {
  auto households = Read(
      "\xEF\xBB\xBFhousehold,desa_code,kk_number,address,nik,name,relationship,sex,birth_date,"
      "has_disability,floor_area_m2,monthly_income_idr\r\n"
      "H1,3201012001,3201010101000001,\"Jl. Melati, RT 01\",3201011204780001,Asep,HEAD,L,"
      "1978-04-12,,21,800000\r\n"
      "H2,3201012001,3201010101000002,Dusun 2,3201013001650004,Ujang,kepala,laki-laki,,ya,,\r\n"
      ",,,,,,,,,,,\r\n"
      "H1,,,,3201014309820002,\"Euis \"\"Neng\"\" K\",SPOUSE,P,1982-09-03,no,,\r\n");
  ASSERT_TRUE(households.ok()) << households.status();
  ASSERT_EQ(households->size(), 2u);
  const CsvHousehold& h1 = (*households)[0];
  EXPECT_EQ(h1.key, "H1");
  EXPECT_EQ(h1.line, 2);
  EXPECT_EQ(h1.local_error, "");
  const v1::CreateProposalRequest& p = h1.proposal;
  EXPECT_EQ(p.kind(), v1::PROPOSAL_KIND_NEW);
  EXPECT_EQ(p.region().province_code(), "32");
  EXPECT_EQ(p.region().kabupaten_code(), "3201");
  EXPECT_EQ(p.region().kecamatan_code(), "320101");
  EXPECT_EQ(p.region().desa_code(), "3201012001");
  EXPECT_EQ(p.household().address(), "Jl. Melati, RT 01");
  EXPECT_EQ(p.household().socio_economic().floor_area_m2(), 21);
  EXPECT_EQ(p.household().socio_economic().monthly_income_idr(), 800000);
  ASSERT_EQ(p.household().members_size(), 2);
  EXPECT_EQ(p.household().members(0).sex(), v1::SEX_MALE);
  EXPECT_EQ(p.household().members(1).name(), "Euis \"Neng\" K");
  EXPECT_EQ(p.household().members(1).relationship(), v1::RELATIONSHIP_SPOUSE);
  EXPECT_EQ(p.household().members(1).sex(), v1::SEX_FEMALE);
  EXPECT_FALSE(p.household().members(1).has_disability());
  const CsvHousehold& h2 = (*households)[1];
  EXPECT_EQ(h2.line, 3);
  EXPECT_EQ(h2.local_error, "");
  EXPECT_EQ(h2.proposal.household().members(0).sex(), v1::SEX_MALE);
  EXPECT_EQ(h2.proposal.household().members(0).relationship(), v1::RELATIONSHIP_HEAD);
  EXPECT_TRUE(h2.proposal.household().members(0).has_disability());
}

TEST(ImportCsvTest, SemicolonSeparatedAndQuotedNewlines) {
  auto households = Read(
      "household;desa_code;nik;name;relationship;address\n"
      "A;3201012001;3201011204780001;Asep;HEAD;\"Kampung\nCibeureum\"\n"
      "B;3201012001;3201013001650004;Ujang;HEAD;x\n");
  ASSERT_TRUE(households.ok()) << households.status();
  ASSERT_EQ(households->size(), 2u);
  EXPECT_EQ((*households)[0].proposal.household().address(), "Kampung\nCibeureum");
  EXPECT_EQ((*households)[1].line, 4);  // the quoted newline counts as a line
}

TEST(ImportCsvTest, BadCellsRefuseTheirHouseholdOnlyNamingLineAndColumn) {
  auto households = Read(
      "household,desa_code,kk_number,nik,name,relationship,sex,kind,floor_area_m2\n"
      "A,3201012001,3201010101000001,1,Asep,HEAD,,,\n"
      "A,3201012001,3201010101000009,2,Euis,SPOUSE,,,\n"
      "B,3201012001,,3,Ujang,BOSS,,,\n"
      "C,3201012001,,4,Siti,HEAD,X,,\n"
      "D,3201012001,,5,Dadang,HEAD,,NEWISH,\n"
      "E,3201012001,,6,Cecep,HEAD,,,21.5\n"
      "F,3201012001,,7,Fine,HEAD,,,\n");
  ASSERT_TRUE(households.ok()) << households.status();
  ASSERT_EQ(households->size(), 6u);
  EXPECT_EQ((*households)[0].local_error,
            "line 3: kk_number differs from line 2, the household's first row");
  EXPECT_THAT((*households)[1].local_error, HasSubstr("line 4: relationship must be HEAD"));
  EXPECT_THAT((*households)[2].local_error, HasSubstr("line 5: sex must be MALE or FEMALE"));
  EXPECT_THAT((*households)[3].local_error, HasSubstr("line 6: kind must be NEW"));
  EXPECT_THAT((*households)[4].local_error, HasSubstr("line 7: floor_area_m2 must be"));
  EXPECT_EQ((*households)[5].local_error, "");
}

TEST(ImportCsvTest, FileLevelProblems) {
  EXPECT_THAT(std::string(Read("").status().message()), HasSubstr("empty"));
  EXPECT_THAT(std::string(Read("household,desa_code,nik,name\n").status().message()),
              HasSubstr("required column \"relationship\""));
  EXPECT_THAT(
      std::string(Read("household,desa_code,nik,name,relationship,colour\n").status().message()),
      HasSubstr("unknown column \"colour\""));
  EXPECT_THAT(std::string(Read("household,desa_code,nik,name,relationship,name\n")
                              .status()
                              .message()),
              HasSubstr("appears twice"));
  EXPECT_THAT(std::string(Read("household,desa_code,nik,name,relationship\n"
                               "A,1,2,\"open,HEAD\n")
                              .status()
                              .message()),
              HasSubstr("line 2: a quoted field is never closed"));
  EXPECT_THAT(std::string(Read("household,desa_code,nik,name,relationship\n"
                               ",3201012001,1,x,HEAD\n")
                              .status()
                              .message()),
              HasSubstr("line 2: the household column is empty"));
}

}  // namespace
}  // namespace usulan::tools
