// The development files of the central sources: the civil registry's people
// (with the optional death columns) and BPS's rankings.
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "registry/ranking_csv.h"
#include "registry/registry_csv.h"

namespace usulan::registry {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const std::string kOldHeader = "nik,kk_number,name,birth_date,status\n";
const std::string kNewHeader = "nik,kk_number,name,birth_date,status,death_date,desa_code\n";

absl::StatusOr<std::vector<RegistryCsvRow>> Rows(const std::string& text) {
  std::istringstream in(text);
  return ReadRegistryCsvRows(in);
}

absl::StatusOr<std::vector<RankingCsvRow>> Rankings(const std::string& text) {
  std::istringstream in(text);
  return ReadRankingCsv(in);
}

TEST(RegistryCsvTest, FilesWithoutTheDeathColumnsStillLoad) {
  auto rows = Rows(kOldHeader + "3201012503690014,3201010101260006,Karsim,1969-03-25,DECEASED\n");
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].person.status, "DECEASED");
  EXPECT_EQ((*rows)[0].death_date, "");
  std::istringstream in(kOldHeader + "3201011204780001,3201010101260001,Asep,,ALIVE\n");
  auto people = ReadRegistryCsv(in);
  ASSERT_TRUE(people.ok()) << people.status();
  EXPECT_EQ((*people)[0].nik, "3201011204780001");
}

TEST(RegistryCsvTest, DeathColumnsAreReadWhenPresent) {
  auto rows = Rows(kNewHeader +
                   "3201011204780001,3201010101260001,Asep,1978-04-12,ALIVE,,\n"
                   "3201012503690014,3201010101260006,Karsim,1969-03-25,DECEASED,,\n"
                   "3201014402410040,3201010201260008,\"Darma, Sr\",1941-02-04,DECEASED,"
                   "2026-11-14,3201012002\r\n");
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[1].death_date, "");
  EXPECT_EQ((*rows)[2].person.name, "Darma, Sr");
  EXPECT_EQ((*rows)[2].death_date, "2026-11-14");
  EXPECT_EQ((*rows)[2].desa_code, "3201012002");
}

TEST(RegistryCsvTest, BadDeathColumnsNameTheLineAndNeverTheValues) {
  const std::string person = "3201014402410040,3201010201260008,Darma,1941-02-04,";
  const std::pair<std::string, std::string> cases[] = {
      {person + "ALIVE,2026-11-14,3201012002", "line 2: death_date is only for a DECEASED person"},
      {person + "DECEASED,14-11-2026,3201012002", "line 2: death_date must be YYYY-MM-DD"},
      {person + "DECEASED,2026-11-14,", "line 2: desa_code is required with a death_date"},
      {person + "DECEASED,2026-11-14,320101", "line 2: desa_code must be 10 digits"},
      {person + "DECEASED,2026-11-14", "line 2: expected 7 fields"},
  };
  for (const auto& [row, message] : cases) {
    auto rows = Rows(kNewHeader + row + "\n");
    EXPECT_EQ(rows.status().code(), absl::StatusCode::kInvalidArgument) << message;
    EXPECT_EQ(rows.status().message(), message);
  }
  EXPECT_THAT(Rows("nik,kk_number,name,birth_date,status,death_date\n").status().message(),
              HasSubstr("line 1: header must be nik,kk_number,name,birth_date,status "
                        "(optionally followed by ,death_date,desa_code)"));
}

TEST(RankingCsvTest, ReadsRowsInFileOrder) {
  auto rows = Rankings(
      "ranking_id,kk_number,desil,ranking_date\n"
      "2026-Q4,3201010201260010,1,2026-10-15\n"
      "\"2026-Q4\",3201010201260011,10,2026-10-15\r\n"
      "2026-Q3,3201010201260010,2,2026-07-15\n");
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[0].ranking_id, "2026-Q4");
  EXPECT_EQ((*rows)[0].ranking.desil, 1);
  EXPECT_EQ((*rows)[1].ranking.desil, 10);
  EXPECT_EQ((*rows)[2].ranking_id, "2026-Q3");
  EXPECT_EQ((*rows)[2].ranking.ranking_date, "2026-07-15");
}

TEST(RankingCsvTest, BadRowsNameTheLineAndNeverTheValues) {
  const std::string kk = "3201010201260010";
  const std::pair<std::string, std::string> cases[] = {
      {"2026 Q4," + kk + ",1,2026-10-15", "line 2: ranking_id must be"},
      {"2026-Q4,320101020126001,1,2026-10-15", "line 2: kk_number must be 16 digits"},
      {"2026-Q4," + kk + ",0,2026-10-15", "line 2: desil must be 1..10"},
      {"2026-Q4," + kk + ",11,2026-10-15", "line 2: desil must be 1..10"},
      {"2026-Q4," + kk + ",01,2026-10-15", "line 2: desil must be 1..10"},
      {"2026-Q4," + kk + ",x,2026-10-15", "line 2: desil must be 1..10"},
      {"2026-Q4," + kk + ",1,2026-10-32", "line 2: ranking_date must be YYYY-MM-DD"},
      {"2026-Q4," + kk + ",1", "line 2: expected 4 fields"},
  };
  for (const auto& [row, message] : cases) {
    auto rows = Rankings("ranking_id,kk_number,desil,ranking_date\n" + row + "\n");
    EXPECT_EQ(rows.status().code(), absl::StatusCode::kInvalidArgument) << message;
    EXPECT_THAT(rows.status().message(), HasSubstr(message));
    EXPECT_THAT(rows.status().message(), Not(HasSubstr(kk)));
  }
  auto twice = Rankings("ranking_id,kk_number,desil,ranking_date\n2026-Q4," + kk +
                        ",1,2026-10-15\n2026-Q4," + kk + ",2,2026-10-15\n");
  EXPECT_EQ(twice.status().message(),
            "line 3: kk_number is already ranked in this ranking (line 2)");
  EXPECT_THAT(Rankings("ranking,kk_number,desil,ranking_date\n").status().message(),
              HasSubstr("line 1: header must be ranking_id,kk_number,desil,ranking_date"));
}

}  // namespace
}  // namespace usulan::registry
