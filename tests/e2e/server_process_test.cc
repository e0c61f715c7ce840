// The real usulan-server binary as a process: migrations at start, the
// load-registry command, health checking and reflection for stock gRPC tools,
// graceful shutdown on SIGTERM, and a server log free of personal data.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/dev_pki.h"
#include "tests/support/build_paths.h"
#include "tests/support/dev_tokens.h"
#include "tests/support/private_file.h"
#include "tests/support/households.h"
#include "tests/support/scratch_database.h"
#include "tests/support/server_files.h"
#include "usulan/v1/proposal_service.grpc.pb.h"

namespace usulan::testing {
namespace {

namespace fs = std::filesystem;

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Runs usulan-server with `args`, stderr and stdout into `log`; returns the pid.
pid_t Spawn(const std::vector<std::string>& args, const fs::path& log) {
  pid_t pid = fork();
  if (pid == 0) {
    FILE* out = std::fopen(log.c_str(), "a");
    dup2(fileno(out), STDOUT_FILENO);
    dup2(fileno(out), STDERR_FILENO);
    std::vector<char*> argv;
    std::string binary = ServerBinary();
    argv.push_back(binary.data());
    for (const auto& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    execv(binary.c_str(), argv.data());
    _exit(127);
  }
  return pid;
}

int WaitExit(pid_t pid, std::chrono::seconds limit) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) {
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
  return -1;
}

// One raw call through the generic stub, for services we have no stubs for.
std::string RawUnary(const std::shared_ptr<grpc::Channel>& channel, const std::string& method,
                     const std::string& request_bytes, grpc::Status* status) {
  grpc::GenericStub stub(channel);
  grpc::CompletionQueue queue;
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  grpc::Slice slice(request_bytes);
  grpc::ByteBuffer request(&slice, 1);
  auto call = stub.PrepareUnaryCall(&context, method, request, &queue);
  call->StartCall();
  grpc::ByteBuffer response;
  call->Finish(&response, status, reinterpret_cast<void*>(1));
  void* tag;
  bool ok;
  queue.Next(&tag, &ok);
  std::vector<grpc::Slice> slices;
  std::string bytes;
  if (status->ok() && response.Dump(&slices).ok()) {
    for (const auto& s : slices) bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
  }
  return bytes;
}

// The first answer of a bidirectional reflection stream to one request.
std::string ReflectionListServices(const std::shared_ptr<grpc::Channel>& channel) {
  grpc::GenericStub stub(channel);
  grpc::CompletionQueue queue;
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  auto stream = stub.PrepareCall(
      &context, "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", &queue);
  void* tag;
  bool ok;
  stream->StartCall(reinterpret_cast<void*>(1));
  queue.Next(&tag, &ok);
  // ServerReflectionRequest{list_services: ""}: field 7, length-delimited, empty.
  grpc::Slice slice(std::string("\x3a\x00", 2));
  grpc::ByteBuffer request(&slice, 1);
  stream->WriteLast(request, grpc::WriteOptions(), reinterpret_cast<void*>(2));
  queue.Next(&tag, &ok);
  grpc::ByteBuffer response;
  stream->Read(&response, reinterpret_cast<void*>(3));
  queue.Next(&tag, &ok);
  std::string bytes;
  std::vector<grpc::Slice> slices;
  if (ok && response.Dump(&slices).ok()) {
    for (const auto& s : slices) bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
  }
  grpc::Status status;
  stream->Finish(&status, reinterpret_cast<void*>(4));
  queue.Next(&tag, &ok);
  return bytes;
}

class ServerProcessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("usulan-server-test-" + std::to_string(getpid()));
    fs::create_directories(dir_);
    files_ = WriteServerFiles(dir_);
    log_ = dir_ / "server.log";
  }
  void TearDown() override {
    // A failed assertion must not leave a server running.
    if (server_ > 0 && waitpid(server_, nullptr, WNOHANG) == 0) {
      kill(server_, SIGKILL);
      waitpid(server_, nullptr, 0);
    }
    fs::remove_all(dir_);
  }

