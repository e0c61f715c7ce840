#include "base/log.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/pattern_formatter.h>
#include <spdlog/spdlog.h>

namespace usulan::base {
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

void LogFields(std::string_view level, const nlohmann::json& fields) {
  Logger()->log(spdlog::level::from_str(std::string(level)), Body(fields));
}

void LogEvent(std::string_view level, std::string_view event, std::string_view detail) {
  LogFields(level, {{"level", level}, {"event", event}, {"detail", detail}});
}

}  // namespace usulan::base
