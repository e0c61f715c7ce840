// The receiver's checks of docs/determination.md ("Verifying a determination"),
// run with the real openssl, jq and sha256sum on the files as written to disk:
// the signature verifies, the manifest names the signing key and each file's
// digest; and the controls: one changed byte of manifest.json fails the
// signature, one changed byte of the CSV fails its SHA-256.
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "app/determination_files.h"
#include "tests/support/scratch_dir.h"

namespace usulan::app {
namespace {

class DeterminationSignatureTest : public ::testing::Test {
 protected:
  // The exit status of `command` run by the shell in the scratch directory.
  int Run(const std::string& command) {
    const int status = std::system(("cd '" + dir_.string() + "' && " + command).c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  std::string Read(const std::string& name) {
    std::ifstream in(dir_ / name, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }
  void Write(const std::string& name, const std::string& bytes) {
    std::ofstream(dir_ / name, std::ios::binary | std::ios::trunc) << bytes;
  }
  void FlipOneByte(const std::string& name, size_t at) {
    std::string bytes = Read(name);
    ASSERT_LT(at, bytes.size());
    bytes[at] = static_cast<char>(bytes[at] ^ 0x01);
    Write(name, bytes);
  }

  testing::ScratchDir scratch_{"usulan-determination"};
  const std::filesystem::path dir_ = scratch_.path();
};

constexpr char kVerifySignature[] =
    "openssl pkeyutl -verify -pubin -inkey audit.pub -rawin -in manifest.json "
    "-sigfile manifest.sig >/dev/null 2>&1";
constexpr char kCheckDigests[] =
    "jq -r '.files[] | \"\\(.sha256)  \\(.name)\"' manifest.json | sha256sum --check --strict "
    ">/dev/null 2>&1";

TEST_F(DeterminationSignatureTest, OpensslVerifiesWhatTheServiceSigned) {
  // A key as an operator makes it with openssl (README, "Signed checkpoints"), and
  // its public half as openssl exports it: the service's own export is the same.
  ASSERT_EQ(Run("openssl genpkey -algorithm ed25519 -out audit.key 2>/dev/null && "
                "openssl pkey -in audit.key -pubout -out audit.pub"),
            0);
  auto key = audit::SigningKey::FromPem(Read("audit.key"));
  ASSERT_TRUE(key.ok()) << key.status();
  EXPECT_EQ(Read("audit.pub"), key->verifying_key().pem());

  DeterminationChange change;
  change.entry_id = "a0000000-0000-4000-8000-000000000001";
  change.change = "LISTED";
  change.cycle = "2026-11";
  change.desa_code = "3201010001";
  change.at_micros = 1'793'664'000'000'000;
  auto files = BuildDetermination("2026-11", {change}, false, *key, 1'796'083'200'000'000);
  ASSERT_TRUE(files.ok()) << files.status();
  for (const auto& file : *files) Write(file.name, file.bytes);

  EXPECT_EQ(Run(kVerifySignature), 0);
  EXPECT_EQ(Run(kCheckDigests), 0);
  ASSERT_EQ(Run("openssl pkey -pubin -in audit.pub -outform DER | sha256sum | cut -c1-64 "
                ">key_id.txt"),
            0);
  EXPECT_EQ(Read("key_id.txt"),
            nlohmann::json::parse(Read("manifest.json"))["signature"]["key_id"].get<std::string>() +
                "\n");

  // Controls: each check can fail.
  FlipOneByte("determination-2026-11.csv", 10);
  EXPECT_NE(Run(kCheckDigests), 0);
  EXPECT_EQ(Run(kVerifySignature), 0);  // the manifest itself is intact
  const std::string manifest = Read("manifest.json");
  FlipOneByte("manifest.json", manifest.find("2026-11"));
  EXPECT_NE(Run(kVerifySignature), 0);
  Write("manifest.json", manifest);
  EXPECT_EQ(Run(kVerifySignature), 0);
}

}  // namespace
}  // namespace usulan::app
