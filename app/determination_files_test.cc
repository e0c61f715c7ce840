#include "app/determination_files.h"

#include <algorithm>
#include <random>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "audit/digest.h"

namespace usulan::app {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kCycle[] = "2026-11";
constexpr int64_t kNov3 = 1'793'664'000'000'000;  // 2026-11-03T00:00:00Z
constexpr int64_t kDec1 = 1'796'083'200'000'000;  // 2026-12-01T00:00:00Z, generated_at

// Personal data that must never reach the publication variant.
constexpr char kKk[] = "3201010101010001";
constexpr char kNik[] = "3201014501900002";
constexpr char kHead[] = "Siti Rahayu";
constexpr char kMember[] = "Budi; \"Santoso\"";

DeterminationChange Change(std::string entry_id, std::string change, int64_t at) {
  DeterminationChange c;
  c.entry_id = std::move(entry_id);
  c.change = std::move(change);
  c.proposal_id = "7d0c6a4e-0000-4000-8000-0000000000" + c.entry_id.substr(c.entry_id.size() - 2);
  c.kind = c.change == "LISTED" ? "NEW" : "DEACTIVATION";
  c.route = "VILLAGE";
  c.decree_number = "=HYPERLINK(\"x\"),146/HUK/2026";
  c.cycle = kCycle;
  c.province_code = "32";
  c.kabupaten_code = "3201";
  c.kecamatan_code = "320101";
  c.desa_code = "3201010001";
  c.desil = 3;
  c.at_micros = at;
  c.kk_number = kKk;
  c.head_name = kHead;
  c.members = {{kNik, kMember}, {"3201010101900003", "Ani"}};
  return c;
}

std::vector<DeterminationChange> Changes() {
  auto desil = Change("a0000000-0000-4000-8000-000000000003", "DESIL_CHANGED", kNov3 + 5);
  desil.proposal_id = desil.kind = desil.route = desil.decree_number = "";
  desil.desil.reset();
  return {Change("a0000000-0000-4000-8000-000000000002", "DEACTIVATED", kNov3 + 9),
          Change("a0000000-0000-4000-8000-000000000001", "LISTED", kNov3 + 9), desil};
}

audit::SigningKey Key() { return *audit::SigningKey::FromPem(*audit::SigningKey::GeneratePem()); }

std::vector<DeterminationFile> Build(bool with_personal_data, const audit::SigningKey& key,
                                     std::vector<DeterminationChange> changes = Changes()) {
  auto files = BuildDetermination(kCycle, std::move(changes), with_personal_data, key, kDec1);
  EXPECT_TRUE(files.ok()) << files.status();
  return files.ok() ? *files : std::vector<DeterminationFile>{};
}

TEST(DeterminationFilesTest, FourFilesInOrder) {
  const auto files = Build(false, Key());
  ASSERT_EQ(files.size(), 4u);
  EXPECT_EQ(files[0].name, "determination-2026-11.csv");
  EXPECT_EQ(files[1].name, "determination-2026-11.jsonl");
  EXPECT_EQ(files[2].name, "manifest.json");
  EXPECT_EQ(files[3].name, "manifest.sig");
  EXPECT_EQ(files[3].bytes.size(), 64u);
}

// The publication variant holds no NIK, KK number or name in any file; the
// control shows the same input does carry them into the other variant.
TEST(DeterminationFilesTest, PublicationVariantHoldsNoPersonalData) {
  const auto key = Key();
  for (const auto& file : Build(false, key)) {
    for (const char* secret : {kKk, kNik, kHead, "Budi", "Ani", "head_name", "members"}) {
      EXPECT_THAT(file.bytes, Not(HasSubstr(secret))) << file.name;
    }
  }
  const auto with = Build(true, key);
  for (int i : {0, 1}) {
    for (const char* secret : {kKk, kNik, kHead, "Budi"}) {
      EXPECT_THAT(with[i].bytes, HasSubstr(secret)) << with[i].name;
    }
  }
}

TEST(DeterminationFilesTest, SameInputSameBytesWhateverTheOrder) {
  const auto key = Key();
  const auto first = Build(true, key);
  auto shuffled = Changes();
  std::mt19937 random(7);
  for (int round = 0; round < 5; ++round) {
    std::shuffle(shuffled.begin(), shuffled.end(), random);
    const auto again = Build(true, key, shuffled);
    ASSERT_EQ(again.size(), first.size());
    for (size_t i = 0; i < first.size(); ++i) EXPECT_EQ(again[i].bytes, first[i].bytes) << i;
  }
}

TEST(DeterminationFilesTest, CsvRowsAreOneHouseholdEachInCycleOrder) {
  const auto files = Build(true, Key());
  EXPECT_EQ(
      files[0].bytes,
      "cycle,at,change,entry_id,proposal_id,kind,route,decree_number,province_code,"
      "kabupaten_code,kecamatan_code,desa_code,desil,kk_number,head_name,member_count,members\r\n"
      "2026-11,2026-11-03T00:00:00.000005Z,DESIL_CHANGED,a0000000-0000-4000-8000-000000000003,"
      ",,,,32,3201,320101,3201010001,,3201010101010001,Siti Rahayu,2,"
      "\"3201014501900002 Budi\\; \"\"Santoso\"\";3201010101900003 Ani\"\r\n"
      "2026-11,2026-11-03T00:00:00.000009Z,LISTED,a0000000-0000-4000-8000-000000000001,"
      "7d0c6a4e-0000-4000-8000-000000000001,NEW,VILLAGE,\"'=HYPERLINK(\"\"x\"\"),146/HUK/2026\","
      "32,3201,320101,3201010001,3,3201010101010001,Siti Rahayu,2,"
      "\"3201014501900002 Budi\\; \"\"Santoso\"\";3201010101900003 Ani\"\r\n"
      "2026-11,2026-11-03T00:00:00.000009Z,DEACTIVATED,a0000000-0000-4000-8000-000000000002,"
      "7d0c6a4e-0000-4000-8000-000000000002,DEACTIVATION,VILLAGE,"
      "\"'=HYPERLINK(\"\"x\"\"),146/HUK/2026\",32,3201,320101,3201010001,3,3201010101010001,"
      "Siti Rahayu,2,\"3201014501900002 Budi\\; \"\"Santoso\"\";3201010101900003 Ani\"\r\n");
}

TEST(DeterminationFilesTest, JsonLinesCarryMembersAsAnArray) {
  const auto files = Build(true, Key());
  std::vector<nlohmann::json> lines;
  size_t start = 0;
  for (size_t end; (end = files[1].bytes.find('\n', start)) != std::string::npos; start = end + 1) {
    lines.push_back(nlohmann::json::parse(files[1].bytes.substr(start, end - start)));
  }
  EXPECT_EQ(start, files[1].bytes.size());
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0]["change"], "DESIL_CHANGED");
  EXPECT_TRUE(lines[0]["desil"].is_null());
  EXPECT_EQ(lines[1]["desil"], 3);
  EXPECT_EQ(lines[1]["decree_number"], "=HYPERLINK(\"x\"),146/HUK/2026");  // data, not a cell
  EXPECT_EQ(lines[1]["members"][0]["nik"], kNik);
  EXPECT_EQ(lines[1]["members"][0]["name"], kMember);
  EXPECT_EQ(lines[1]["member_count"], 2);
  const auto publication = Build(false, Key());
  EXPECT_FALSE(nlohmann::json::parse(publication[1].bytes.substr(
                   0, publication[1].bytes.find('\n'))).contains("members"));
}

