#include "auth/jwks_file_source.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "auth/dev_issuer.h"

namespace usulan::auth {
namespace {

namespace fs = std::filesystem;

class JwksFileSourceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("usulan-jwks-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
    path_ = (dir_ / "jwks.json").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  void Write(const std::string& text) {
    // Write then rename, as a deployment should: readers never see half a file.
    std::ofstream(path_ + ".tmp") << text;
    fs::rename(path_ + ".tmp", path_);
  }
  static SigningKeyPair Key(const std::string& kid) { return *GenerateSigningKey("EdDSA", kid); }

  fs::path dir_;
  std::string path_;
  base::ManualClock clock_;
};

TEST_F(JwksFileSourceTest, ReloadPicksUpARotatedKeyAtMostOnceASecond) {
  Write(MakeJwks({Key("old").public_jwk}));
  auto source = JwksFileSource::Open(path_, clock_);
  ASSERT_TRUE(source.ok()) << source.status();
  EXPECT_TRUE((*source)->Find("old").has_value());
  EXPECT_FALSE((*source)->Find("new").has_value());

  Write(MakeJwks({Key("new").public_jwk}));
  // Within the second since the last check the file is not looked at.
  EXPECT_FALSE((*source)->Find("new").has_value());
  clock_.Advance(std::chrono::seconds(2));
  EXPECT_TRUE((*source)->Find("new").has_value());
  EXPECT_FALSE((*source)->Find("old").has_value());
}

TEST_F(JwksFileSourceTest, ABrokenFileKeepsTheOldKeys) {
  Write(MakeJwks({Key("old").public_jwk}));
  auto source = JwksFileSource::Open(path_, clock_);
  ASSERT_TRUE(source.ok()) << source.status();
  Write("{\"keys\": [ this is not json");
  clock_.Advance(std::chrono::seconds(2));
  EXPECT_TRUE((*source)->Find("old").has_value());
  fs::remove(path_);
  clock_.Advance(std::chrono::seconds(2));
  EXPECT_TRUE((*source)->Find("old").has_value());
  // A good file afterwards is read again.
  Write(MakeJwks({Key("next").public_jwk}));
  clock_.Advance(std::chrono::seconds(2));
  EXPECT_TRUE((*source)->Find("next").has_value());
}

TEST_F(JwksFileSourceTest, OpenRefusesAMissingOrInvalidFile) {
  EXPECT_EQ(JwksFileSource::Open(path_, clock_).status().code(), absl::StatusCode::kNotFound);
  Write("[]");
  EXPECT_EQ(JwksFileSource::Open(path_, clock_).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace usulan::auth
