#include "services/rpc_log.h"

#include <nlohmann/json.hpp>

#include "base/ids.h"
#include "base/log.h"

namespace usulan::services {

RpcLog::RpcLog(std::string_view rpc) : rpc_(rpc), started_(std::chrono::steady_clock::now()) {}

void RpcLog::set_request_id(std::string_view request_id) {
  request_id_ = request_id;
}

void RpcLog::set_actor(std::string_view subject, std::string_view role) {
  actor_ = subject;
  role_ = role;
}
void RpcLog::set_subject_id(std::string_view key, std::string_view id) {
  subject_key_ = key;
  // Ids come straight from the request; anything but a UUID stays out of the log.
  subject_id_ = base::IsUuid(id) ? id : "(not a uuid)";
}
void RpcLog::set_transition(std::string_view from, std::string_view to) {
  from_ = from;
  to_ = to;
}
void RpcLog::set_region_code(std::string_view key, std::string_view code) {
  region_key_ = key;
  const bool digits = !code.empty() && code.size() <= 10 &&
                      code.find_first_not_of("0123456789") == std::string_view::npos;
  region_code_ = digits ? code : "(not a region code)";
}
void RpcLog::set_count(std::string_view key, int64_t value) {
  count_key_ = key;
  count_ = value;
}

void RpcLog::EnterCall(base::CallLimits limits) {
  if (!call_) call_.emplace(std::move(limits));
}

grpc::Status RpcLog::Finish(const absl::Status& status) {
  status_ = status;
  if (status.ok()) return grpc::Status::OK;
  auto code = static_cast<grpc::StatusCode>(status.code());
  if (status.code() == absl::StatusCode::kInternal || status.code() == absl::StatusCode::kUnknown) {
    return grpc::Status(code, "internal error; the server log has the details");
  }
  return grpc::Status(code, std::string(status.message()));
}

RpcLog::~RpcLog() {
  auto elapsed = std::chrono::steady_clock::now() - started_;
  bool failed = !status_.ok();
  nlohmann::json fields = {
      {"level", failed ? "warn" : "info"},
      {"rpc", rpc_},
      {"code", absl::StatusCodeToString(status_.code())},
      {"duration_ms",
       std::chrono::duration<double, std::milli>(elapsed).count()},
  };
  if (!request_id_.empty()) fields["request_id"] = request_id_;
  if (!actor_.empty()) {
    fields["actor"] = actor_;
    fields["role"] = role_;
  }
  if (!subject_id_.empty()) fields[subject_key_] = subject_id_;
  if (!region_key_.empty()) fields[region_key_] = region_code_;
  if (!from_.empty()) fields["from"] = from_;
  if (!to_.empty()) fields["to"] = to_;
  if (count_ >= 0) fields[count_key_] = count_;
  if (failed) fields["error"] = std::string(status_.message());
  base::LogFields(failed ? "warn" : "info", fields);
}

}  // namespace usulan::services
