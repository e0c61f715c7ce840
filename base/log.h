// The process's JSON log on stderr: one line per event, only identifiers and codes
// (never a NIK, KK number or name: callers pass none). Thread-safe.
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

namespace usulan::base {

// Configures the process-wide JSON logger ("usulan") at the given level name
// (trace, debug, info, warn, error). Safe to call more than once.
void ConfigureLogging(std::string_view level);

// A JSON line for events outside RPCs (startup, shutdown, periodic jobs).
void LogEvent(std::string_view level, std::string_view event, std::string_view detail);

// One JSON line of `fields` (an object) at `level`; the logger adds the time.
void LogFields(std::string_view level, const nlohmann::json& fields);

}  // namespace usulan::base
