// TLS on the server's port (issue 12; docs/tls.md), through the real server:
// plaintext and untrusting clients are refused with UNAVAILABLE, client
// certificates are required when a client CA is given, and a replaced
// certificate is served to new connections without a restart.
#include <grpc/grpc_security_constants.h>
#include <grpcpp/security/credentials.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "tests/e2e/e2e_fixture.h"

namespace usulan::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// A directory of its own per test, removed with the object.
struct ScratchDir {
  ScratchDir() {
    static std::atomic<int> counter = 0;
    path = fs::temp_directory_path() /
           ("usulan-tls-test-" + std::to_string(getpid()) + "-" + std::to_string(++counter));
    fs::create_directories(path);
  }
  ~ScratchDir() { fs::remove_all(path); }
  fs::path path;
};

// One GetProposal (its answer does not matter) over `channel`: the transport's
// status, and the certificate the server presented (PEM; empty without TLS).
grpc::Status Probe(const std::shared_ptr<grpc::Channel>& channel, const std::string& token,
                   std::string* peer_certificate = nullptr) {
  auto stub = v1::ProposalService::NewStub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  context.AddMetadata("authorization", "Bearer " + token);
  v1::GetProposalRequest request;
  request.set_proposal_id("00000000-0000-4000-8000-000000000000");
  v1::Proposal proposal;
  grpc::Status status = stub->GetProposal(&context, request, &proposal);
  if (peer_certificate != nullptr) {
    peer_certificate->clear();
    if (auto auth = context.auth_context()) {
      for (const auto& value : auth->FindPropertyValues(GRPC_X509_PEM_CERT_PROPERTY_NAME)) {
        peer_certificate->assign(value.data(), value.size());
      }
    }
  }
  return status;
}

// A channel of its own (a new connection, not one shared with other channels).
std::shared_ptr<grpc::Channel> NewChannel(int port, const base::ClientTls& tls) {
  grpc::ChannelArguments arguments;
  arguments.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  auto channel = base::MakeClientChannel("127.0.0.1:" + std::to_string(port), tls, arguments);
  EXPECT_TRUE(channel.ok()) << channel.status();
  return channel.ok() ? *channel : nullptr;
}

using TlsE2eTest = E2eTest;

// The control for the refusals below: the fixture's client, trusting the CA.
TEST_F(TlsE2eTest, AClientTrustingTheCaIsServedAndSeesTheServersCertificate) {
  std::string certificate;
  grpc::Status status = Probe(channel_, OperatorToken(), &certificate);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND) << status.error_message();
  EXPECT_EQ(certificate, ReadFile(TestPki().server_cert));
}

TEST_F(TlsE2eTest, APlaintextClientIsRefusedWithUnavailable) {
  auto plaintext = grpc::CreateChannel("127.0.0.1:" + std::to_string(server_->port()),
                                       grpc::InsecureChannelCredentials());
  grpc::Status status = Probe(plaintext, OperatorToken());
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE) << status.error_message();
  EXPECT_THAT(status.error_message(), HasSubstr("failed to connect"));
  // The server closes the connection that does not speak TLS.
  EXPECT_TRUE(base::IsHandshakeFailure(status.error_message())) << status.error_message();
}

TEST_F(TlsE2eTest, AClientNotTrustingTheCaIsRefusedWithAHandshakeError) {
  ScratchDir other;
  bool made = false;
  DevPki stranger = MakeDevPki(other.path.string(), &made);  // a CA of its own
  ASSERT_TRUE(made);
  grpc::Status status = Probe(NewChannel(server_->port(), {stranger.ca}), OperatorToken());
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE) << status.error_message();
  EXPECT_TRUE(base::IsHandshakeFailure(status.error_message())) << status.error_message();
}

// With --tls-client-ca-file: mTLS for service-to-service callers.
class MutualTlsE2eTest : public E2eTest {
 protected:
  void ConfigureServer(server::ServerOptions& options) override {
    options.tls.client_ca_file = TestPki().ca;
  }
};

TEST_F(MutualTlsE2eTest, AClientWithoutACertificateIsRefused) {
  grpc::Status status = Probe(NewChannel(server_->port(), TestPki().ClientTls()), OperatorToken());
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE) << status.error_message();
  EXPECT_TRUE(base::IsHandshakeFailure(status.error_message())) << status.error_message();
}

TEST_F(MutualTlsE2eTest, AClientWithACertificateOfTheCaIsServed) {
  grpc::Status status =
      Probe(NewChannel(server_->port(), TestPki().RegistryClientTls()), OperatorToken());
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND) << status.error_message();
}

TEST_F(MutualTlsE2eTest, AClientCertificateOfAnotherCaIsRefused) {
  ScratchDir other;
  bool made = false;
  DevPki stranger = MakeDevPki(other.path.string(), &made);
  ASSERT_TRUE(made);
  base::ClientTls tls{TestPki().ca, stranger.client_cert, stranger.client_key};
  grpc::Status status = Probe(NewChannel(server_->port(), tls), OperatorToken());
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE) << status.error_message();
}

// The certificate files are watched: a replaced certificate reaches new
// connections without a restart (certificate rotation).
class CertificateReloadE2eTest : public E2eTest {
 protected:
  void ConfigureServer(server::ServerOptions& options) override {
    fs::copy_file(TestPki().server_cert, served_.path / "server.crt");
    fs::copy_file(TestPki().server_key, served_.path / "server.key");
    options.tls = {(served_.path / "server.crt").string(), (served_.path / "server.key").string()};
    options.tls.reload_interval = std::chrono::seconds(1);
  }
  ScratchDir served_;
};

TEST_F(CertificateReloadE2eTest, ANewConnectionSeesTheReplacedCertificate) {
  std::string before;
  ASSERT_EQ(Probe(NewChannel(server_->port(), TestPki().ClientTls()), OperatorToken(), &before)
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(before, ReadFile(TestPki().server_cert));

  // A new server certificate from the same CA, moved in as deploy/dev-pki.sh
  // would (key first, each file whole).
  ScratchDir fresh;
  fs::copy_file(TestPki().ca, fresh.path / "ca.crt");
  fs::copy_file(TestPki().dir + "/ca.key", fresh.path / "ca.key");
  bool made = false;
  DevPki renewed = MakeDevPki(fresh.path.string(), &made);
  ASSERT_TRUE(made);
  const std::string renewed_pem = ReadFile(renewed.server_cert);
  ASSERT_NE(renewed_pem, before);
  fs::rename(renewed.server_key, served_.path / "server.key");
  fs::rename(renewed.server_cert, served_.path / "server.crt");

  std::string after;
  for (auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
       after != renewed_pem && std::chrono::steady_clock::now() < until;) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    Probe(NewChannel(server_->port(), TestPki().ClientTls()), OperatorToken(), &after);
  }
  EXPECT_EQ(after, renewed_pem) << "the replaced certificate was not served within 30 s";
  // The established connection was not dropped.
  EXPECT_EQ(Probe(channel_, OperatorToken()).error_code(), grpc::StatusCode::NOT_FOUND);
}

}  // namespace
}  // namespace usulan::testing