TEST(DeterminationFilesTest, ManifestStatesCountsSizesDigestsAndIsSigned) {
  const auto key = Key();
  const auto files = Build(false, key);
  const auto manifest = nlohmann::json::parse(files[2].bytes);
  EXPECT_EQ(manifest["format"], "usulan-determination-v1");
  EXPECT_EQ(manifest["cycle"], kCycle);
  EXPECT_EQ(manifest["generated_at"], "2026-12-01T00:00:00.000000Z");
  EXPECT_EQ(manifest["with_personal_data"], false);
  EXPECT_EQ(manifest["change_count"], 3);
  EXPECT_EQ(manifest["counts"],
            (nlohmann::json{{"LISTED", 1}, {"CORRECTED", 0}, {"DEACTIVATED", 1},
                            {"REACTIVATED", 0}, {"DESIL_CHANGED", 1},
                            {"PROGRAMME_JOINED", 0}}));
  ASSERT_EQ(manifest["files"].size(), 2u);
  for (int i : {0, 1}) {
    EXPECT_EQ(manifest["files"][i]["name"], files[i].name);
    EXPECT_EQ(manifest["files"][i]["bytes"], files[i].bytes.size());
    EXPECT_EQ(manifest["files"][i]["sha256"], audit::ToHex(audit::Sha256(files[i].bytes)));
  }
  EXPECT_EQ(manifest["signature"]["key_id"], key.verifying_key().key_id());
  EXPECT_TRUE(key.verifying_key().Verify(files[2].bytes, files[3].bytes));
  EXPECT_FALSE(key.verifying_key().Verify(files[2].bytes + " ", files[3].bytes));
}

TEST(DeterminationFilesTest, AnEmptyCycleStillHasItsFiles) {
  auto files = BuildDetermination(kCycle, {}, false, Key(), kNov3);
  ASSERT_TRUE(files.ok()) << files.status();
  EXPECT_EQ((*files)[0].bytes.find("\r\n"), (*files)[0].bytes.size() - 2);  // the header only
  EXPECT_EQ((*files)[1].bytes, "");
  EXPECT_EQ(nlohmann::json::parse((*files)[2].bytes)["change_count"], 0);
}

TEST(DeterminationFilesTest, Refusals) {
  const auto key = Key();
  auto bad_cycle = BuildDetermination("2026-13", Changes(), false, key, kNov3);
  EXPECT_EQ(bad_cycle.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(bad_cycle.status().message(), HasSubstr("cycle"));
  auto broken = [&](auto&& spoil) {
    auto changes = Changes();
    spoil(changes[0]);
    return BuildDetermination(kCycle, changes, false, key, kNov3).status().code();
  };
  EXPECT_EQ(broken([](auto& c) { c.cycle = "2026-10"; }), absl::StatusCode::kInternal);
  EXPECT_EQ(broken([](auto& c) { c.change = "ERASED"; }), absl::StatusCode::kInternal);
  EXPECT_EQ(broken([](auto& c) { c.desil = 11; }), absl::StatusCode::kInternal);
  EXPECT_EQ(broken([](auto& c) { c.entry_id.clear(); }), absl::StatusCode::kInternal);
  EXPECT_EQ(broken([](auto&) {}), absl::StatusCode::kOk);  // the control
}

}  // namespace
}  // namespace usulan::app