  int Port() {
    std::regex listening(R"re(\(port (\d+)\))re");
    for (int attempt = 0; attempt < 200; ++attempt) {
      std::smatch match;
      std::string text = ReadFile(log_);
      if (std::regex_search(text, match, listening)) return std::stoi(match[1]);
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return 0;
  }

  // A channel to the started server once it listens, after checking that health
  // checking answers SERVING; null when it never listened.
  std::shared_ptr<grpc::Channel> ServingChannel() {
    const int port = Port();
    EXPECT_GT(port, 0) << ReadFile(log_);
    if (port == 0) return nullptr;
    auto channel = TestChannel(port);
    grpc::Status status;
    std::string health = RawUnary(channel, "/grpc.health.v1.Health/Check", "", &status);
    EXPECT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(health, std::string("\x08\x01", 2)) << "expected SERVING";
    return channel;
  }

  // `serve` on a free port with this test's keys and database, then `more`.
  std::vector<std::string> ServeArgs(const std::vector<std::string>& more) const {
    return Joined(files_.ServeArgs(database_.url()), more);
  }
  // The same without TLS (plaintext is allowed on loopback).
  std::vector<std::string> PlaintextServeArgs() const {
    return files_.ServeArgs(database_.url(), /*tls=*/false);
  }

  std::string Token(workflow::Role role, const std::string& region) {
    int64_t now = std::time(nullptr);
    return TestToken("tester", role, region, now);
  }

  ScratchDatabase database_;
  fs::path dir_, log_;
  ServerFiles files_;
  pid_t server_ = 0;
};

TEST_F(ServerProcessTest, ServesMigratesShutsDownGracefullyAndLogsNoPersonalData) {
  const std::string desa = "3201012001";
  v1::Household household = MakeHousehold(desa, 77, 2);
  {
    std::ofstream csv(dir_ / "registry.csv");
    csv << "nik,kk_number,name,birth_date,status\n";
    for (const auto& row : RegistryRowsFor(household)) {
      csv << row.nik << "," << row.kk_number << ",\"" << row.name << "\"," << row.birth_date
          << "," << row.status << "\n";
    }
  }
  const std::string url_flag = "--database-url=" + database_.url();
  // load-registry migrates the empty database first, then loads the file.
  pid_t loader = Spawn({"load-registry", (dir_ / "registry.csv").string(), url_flag}, log_);
  ASSERT_EQ(WaitExit(loader, std::chrono::seconds(30)), 0) << ReadFile(log_);

  pid_t server = server_ = Spawn(ServeArgs({"--pool-size", "2"}), log_);
  auto channel = ServingChannel();
  ASSERT_NE(channel, nullptr);
  grpc::Status status;
  EXPECT_THAT(ReflectionListServices(channel), ::testing::HasSubstr("usulan.v1.ProposalService"));

  auto stub = v1::ProposalService::NewStub(channel);
  auto call = [&](auto method, const auto& request, auto* response) {
    grpc::ClientContext context;
    context.AddMetadata("authorization",
                        "Bearer " + Token(workflow::Role::kVillageOperator, desa));
    return (stub.get()->*method)(&context, request, response);
  };
  v1::CreateProposalRequest create;
  create.set_request_id("process-create");
  create.set_kind(v1::PROPOSAL_KIND_NEW);
  create.mutable_region()->set_province_code("32");
  create.mutable_region()->set_kabupaten_code("3201");
  create.mutable_region()->set_kecamatan_code("320101");
  create.mutable_region()->set_desa_code(desa);
  *create.mutable_household() = household;
  v1::Proposal created;
  ASSERT_TRUE(call(&v1::ProposalService::Stub::CreateProposal, create, &created).ok());
  v1::SubmitProposalRequest submit;
  submit.set_request_id("process-submit");
  submit.set_proposal_id(created.proposal_id());
  v1::Proposal submitted;
  ASSERT_TRUE(call(&v1::ProposalService::Stub::SubmitProposal, submit, &submitted).ok());
  EXPECT_EQ(submitted.state(), v1::PROPOSAL_STATE_PRELIST);

  // Refusals that concern personal data must not echo it either.
  create.set_request_id("process-duplicate");
  v1::Proposal refused;
  status = call(&v1::ProposalService::Stub::CreateProposal, create, &refused);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  create.set_request_id("process-bad-nik");
  create.mutable_household()->mutable_members(1)->set_nik(household.members(1).nik() + "9");
  status = call(&v1::ProposalService::Stub::CreateProposal, create, &refused);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), ::testing::Not(::testing::HasSubstr(household.members(1).nik())));

  ASSERT_EQ(kill(server, SIGTERM), 0);
  EXPECT_EQ(WaitExit(server, std::chrono::seconds(20)), 0);

  std::string log = ReadFile(log_);
  EXPECT_THAT(log, ::testing::HasSubstr(R"("rpc":"SubmitProposal")"));
  EXPECT_THAT(log, ::testing::HasSubstr(R"("event":"stopped")"));
  EXPECT_THAT(log, ::testing::Not(::testing::HasSubstr(household.kk_number())));
  for (const v1::Member& member : household.members()) {
    EXPECT_THAT(log, ::testing::Not(::testing::HasSubstr(member.nik())));
    EXPECT_THAT(log, ::testing::Not(::testing::HasSubstr(member.name())));
  }
}

