#include "tests/support/dev_pki.h"
#include "tests/support/build_paths.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>

namespace usulan::testing {
namespace {

// Removes the process's PKI directory at exit.
struct TempDir {
  std::string path;
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }
};

}  // namespace

DevPki MakeDevPki(const std::string& dir, bool* ok) {
  const std::string command =
      SourceDir() + "/deploy/dev-pki.sh '" + dir + "' >/dev/null";
  const bool made = std::system(command.c_str()) == 0;
  if (ok != nullptr) *ok = made;
  return {dir,
          dir + "/ca.crt",
          dir + "/server.crt",
          dir + "/server.key",
          dir + "/client.crt",
          dir + "/client.key"};
}

const DevPki& TestPki() {
  static TempDir temp = [] {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "usulan-pki.XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
      std::cerr << "cannot make a temporary directory for the test PKI\n";
      std::abort();
    }
    return TempDir{pattern};
  }();
  static const DevPki pki = [] {
    bool ok = false;
    DevPki made = MakeDevPki(temp.path, &ok);
    if (!ok) {
      std::cerr << "deploy/dev-pki.sh failed; the tests need openssl\n";
      std::abort();
    }
    return made;
  }();
  return pki;
}

std::vector<std::string> DevPki::SimTlsArgs() const {
  return {"--tls-cert-file", server_cert, "--tls-key-file", server_key, "--tls-client-ca-file", ca};
}

std::vector<std::string> DevPki::ServerTlsArgs() const {
  return {"--tls-cert-file", server_cert, "--tls-key-file", server_key};
}

std::vector<std::string> DevPki::RegistryTlsArgs() const {
  return {"--registry-ca-file", ca, "--registry-cert-file", client_cert,
          "--registry-key-file", client_key};
}

std::shared_ptr<grpc::Channel> TestChannel(int port, grpc::ChannelArguments arguments) {
  auto channel = base::MakeClientChannel("127.0.0.1:" + std::to_string(port),
                                         TestPki().ClientTls(), std::move(arguments));
  if (!channel.ok()) {
    std::cerr << "test channel: " << channel.status() << "\n";
    std::abort();
  }
  return *channel;
}

}  // namespace usulan::testing
