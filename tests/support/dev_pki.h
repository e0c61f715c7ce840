// The tests' throwaway PKI: deploy/dev-pki.sh run into a temporary directory,
// once per test process, so that every end-to-end test speaks TLS as production
// does (docs/tls.md). Thread-safe; the directory is removed at exit.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <grpcpp/channel.h>
#include <grpcpp/support/channel_arguments.h>

#include "base/tls.h"

namespace usulan::testing {

struct DevPki {
  std::string dir;
  std::string ca;           // ca.crt
  std::string server_cert;  // server.crt: localhost, 127.0.0.1, ::1
  std::string server_key;
  std::string client_cert;  // client.crt: the registry client's
  std::string client_key;

  base::ServerTls ServerTls() const { return {server_cert, server_key}; }
  base::ClientTls ClientTls() const { return {ca}; }
  // The registry client's: trusts the CA, presents client.crt (mTLS).
  base::ClientTls RegistryClientTls() const { return {ca, client_cert, client_key}; }
  // usulan-registry-sim's flags: TLS with server.crt, client certificates
  // signed by the CA required.
  std::vector<std::string> SimTlsArgs() const;
  // usulan-server's flags for TLS on its port with server.crt.
  std::vector<std::string> ServerTlsArgs() const;
  // usulan-server's flags for mTLS to the registry (--registry-ca-file,
  // --registry-cert-file, --registry-key-file).
  std::vector<std::string> RegistryTlsArgs() const;
};

// The process's PKI, made on first use; aborts the test process if the script
// fails (nothing could run without it).
const DevPki& TestPki();

// Runs the script into `dir` (kept files stay: see deploy/dev-pki.sh) and
// returns its paths; false from `ok` when the script failed.
DevPki MakeDevPki(const std::string& dir, bool* ok = nullptr);

// A channel to 127.0.0.1:port trusting TestPki's CA (base::MakeClientChannel),
// with `arguments` (e.g. a subchannel pool of its own).
std::shared_ptr<grpc::Channel> TestChannel(int port,
                                           grpc::ChannelArguments arguments = {});

}  // namespace usulan::testing