// Issue 12: no plaintext off loopback unless told so, said before anything
// starts and naming the flags; a key that is not the certificate's stops it too.
TEST_F(ServerProcessTest, RefusesPlaintextOffLoopbackAndAMismatchedTlsKey) {
  pid_t server = server_ =
      Spawn(Replaced(PlaintextServeArgs(), "--listen", "0.0.0.0:0"), log_);
  EXPECT_EQ(WaitExit(server, std::chrono::seconds(30)), 2);
  EXPECT_THAT(ReadFile(log_),
              ::testing::HasSubstr("refusing to listen in plaintext on 0.0.0.0:0, which is not a "
                                   "loopback address: give --tls-cert-file and --tls-key-file"));
  EXPECT_THAT(ReadFile(log_), ::testing::HasSubstr("--allow-plaintext"));

  server = server_ = Spawn(Replaced(ServeArgs({}), "--tls-key-file", TestPki().client_key), log_);
  EXPECT_EQ(WaitExit(server, std::chrono::seconds(30)), 1);
  EXPECT_THAT(ReadFile(log_), ::testing::HasSubstr("--tls-key-file: " + TestPki().client_key +
                                                   " is not the key of the certificate"));
}

// Tokens (docs/tokens.md): a key source is required, an invalid JWKS or a short
// development HS256 key stops the start, and the development key is warned about.
TEST_F(ServerProcessTest, RefusesToStartWithoutValidTokenKeys) {
  const std::vector<std::string> base = Without(PlaintextServeArgs(), {"--jwks-file"});
  auto with = [&](const std::vector<std::string>& more) { return Joined(base, more); };
  pid_t server = server_ = Spawn(base, log_);
  EXPECT_EQ(WaitExit(server, std::chrono::seconds(30)), 2);
  EXPECT_THAT(ReadFile(log_), ::testing::HasSubstr("exactly one of --jwks-file"));

  std::ofstream(dir_ / "bad-jwks.json") << R"({"keys":[{"kty":"oct","kid":"x","k":"c2VjcmV0"}]})";
  server = server_ = Spawn(with({"--jwks-file", (dir_ / "bad-jwks.json").string()}), log_);
  EXPECT_EQ(WaitExit(server, std::chrono::seconds(30)), 1);
  EXPECT_THAT(ReadFile(log_), ::testing::HasSubstr("private or symmetric"));

  WritePrivateFile(dir_ / "short.key", std::string("secret\n"));
  server = server_ = Spawn(with({"--jwks-file", (dir_ / "jwks.json").string(),
                                 "--dev-hs256-key-file", (dir_ / "short.key").string()}),
                           log_);
  EXPECT_EQ(WaitExit(server, std::chrono::seconds(30)), 1);
  EXPECT_THAT(ReadFile(log_), ::testing::HasSubstr("at least 32 bytes"));

  WritePrivateFile(dir_ / "dev.key", std::string(40, 'd') + "\n");
  server = server_ = Spawn(with({"--jwks-file", (dir_ / "jwks.json").string(),
                                 "--dev-hs256-key-file", (dir_ / "dev.key").string()}),
                           log_);
  ASSERT_GT(Port(), 0) << ReadFile(log_);
  EXPECT_THAT(ReadFile(log_), ::testing::HasSubstr("development only"));
  ASSERT_EQ(kill(server, SIGTERM), 0);
  EXPECT_EQ(WaitExit(server, std::chrono::seconds(20)), 0);
}

TEST_F(ServerProcessTest, RefusesToStartWithoutANikKeyOrWithAnotherOne) {
  const std::string url_flag = "--database-url=" + database_.url();
  pid_t server = server_ =
      Spawn(Without(PlaintextServeArgs(), {"--nik-key-file", "--household-key-file"}), log_);
  EXPECT_EQ(WaitExit(server, std::chrono::seconds(30)), 2);
  EXPECT_THAT(ReadFile(log_), ::testing::HasSubstr("--nik-key-file (or USULAN_NIK_KEY_FILE) is required"));

  WritePrivateFile(dir_ / "short-nik.key", std::string("secret\n"));
  server = server_ = Spawn(
      Replaced(PlaintextServeArgs(), "--nik-key-file", (dir_ / "short-nik.key").string()), log_);
  EXPECT_EQ(WaitExit(server, std::chrono::seconds(30)), 1);
  EXPECT_THAT(ReadFile(log_), ::testing::HasSubstr("must hold at least 32 bytes"));

  // The first key the database sees is recorded (backfill-nik runs the same
  // check as serve); another key is refused afterwards.
  pid_t first = Spawn({"backfill-nik", url_flag, "--nik-key-file", (dir_ / "nik.key").string()},
                      log_);
  EXPECT_EQ(WaitExit(first, std::chrono::seconds(30)), 0) << ReadFile(log_);
  WritePrivateFile(dir_ / "other-nik.key", std::string(64, 'o') + "\n");
  server = server_ = Spawn(
      Replaced(PlaintextServeArgs(), "--nik-key-file", (dir_ / "other-nik.key").string()), log_);
  EXPECT_EQ(WaitExit(server, std::chrono::seconds(30)), 1);
  EXPECT_THAT(ReadFile(log_), ::testing::HasSubstr("is not the key this database's NIK hashes"));
}

