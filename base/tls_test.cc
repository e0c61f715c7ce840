// The TLS helpers' refusals, checked before anything listens or connects: the
// loopback rule, half-given pairs, unreadable or mismatched files.
#include "base/tls.h"

#include <unistd.h>

#include <filesystem>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "base/loopback.h"
#include "tests/support/dev_pki.h"

namespace usulan::base {
namespace {

using ::testing::HasSubstr;
using usulan::testing::TestPki;

TEST(LoopbackTest, LoopbackForms) {
  for (const char* address :
       {"127.0.0.1:50051", "127.1.2.3:1", "localhost:50051", "[::1]:50051", "::1", "localhost",
        "dns:///localhost:1", "ipv4:127.0.0.1:1", "ipv6:[::1]:1", "unix:/run/usulan.sock"}) {
    EXPECT_TRUE(IsLoopbackAddress(address)) << address;
  }
}

TEST(LoopbackTest, EverythingElseIsNot) {
  for (const char* address :
       {"0.0.0.0:50051", "[::]:50051", "10.0.0.1:50051", "128.0.0.1:1", "registry.example:443",
        "localhost.example:1", "[::2]:1", "", ":50051", "[::1"}) {
    EXPECT_FALSE(IsLoopbackAddress(address)) << address;
  }
}

TEST(ServerTlsTest, PlaintextOnANonLoopbackAddressIsRefusedNamingTheFlags) {
  auto credentials = MakeServerCredentials("0.0.0.0:50051", ServerTls{});
  ASSERT_FALSE(credentials.ok());
  EXPECT_EQ(credentials.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(credentials.status().message(), HasSubstr("--tls-cert-file"));
  EXPECT_THAT(credentials.status().message(), HasSubstr("--tls-key-file"));
  EXPECT_THAT(credentials.status().message(), HasSubstr("--allow-plaintext"));
}

TEST(ServerTlsTest, PlaintextIsAllowedOnLoopbackOrWhenToldSo) {
  auto loopback = MakeServerCredentials("127.0.0.1:0", ServerTls{});
  ASSERT_TRUE(loopback.ok()) << loopback.status();
  EXPECT_TRUE(loopback->plaintext);
  ServerTls allowed;
  allowed.allow_plaintext = true;
  auto anywhere = MakeServerCredentials("0.0.0.0:0", allowed);
  ASSERT_TRUE(anywhere.ok()) << anywhere.status();
  EXPECT_TRUE(anywhere->plaintext);
}

TEST(ServerTlsTest, ACertificateAndItsKeyServeTlsAnywhere) {
  auto credentials = MakeServerCredentials("0.0.0.0:0", TestPki().ServerTls());
  ASSERT_TRUE(credentials.ok()) << credentials.status();
  EXPECT_FALSE(credentials->plaintext);
  ServerTls mtls = TestPki().ServerTls();
  mtls.client_ca_file = TestPki().ca;
  EXPECT_TRUE(MakeServerCredentials("0.0.0.0:0", mtls).ok());
}

TEST(ServerTlsTest, BadFilesAreRefusedNamingTheFlag) {
  ServerTls half;
  half.cert_file = TestPki().server_cert;
  auto refused = MakeServerCredentials("127.0.0.1:0", half);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(refused.status().message(), HasSubstr("give both or neither"));

  ServerTls mismatched{TestPki().server_cert, TestPki().client_key};
  refused = MakeServerCredentials("127.0.0.1:0", mismatched);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(refused.status().message(), HasSubstr("--tls-key-file"));
  EXPECT_THAT(refused.status().message(), HasSubstr("is not the key of the certificate"));

  ServerTls missing{TestPki().dir + "/nothing.crt", TestPki().server_key};
  refused = MakeServerCredentials("127.0.0.1:0", missing);
  EXPECT_THAT(refused.status().message(), HasSubstr("--tls-cert-file: cannot read"));

  ServerTls key_as_ca = TestPki().ServerTls();
  key_as_ca.client_ca_file = TestPki().server_key;
  refused = MakeServerCredentials("127.0.0.1:0", key_as_ca);
  EXPECT_THAT(refused.status().message(), HasSubstr("--tls-client-ca-file"));
  EXPECT_THAT(refused.status().message(), HasSubstr("holds no PEM certificate"));

  ServerTls ca_without_cert;
  ca_without_cert.client_ca_file = TestPki().ca;
  EXPECT_EQ(MakeServerCredentials("127.0.0.1:0", ca_without_cert).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(ClientTlsTest, PlaintextOnlyToLoopback) {
  EXPECT_TRUE(MakeClientChannel("127.0.0.1:1", ClientTls{}).ok());
  ClientTls registry;
  registry.flag_prefix = "--registry-";
  auto refused = MakeClientChannel("dukcapil.example:443", registry);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(refused.status().message(), HasSubstr("--registry-ca-file"));
  EXPECT_TRUE(MakeClientChannel("dukcapil.example:443", TestPki().ClientTls()).ok());
}

TEST(ClientTlsTest, BadFilesAreRefusedNamingTheFlag) {
  ClientTls no_key{TestPki().ca, TestPki().client_cert, ""};
  EXPECT_EQ(MakeClientChannel("127.0.0.1:1", no_key).status().code(),
            absl::StatusCode::kInvalidArgument);
  ClientTls mismatched{TestPki().ca, TestPki().client_cert, TestPki().server_key};
  EXPECT_THAT(MakeClientChannel("127.0.0.1:1", mismatched).status().message(),
              HasSubstr("--tls-key-file"));
  ClientTls missing_ca{TestPki().dir + "/none.crt"};
  EXPECT_THAT(MakeClientChannel("127.0.0.1:1", missing_ca).status().message(),
              HasSubstr("--tls-ca-file: cannot read"));
}

// A private key that group or others can read is refused, for the server's key
// and a client's alike (base/key_file.h), naming the flag and chmod 600.
TEST(TlsKeyFileTest, AKeyOthersCanReadIsRefused) {
  const std::string dir = ::testing::TempDir() + "tls-key-mode-" + std::to_string(getpid());
  std::filesystem::create_directories(dir);
  const std::string key = dir + "/server.key";
  std::filesystem::copy_file(TestPki().server_key, key,
                             std::filesystem::copy_options::overwrite_existing);
  const auto readable_by_all = std::filesystem::perms::owner_read |
                               std::filesystem::perms::owner_write |
                               std::filesystem::perms::group_read |
                               std::filesystem::perms::others_read;
  std::filesystem::permissions(key, readable_by_all);
  auto server = MakeServerCredentials("127.0.0.1:0", {TestPki().server_cert, key});
  EXPECT_EQ(server.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(server.status().message(), HasSubstr("--tls-key-file"));
  EXPECT_THAT(server.status().message(), HasSubstr("chmod 600"));
  std::filesystem::copy_file(TestPki().client_key, key,
                             std::filesystem::copy_options::overwrite_existing);
  std::filesystem::permissions(key, readable_by_all);  // copy_file takes the source's
  auto client = MakeClientChannel("127.0.0.1:1", {TestPki().ca, TestPki().client_cert, key});
  EXPECT_EQ(client.status().code(), absl::StatusCode::kPermissionDenied);
  // Control: the same key, private, is accepted.
  std::filesystem::permissions(key, std::filesystem::perms::owner_read |
                                        std::filesystem::perms::owner_write);
  EXPECT_TRUE(MakeClientChannel("127.0.0.1:1", {TestPki().ca, TestPki().client_cert, key}).ok());
  std::filesystem::remove_all(dir);
}

// gRPC 1.51's messages, as seen by the tests over the wire.
TEST(HandshakeFailureTest, TlsFailuresWhileConnectingAreRecognised) {
  for (const char* message :
       {"failed to connect to all addresses; last error: UNKNOWN: ipv4:127.0.0.1:1: Ssl "
        "handshake failed: SSL_ERROR_SSL: error:0A000086:SSL routines::certificate verify failed",
        "failed to connect to all addresses; last error: UNAVAILABLE: ipv4:127.0.0.1:1: Socket "
        "closed"}) {
    EXPECT_TRUE(IsHandshakeFailure(message)) << message;
  }
  for (const char* message :
       {"failed to connect to all addresses; last error: UNKNOWN: ipv4:127.0.0.1:1: Failed to "
        "connect to remote host: Connection refused",
        "failed to connect to all addresses; last error: UNKNOWN: ipv4:127.0.0.1:1: tcp "
        "handshaker shutdown",
        "Socket closed", "Deadline Exceeded", ""}) {
    EXPECT_FALSE(IsHandshakeFailure(message)) << message;
  }
}

}  // namespace
}  // namespace usulan::base
