#include "services/rpc_log.h"

#include <nlohmann/json.hpp>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/pattern_formatter.h>
#include <spdlog/spdlog.h>

#include "services/ids.h"

namespace usulan::services {
namespace {

std::shared_ptr<spdlog::logger> Logger() {
  static std::shared_ptr<spdlog::logger> logger = [] {
    auto existing = spdlog::get("usulan");
    if (existing) return existing;
    auto created = spdlog::stderr_logger_mt("usulan");
    // The line is already JSON; spdlog adds only the timestamp field in front.
    created->set_pattern(R"({"ts":"%Y-%m-%dT%H:%M:%S.%fZ",%v})", spdlog::pattern_time_type::utc);
    return created;
  }();
  return logger;
}

// %* in a pattern: the message as a JSON string, so plain-text log lines from other
// layers (storage) come out as valid JSON too.
class JsonStringFlag final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& message, const std::tm&,
              spdlog::memory_buf_t& out) override {
    std::string text(message.payload.data(), message.payload.size());
    std::string quoted =
        nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    out.append(quoted.data(), quoted.data() + quoted.size());
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<JsonStringFlag>();
  }
};

std::string Body(const nlohmann::json& fields) {
  std::string text = fields.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return text.substr(1, text.size() - 2);  // without braces: the pattern adds them
}

}  // namespace

void ConfigureLogging(std::string_view level) {
  auto parsed = spdlog::level::from_str(std::string(level));
  Logger()->set_level(parsed);
  Logger()->flush_on(spdlog::level::info);
  // Everything else logged through spdlog's default logger (storage/) becomes one
  // JSON line as well, on the same stream.
  auto fallback = spdlog::get("usulan.other");
  if (!fallback) {
    fallback = spdlog::stderr_logger_mt("usulan.other");
    auto formatter = std::make_unique<spdlog::pattern_formatter>(spdlog::pattern_time_type::utc);
    formatter->add_flag<JsonStringFlag>('*').set_pattern(
        R"({"ts":"%Y-%m-%dT%H:%M:%S.%fZ","level":"%l","msg":%*})");
    fallback->set_formatter(std::move(formatter));
    spdlog::set_default_logger(fallback);
  }
  fallback->set_level(parsed);
  fallback->flush_on(spdlog::level::info);
}

void LogEvent(std::string_view level, std::string_view event, std::string_view detail) {
  nlohmann::json fields = {{"level", level}, {"event", event}, {"detail", detail}};
  Logger()->log(spdlog::level::from_str(std::string(level)), Body(fields));
}

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
  subject_id_ = IsUuid(id) ? id : "(not a uuid)";
}
void RpcLog::set_transition(std::string_view from, std::string_view to) {
  from_ = from;
  to_ = to;
}
void RpcLog::set_count(std::string_view key, int64_t value) {
  count_key_ = key;
  count_ = value;
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
  if (!from_.empty()) fields["from"] = from_;
  if (!to_.empty()) fields["to"] = to_;
  if (count_ >= 0) fields[count_key_] = count_;
  if (failed) fields["error"] = std::string(status_.message());
  Logger()->log(failed ? spdlog::level::warn : spdlog::level::info, Body(fields));
}

}  // namespace usulan::services