// The household digest's key (issue 11) is required to serve, at least 32 bytes,
// and the key the database's digests were made with: the first server records
// its fingerprint, a server with another key is refused before it listens.
TEST_F(ServerProcessTest, RefusesToStartWithoutAHouseholdKeyOrWithAnotherOne) {
  const std::vector<std::string> base = Without(PlaintextServeArgs(), {"--household-key-file"});
  auto with = [&](const std::vector<std::string>& more) { return Joined(base, more); };
  pid_t server = server_ = Spawn(base, log_);
  EXPECT_EQ(WaitExit(server, std::chrono::seconds(30)), 2);
  EXPECT_THAT(ReadFile(log_),
              ::testing::HasSubstr("--household-key-file (or USULAN_HOUSEHOLD_KEY_FILE) is required"));

  WritePrivateFile(dir_ / "short-household.key", std::string("secret\n"));
  server = server_ =
      Spawn(with({"--household-key-file", (dir_ / "short-household.key").string()}), log_);
  EXPECT_EQ(WaitExit(server, std::chrono::seconds(30)), 1);
  EXPECT_THAT(ReadFile(log_), ::testing::HasSubstr("--household-key-file " +
                                                   (dir_ / "short-household.key").string() +
                                                   " must hold at least 32 bytes"));

  // The first server records the key; it starts and stops cleanly.
  server = server_ = Spawn(with({"--household-key-file", (dir_ / "household.key").string()}), log_);
  ASSERT_GT(Port(), 0) << ReadFile(log_);
  ASSERT_EQ(kill(server, SIGTERM), 0);
  EXPECT_EQ(WaitExit(server, std::chrono::seconds(20)), 0);

  WritePrivateFile(dir_ / "other-household.key", std::string(64, 'o') + "\n");
  server = server_ =
      Spawn(with({"--household-key-file", (dir_ / "other-household.key").string()}), log_);
  EXPECT_EQ(WaitExit(server, std::chrono::seconds(30)), 1);
  EXPECT_THAT(ReadFile(log_),
              ::testing::HasSubstr("is not the key this database's household digests"));
}

// --reflection=false (issue 12): the API cannot be enumerated without a token,
// and health checking still answers. The first test shows reflection on by
// default, through the same helper.
TEST_F(ServerProcessTest, ReflectionCanBeSwitchedOffHealthStaysOn) {
  pid_t server = server_ = Spawn(ServeArgs({"--reflection=false"}), log_);
  auto channel = ServingChannel();
  ASSERT_NE(channel, nullptr);
  grpc::Status status;
  EXPECT_EQ(ReflectionListServices(channel), "");
  RawUnary(channel, "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", "",
           &status);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNIMPLEMENTED) << status.error_message();
  ASSERT_EQ(kill(server, SIGTERM), 0);
  EXPECT_EQ(WaitExit(server, std::chrono::seconds(20)), 0);
}

// Secrets (issue 12): a key file others can read is refused at start, naming
// the flag, the path and the fix; so is a database URL carrying a password.
TEST_F(ServerProcessTest, RefusesReadableKeyFilesAndPasswordsInDatabaseUrls) {
  fs::permissions(dir_ / "nik.key", fs::perms::group_read | fs::perms::others_read,
                  fs::perm_options::add);
  pid_t server = server_ = Spawn(ServeArgs({}), log_);
  EXPECT_EQ(WaitExit(server, std::chrono::seconds(30)), 1);
  EXPECT_THAT(ReadFile(log_), ::testing::HasSubstr("--nik-key-file " + (dir_ / "nik.key").string() +
                                                   " is accessible by group or others (mode 644)"));
  EXPECT_THAT(ReadFile(log_), ::testing::HasSubstr("chmod 600"));

  fs::remove(log_);
  fs::permissions(dir_ / "nik.key", fs::perms::owner_read | fs::perms::owner_write,
                  fs::perm_options::replace);
  // The last --database-url wins.
  server = server_ =
      Spawn(ServeArgs({"--database-url=postgresql://usulan_app:s3cret@127.0.0.1/usulan"}), log_);
  EXPECT_EQ(WaitExit(server, std::chrono::seconds(30)), 2);
  EXPECT_THAT(ReadFile(log_), ::testing::HasSubstr("must not carry the database password"));
  EXPECT_THAT(ReadFile(log_), ::testing::Not(::testing::HasSubstr("s3cret")));
}

}  // namespace
}  // namespace usulan::testing
