// Which RPCs a test made, and which exist. RpcRecorder sees every call made
// through a channel from RecordingChannel (method, status code, message and
// details), so a test records calls without bookkeeping of its own; UsulanMethods
// lists every method of every service declared under proto/, from the protobuf
// descriptors compiled into the binary, so a new RPC shows up without editing
// the test. Thread-safe.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "base/tls.h"

namespace usulan::testing {

// One finished call as the client saw it.
struct RecordedCall {
  std::string method;  // "/package.Service/Method"
  grpc::StatusCode code = grpc::StatusCode::OK;
  std::string message;  // the status message
  std::string details;  // the binary status details, if any
};

class RpcRecorder {
 public:
  void Record(RecordedCall call);
  std::vector<RecordedCall> Calls() const;
  // Calls per full method name.
  std::map<std::string, int> Counts() const;

 private:
  mutable std::mutex mutex_;
  std::vector<RecordedCall> calls_;
};

// A channel to `target` (TLS as `tls` says: base::MakeClientChannel) whose every
// call is recorded in `recorder`, which must outlive the channel.
std::shared_ptr<grpc::Channel> RecordingChannel(const std::string& target, RpcRecorder* recorder,
                                                const base::ClientTls& tls);

// "/package.Service/Method" of every method of every service in the .proto files
// under `proto_root` (paths relative to it, as protoc saw them). A file that is
// not in the generated descriptor pool (not compiled into this binary) is added
// to `problems`, so a new file cannot be skipped silently.
std::vector<std::string> UsulanMethods(const std::filesystem::path& proto_root,
                                       std::vector<std::string>* problems);

// "Method" of "/package.Service/Method".
std::string ShortMethodName(const std::string& full_method);

}  // namespace usulan::testing
