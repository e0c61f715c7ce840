// One structured (JSON) log line per RPC: rpc, request id, proposal id, from/to
// state, status code, duration. Only identifiers and codes go in; never a NIK, KK
// number or name. Not thread-safe: one per call.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include <grpcpp/support/status.h>

#include "absl/status/status.h"
#include "base/call_limits.h"

namespace usulan::services {

class RpcLog {
 public:
  explicit RpcLog(std::string_view rpc);
  ~RpcLog();  // writes the line
  RpcLog(const RpcLog&) = delete;
  RpcLog& operator=(const RpcLog&) = delete;

  // Only a validated request id is logged: the raw field could hold anything;
  // only valid ones reach it (ValidateRequestId refuses 16 digits in a row).
  void set_request_id(std::string_view request_id);
  void set_actor(std::string_view subject, std::string_view role);
  void set_subject_id(std::string_view key, std::string_view id);  // proposal_id, deliberation_id
  void set_transition(std::string_view from, std::string_view to);
  // A region code the call concerns (key e.g. "desa_code"); anything but up to
  // ten digits stays out of the log.
  void set_region_code(std::string_view key, std::string_view code);
  void set_count(std::string_view key, int64_t value);
  // Makes `limits` (the caller's deadline and cancellation) this thread's call
  // limits (base/call_limits.h) until the log is written: the log lives exactly
  // as long as the RPC's handler. Called once, by AuthenticateCall.
  void EnterCall(base::CallLimits limits);

  // Records the outcome and converts it for gRPC. Internal details never reach the
  // client: INTERNAL and UNKNOWN answers carry a generic message.
  grpc::Status Finish(const absl::Status& status);

 private:
  std::string rpc_;
  std::string request_id_;
  std::string actor_, role_, subject_key_, subject_id_, from_, to_, count_key_;
  std::string region_key_, region_code_;
  int64_t count_ = -1;
  absl::Status status_;
  std::chrono::steady_clock::time_point started_;
  std::optional<base::CallScope> call_;  // last: ends before the line is written
};

}  // namespace usulan::services
