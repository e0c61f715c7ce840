#include "auth/jwks_file_source.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

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

// Handler threads look keys up while the file rotates and reloads happen among
// them: a key every version of the file holds is never missing, and the last
// version is read. Also the case ThreadSanitizer checks the
// lock on (docs/sanitizers.md).
TEST_F(JwksFileSourceTest, ConcurrentLookupsDuringRotationsNeverLoseAKeptKey) {
  const SigningKeyPair kept = Key("kept"), b = Key("b"), c = Key("c");
  Write(MakeJwks({kept.public_jwk, b.public_jwk}));
  auto source = JwksFileSource::Open(path_, clock_);
  ASSERT_TRUE(source.ok()) << source.status();
  std::atomic<bool> done{false};
  std::atomic<int> missing{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 4; ++t) {
    readers.emplace_back([&] {
      while (!done) {
        if (!(*source)->Find("kept")) ++missing;
      }
    });
  }
  for (int rotation = 1; rotation <= 20; ++rotation) {
    Write(MakeJwks({kept.public_jwk, rotation % 2 == 0 ? b.public_jwk : c.public_jwk}));
    clock_.Advance(std::chrono::seconds(2));
    (*source)->Find("kept");  // reloads now, among the readers
  }
  // Last, a file of another size: seen as changed even if the clock's coarse
  // mtimes and a reused inode made two rotations look alike.
  Write(MakeJwks({kept.public_jwk, b.public_jwk, c.public_jwk}));
  clock_.Advance(std::chrono::seconds(2));
  done = true;
  for (std::thread& reader : readers) reader.join();
  EXPECT_EQ(missing.load(), 0);
  EXPECT_TRUE((*source)->Find("b").has_value());
  EXPECT_TRUE((*source)->Find("c").has_value());
}

TEST_F(JwksFileSourceTest, OpenRefusesAMissingOrInvalidFile) {
  EXPECT_EQ(JwksFileSource::Open(path_, clock_).status().code(), absl::StatusCode::kNotFound);
  Write("[]");
  EXPECT_EQ(JwksFileSource::Open(path_, clock_).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace usulan::auth
