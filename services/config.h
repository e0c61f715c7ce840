// usulan-server's configuration: command-line flags, each with an environment
// variable as fallback, then a default.
//
//   --listen          USULAN_LISTEN          127.0.0.1:50051
//   --database-url    USULAN_DATABASE_URL    (required)
//   --pool-size       USULAN_POOL_SIZE       8
//   --token-key-file  USULAN_TOKEN_KEY_FILE  (required; >= 32 bytes)
//   --log-level       USULAN_LOG_LEVEL       info
//   --registry-address     USULAN_REGISTRY_ADDRESS     (empty: the registry_people table)
//   --registry-timeout-ms  USULAN_REGISTRY_TIMEOUT_MS  2000
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace usulan::services {

struct Config {
  std::string command = "serve";        // serve | migrate | load-registry | run-cycle
  std::vector<std::string> arguments;   // positional arguments after the command
  std::string listen = "127.0.0.1:50051";
  std::string database_url;
  int pool_size = 8;
  std::string token_key_file;
  std::string log_level = "info";
  int cutoff_day = 20;             // day of the month that closes a cycle (1..28, WIB)
  int cycle_interval_seconds = 300;  // how often the cycle job runs; 0 = never (serve)
  std::string registry_address;   // host:port of the civil registry; "" = the table
  int registry_timeout_ms = 2000;  // deadline of one civil-registry call
};

// INVALID_ARGUMENT naming the flag for unknown flags or bad values. `environment`
// looks a variable up (getenv in production; a map in tests).
absl::StatusOr<Config> ParseConfig(const std::vector<std::string>& args,
                                   const std::function<const char*(const char*)>& environment);

// Reads a key file, trimming a trailing newline. INVALID_ARGUMENT if shorter than
// the minimum key length, NOT_FOUND if unreadable.
absl::StatusOr<std::string> ReadKeyFile(const std::string& path);

std::string ConfigUsage();

}  // namespace usulan::services
