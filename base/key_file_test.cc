#include "base/key_file.h"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace usulan::base {
namespace {

using ::testing::HasSubstr;

class KeyFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/usulan-key-file-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& content, mode_t mode) {
    const std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << content;
    EXPECT_EQ(::chmod(path.c_str(), mode), 0);
    return path;
  }

  std::filesystem::path dir_;
};

TEST_F(KeyFileTest, ReadsAFileOnlyItsOwnerCanRead) {
  const std::string key(64, 'a');
  EXPECT_EQ(*ReadSecretKeyFile("--nik-key-file", Write("k", key + "\n", 0600)), key);
  EXPECT_EQ(*ReadSecretKeyFile("--nik-key-file", Write("ro", key, 0400)), key);
  EXPECT_EQ(*ReadPrivateFile("--audit-key-file", Write("pem", "-----BEGIN\n", 0600)),
            "-----BEGIN\n");
}

TEST_F(KeyFileTest, RefusesAFileGroupOrOthersCanAccessNamingFlagPathAndChmod) {
  const std::string key(64, 'a');
  for (mode_t mode : {0640, 0604, 0644, 0660, 0620, 0601}) {
    const std::string path = Write("k" + std::to_string(mode), key, mode);
    absl::StatusOr<std::string> read = ReadSecretKeyFile("--nik-key-file", path);
    ASSERT_FALSE(read.ok()) << std::oct << mode;
    EXPECT_EQ(read.status().code(), absl::StatusCode::kPermissionDenied);
    EXPECT_THAT(read.status().message(), HasSubstr("--nik-key-file"));
    EXPECT_THAT(read.status().message(), HasSubstr(path));
    EXPECT_THAT(read.status().message(), HasSubstr("chmod 600"));
    EXPECT_THAT(read.status().message(), ::testing::Not(HasSubstr(key)));
    EXPECT_EQ(ReadPrivateFile("--audit-key-file", path).status().code(),
              absl::StatusCode::kPermissionDenied);
  }
}

TEST_F(KeyFileTest, ChecksTheFileALinkPointsTo) {
  const std::string target = Write("target", std::string(64, 'a'), 0644);
  const std::string link = (dir_ / "link").string();
  std::filesystem::create_symlink(target, link);
  EXPECT_EQ(ReadSecretKeyFile("--nik-key-file", link).status().code(),
            absl::StatusCode::kPermissionDenied);
}

TEST_F(KeyFileTest, MissingAndShortFiles) {
  EXPECT_EQ(ReadSecretKeyFile("--nik-key-file", (dir_ / "none").string()).status().code(),
            absl::StatusCode::kNotFound);
  absl::StatusOr<std::string> shortkey =
      ReadSecretKeyFile("--nik-key-file", Write("short", "secret\n", 0600));
  EXPECT_EQ(shortkey.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(shortkey.status().message(), HasSubstr("at least 32 bytes"));
}

}  // namespace
}  // namespace usulan::base
