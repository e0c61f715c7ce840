#include "tools/usulanctl/determination_writer.h"

#include <sys/stat.h>

#include <fstream>
#include <iterator>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "app/determination_files.h"
#include "tests/support/scratch_dir.h"

namespace usulan::tools {
namespace {

using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

constexpr char kCycle[] = "2026-11";
constexpr char kNik[] = "3201014501900002";

std::vector<app::DeterminationFile> Determination(bool personal, const audit::SigningKey& key) {
  std::vector<app::DeterminationChange> changes;
  for (int i = 0; i < 3000; ++i) {  // over 256 KiB of CSV with personal data: several pieces
    app::DeterminationChange c;
    c.entry_id = "a0000000-0000-4000-8000-" + std::to_string(100000000000 + i);
    c.change = i % 2 ? "LISTED" : "DEACTIVATED";
    c.cycle = kCycle;
    c.desa_code = "3201010001";
    c.at_micros = 1'793'664'000'000'000 + i;
    c.kk_number = "3201010101010001";
    c.head_name = "Siti Rahayu binti Ahmad Suryadi";
    c.members = {{kNik, "Siti Rahayu"}, {"3201010101900003", "Budi Santoso bin Ahmad"}};
    changes.push_back(c);
  }
  auto files = app::BuildDetermination(kCycle, changes, personal, key, 1'796'083'200'000'000);
  EXPECT_TRUE(files.ok()) << files.status();
  return *files;
}

std::vector<v1::DeterminationFileChunk> Stream(const std::vector<app::DeterminationFile>& files) {
  std::vector<v1::DeterminationFileChunk> stream;
  for (const auto& file : files) {
    auto pieces = services::ChunkFile(file.name, file.bytes);
    stream.insert(stream.end(), pieces.begin(), pieces.end());
  }
  return stream;
}

class DeterminationWriterTest : public ::testing::Test {
 protected:
  // Runs a whole stream into root_/out: the first failure, or what was written.
  absl::StatusOr<WrittenDetermination> Receive(const std::vector<v1::DeterminationFileChunk>& stream,
                                               bool personal,
                                               const audit::VerifyingKey* key = nullptr) {
    DeterminationWriter writer({out(), kCycle, personal, key});
    if (auto status = writer.Begin(); !status.ok()) return status;
    for (const auto& chunk : stream) {
      if (auto status = writer.Add(chunk); !status.ok()) return status;
    }
    return writer.Finish();
  }
  std::filesystem::path out() const { return root_ / "out"; }
  std::vector<std::string> Listing() const {
    std::vector<std::string> names;
    if (!std::filesystem::exists(out())) return names;
    for (const auto& entry : std::filesystem::directory_iterator(out())) {
      names.push_back(entry.path().filename().string());
    }
    return names;
  }
  static mode_t Mode(const std::filesystem::path& path) {
    struct stat info {};
    EXPECT_EQ(::stat(path.c_str(), &info), 0) << path;
    return info.st_mode & 0777;
  }
  static std::string Read(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }

  testing::ScratchDir scratch_{"usulan-determination-out"};
  const std::filesystem::path root_ = scratch_.path();
  audit::SigningKey key_ = *audit::SigningKey::FromPem(*audit::SigningKey::GeneratePem());
};

TEST_F(DeterminationWriterTest, WritesEveryFileCheckedWithPrivateModesForPersonalData) {
  ::umask(0);  // the writer's modes, not the umask, decide
  const auto files = Determination(true, key_);
  const auto stream = Stream(files);
  ASSERT_GT(stream.size(), 4u);  // the CSV and JSONL came in several pieces
  auto written = Receive(stream, true, &key_.verifying_key());
  ::umask(022);
  ASSERT_TRUE(written.ok()) << written.status();
  EXPECT_EQ(written->change_count, 3000);
  EXPECT_THAT(Listing(), UnorderedElementsAre("determination-2026-11.csv",
                                              "determination-2026-11.jsonl", "manifest.json",
                                              "manifest.sig"));  // no partial file left
  EXPECT_EQ(Mode(out()), 0700u);
  for (const auto& file : files) {
    EXPECT_EQ(Read(out() / file.name), file.bytes) << file.name;
    EXPECT_EQ(Mode(out() / file.name), 0600u) << file.name;
  }
}

TEST_F(DeterminationWriterTest, ThePublicationVariantIsReadableByAll) {
  auto written = Receive(Stream(Determination(false, key_)), false);
  ASSERT_TRUE(written.ok()) << written.status();
  EXPECT_EQ(Mode(out()), 0755u);
  for (const auto& name : written->files) EXPECT_EQ(Mode(out() / name), 0644u) << name;
  EXPECT_THAT(Read(out() / "determination-2026-11.csv"), ::testing::Not(HasSubstr(kNik)));
}

TEST_F(DeterminationWriterTest, NeverOverwrites) {
  std::filesystem::create_directory(out());
  std::ofstream(out() / "manifest.json") << "mine";
  auto written = Receive(Stream(Determination(false, key_)), false);
  EXPECT_EQ(written.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(written.status().message(), HasSubstr("manifest.json"));
  EXPECT_EQ(Read(out() / "manifest.json"), "mine");
  EXPECT_THAT(Listing(), UnorderedElementsAre("manifest.json"));
}

// Each way the files can fail the manifest leaves nothing behind; the control
// (the untouched stream) is the first test.
TEST_F(DeterminationWriterTest, WhatDoesNotMatchTheManifestIsNotWritten) {
  const auto files = Determination(true, key_);
  const auto other_key = *audit::SigningKey::FromPem(*audit::SigningKey::GeneratePem());
  struct Case {
    std::string name;
    std::vector<v1::DeterminationFileChunk> stream;
    bool personal = true;
    const audit::VerifyingKey* key = nullptr;
    std::string message;
  };
  std::vector<Case> cases;
  {
    auto stream = Stream(files);
    std::string data = stream[0].data();
    data[100] = static_cast<char>(data[100] ^ 1);
    stream[0].set_data(data);
    cases.push_back({"one byte of the CSV", stream, true, nullptr, "SHA-256"});
  }
  {
    auto stream = Stream(files);
    auto& jsonl_end = *std::find_if(stream.begin(), stream.end(), [](const auto& chunk) {
      return chunk.file_name() == "determination-2026-11.jsonl" && chunk.last_of_file();
    });
    jsonl_end.set_data(jsonl_end.data() + "x");
    cases.push_back({"one byte more", stream, true, nullptr, "size"});
  }
  {
    auto tampered = files;
    tampered[2].bytes.replace(tampered[2].bytes.find("3000"), 4, "2999");
    cases.push_back({"the manifest, with the key", Stream(tampered), true, &key_.verifying_key(),
                     "does not verify"});
    cases.push_back({"another key", Stream(files), true, &other_key.verifying_key(),
                     "another signing key"});
  }
  cases.push_back({"the variant", Stream(files), false, nullptr, "with_personal_data"});
  {
    auto missing = files;
    missing.erase(missing.begin() + 1);
    cases.push_back({"a missing file", Stream(missing), true, nullptr, "did not come"});
    auto extra = files;
    extra.push_back({"extra.csv", "x"});
    cases.push_back({"an unlisted file", Stream(extra), true, nullptr, "extra.csv is not listed"});
    auto unsigned_files = files;
    unsigned_files.pop_back();
    cases.push_back({"no signature", Stream(unsigned_files), true, nullptr, "manifest.sig"});
  }
  {
    auto stream = Stream(files);
    stream.back().set_last_of_file(false);
    cases.push_back({"a cut stream", stream, true, nullptr, "unfinished"});
    auto hostile = Stream(files);
    hostile[0].set_file_name("../escape.csv");
    cases.push_back({"a path", hostile, true, nullptr, "no plain file name"});
  }
  for (const Case& c : cases) {
    std::filesystem::remove_all(out());
    auto written = Receive(c.stream, c.personal, c.key);
    EXPECT_EQ(written.status().code(), absl::StatusCode::kDataLoss) << c.name;
    EXPECT_THAT(written.status().message(), HasSubstr(c.message)) << c.name;
    EXPECT_THAT(Listing(), ::testing::IsEmpty()) << c.name;
    EXPECT_FALSE(std::filesystem::exists(root_ / "escape.csv")) << c.name;
  }
}

}  // namespace
}  // namespace usulan::tools
