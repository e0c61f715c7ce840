#include "services/config.h"

#include <fstream>
#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "workflow/string_view_compat.h"
#include "services/token.h"

namespace usulan::services {
namespace {

struct Flag {
  const char* name;
  const char* env;
  std::string Config::*field;
};

constexpr std::string_view kLevels[] = {"trace", "debug", "info", "warn", "error", "critical", "off"};

}  // namespace

std::string ConfigUsage() {
  return "usage: usulan-server [serve|migrate|load-registry FILE.csv|run-cycle|checkpoint|"
         "backfill-nik] [flags]\n"
         "  --listen ADDR          (USULAN_LISTEN, default 127.0.0.1:50051)\n"
         "  --database-url URL     (USULAN_DATABASE_URL)\n"
         "  --pool-size N          (USULAN_POOL_SIZE, default 8)\n"
         "  --group-commit-window-us N (USULAN_GROUP_COMMIT_WINDOW_US, default 500)\n"
         "  --group-commit-writers N    (USULAN_GROUP_COMMIT_WRITERS, default 2)\n"
         "  --token-key-file PATH  (USULAN_TOKEN_KEY_FILE)\n"
         "  --log-level LEVEL      (USULAN_LOG_LEVEL, default info)\n"
         "  --cutoff-day N         (USULAN_CUTOFF_DAY, default 20: cycles close after day N, WIB)\n"
         "  --cycle-interval SECS  (USULAN_CYCLE_INTERVAL, default 300; 0 = no cycle job)\n"
         "  --registry-address ADDR   (USULAN_REGISTRY_ADDRESS; default: the registry table)\n"
         "  --registry-timeout-ms MS  (USULAN_REGISTRY_TIMEOUT_MS, default 2000)\n"
         "  --migrate-database-url URL  (USULAN_MIGRATE_DATABASE_URL, default --database-url)\n"
         "  --audit-key-file PATH       (USULAN_AUDIT_KEY_FILE; Ed25519 PEM; signs checkpoints)\n"
         "  --audit-trusted-keys P1,P2  (USULAN_AUDIT_TRUSTED_KEYS; more public keys)\n"
         "  --checkpoint-interval SECS  (USULAN_CHECKPOINT_INTERVAL, default 600; 0 = off)\n"
         "  --nik-key-file PATH         (USULAN_NIK_KEY_FILE; secret of the NIK keyed hash,\n"
         "                              >= 32 bytes, e.g. `openssl rand -hex 32`; required to serve)\n"
         "  --retention-days N          (USULAN_RETENTION_DAYS, default 1825: settled households\n"
         "                              may be erased N days after the proposal settled)\n"
         "  --replay-window-hours N     (USULAN_REPLAY_WINDOW_HOURS, default 168: idempotency\n"
         "                              records older than this are purged)\n"
         "commands: serve (default), migrate, load-registry FILE.csv, run-cycle (one pass of\n"
         "  the cycle job now), checkpoint (make one now), backfill-nik (check the NIK key and\n"
         "  hash the NIKs of rows written before migration 0005; serve does it too)\n";
}

absl::StatusOr<Config> ParseConfig(const std::vector<std::string>& args,
                                   const std::function<const char*(const char*)>& environment) {
  Config config;
  std::string pool_size, cutoff_day, cycle_interval, registry_timeout;
  std::string group_window, group_writers;
  std::string retention_days, replay_window_hours;
  struct NumberFlag {
    const char* name;
    const char* env;
    std::string* text;
  };
  const NumberFlag numbers[] = {
      {"--pool-size", "USULAN_POOL_SIZE", &pool_size},
      {"--cutoff-day", "USULAN_CUTOFF_DAY", &cutoff_day},
      {"--cycle-interval", "USULAN_CYCLE_INTERVAL", &cycle_interval},
      {"--registry-timeout-ms", "USULAN_REGISTRY_TIMEOUT_MS", &registry_timeout},
      {"--group-commit-window-us", "USULAN_GROUP_COMMIT_WINDOW_US", &group_window},
      {"--group-commit-writers", "USULAN_GROUP_COMMIT_WRITERS", &group_writers},
      {"--retention-days", "USULAN_RETENTION_DAYS", &retention_days},
      {"--replay-window-hours", "USULAN_REPLAY_WINDOW_HOURS", &replay_window_hours},
  };
  const Flag flags[] = {
      {"--listen", "USULAN_LISTEN", &Config::listen},
      {"--database-url", "USULAN_DATABASE_URL", &Config::database_url},
      {"--token-key-file", "USULAN_TOKEN_KEY_FILE", &Config::token_key_file},
      {"--log-level", "USULAN_LOG_LEVEL", &Config::log_level},
      {"--registry-address", "USULAN_REGISTRY_ADDRESS", &Config::registry_address},
      {"--migrate-database-url", "USULAN_MIGRATE_DATABASE_URL", &Config::migrate_database_url},
      {"--audit-key-file", "USULAN_AUDIT_KEY_FILE", &Config::audit_key_file},
      {"--nik-key-file", "USULAN_NIK_KEY_FILE", &Config::nik_key_file},
  };
  std::string trusted_keys, checkpoint_interval;
  if (const char* value = environment("USULAN_AUDIT_TRUSTED_KEYS")) trusted_keys = value;
  if (const char* value = environment("USULAN_CHECKPOINT_INTERVAL")) checkpoint_interval = value;
  for (const Flag& flag : flags) {
    if (const char* value = environment(flag.env)) config.*flag.field = value;
  }
  for (const NumberFlag& number : numbers) {
    if (const char* value = environment(number.env)) *number.text = value;
  }

  std::vector<std::string> positional;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg.rfind("--", 0) != 0) {
      positional.push_back(arg);
      continue;
    }
    std::string name = arg, value;
    size_t equals = arg.find('=');
    if (equals != std::string::npos) {
      name = arg.substr(0, equals);
      value = arg.substr(equals + 1);
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      return absl::InvalidArgumentError(workflow::Concat(name, " needs a value"));
    }
    bool known = false;
    for (const Flag& flag : flags) {
      if (name == flag.name) {
        config.*flag.field = value;
        known = true;
      }
    }
    for (const NumberFlag& number : numbers) {
      if (name == number.name) {
        *number.text = value;
        known = true;
      }
    }
    if (name == "--audit-trusted-keys") {
      trusted_keys = value;
      known = true;
    }
    if (name == "--checkpoint-interval") {
      checkpoint_interval = value;
      known = true;
    }
    if (!known) return absl::InvalidArgumentError(workflow::Concat("unknown flag ", name));
  }
  if (!positional.empty()) {
    config.command = positional.front();
    config.arguments.assign(positional.begin() + 1, positional.end());
  }
  if (config.command != "serve" && config.command != "migrate" &&
      config.command != "load-registry" && config.command != "run-cycle" &&
      config.command != "checkpoint" && config.command != "backfill-nik") {
    return absl::InvalidArgumentError(workflow::Concat("unknown command ", config.command));
  }
  if (!pool_size.empty() &&
      (!absl::SimpleAtoi(pool_size, &config.pool_size) || config.pool_size < 1 ||
       config.pool_size > 1000)) {
    return absl::InvalidArgumentError("--pool-size must be a number between 1 and 1000");
  }
  if (!group_window.empty() &&
      (!absl::SimpleAtoi(group_window, &config.group_commit_window_us) ||
       config.group_commit_window_us < 0 || config.group_commit_window_us > 100000)) {
    return absl::InvalidArgumentError("--group-commit-window-us must be 0..100000");
  }
  if (!group_writers.empty() &&
      (!absl::SimpleAtoi(group_writers, &config.group_commit_writers) ||
       config.group_commit_writers < 1 || config.group_commit_writers > 64)) {
    return absl::InvalidArgumentError("--group-commit-writers must be 1..64");
  }
  if (!cutoff_day.empty() &&
      (!absl::SimpleAtoi(cutoff_day, &config.cutoff_day) || config.cutoff_day < 1 ||
       config.cutoff_day > 28)) {
    return absl::InvalidArgumentError("--cutoff-day must be a day between 1 and 28");
  }
  if (!cycle_interval.empty() &&
      (!absl::SimpleAtoi(cycle_interval, &config.cycle_interval_seconds) ||
       config.cycle_interval_seconds < 0 || config.cycle_interval_seconds > 86400)) {
    return absl::InvalidArgumentError("--cycle-interval must be 0..86400 seconds");
  }
  if (!registry_timeout.empty() &&
      (!absl::SimpleAtoi(registry_timeout, &config.registry_timeout_ms) ||
       config.registry_timeout_ms < 1 || config.registry_timeout_ms > 60000)) {
    return absl::InvalidArgumentError(
        "--registry-timeout-ms must be a number of milliseconds between 1 and 60000");
  }
  if (std::find(std::begin(kLevels), std::end(kLevels), config.log_level) == std::end(kLevels)) {
    return absl::InvalidArgumentError("--log-level must be trace, debug, info, warn or error");
  }
  if (config.database_url.empty()) {
    return absl::InvalidArgumentError("--database-url (or USULAN_DATABASE_URL) is required");
  }
  if (config.command == "serve" && config.token_key_file.empty()) {
    return absl::InvalidArgumentError("--token-key-file (or USULAN_TOKEN_KEY_FILE) is required");
  }
  if (!checkpoint_interval.empty() &&
      (!absl::SimpleAtoi(checkpoint_interval, &config.checkpoint_interval_seconds) ||
       config.checkpoint_interval_seconds < 0 || config.checkpoint_interval_seconds > 86400)) {
    return absl::InvalidArgumentError(
        "--checkpoint-interval must be a number of seconds between 0 and 86400");
  }
  for (absl::string_view file : absl::StrSplit(trusted_keys, ',', absl::SkipWhitespace())) {
    config.audit_trusted_keys.emplace_back(absl::StripAsciiWhitespace(file));
  }
  if (config.migrate_database_url.empty()) config.migrate_database_url = config.database_url;
  if (config.command == "checkpoint" && config.audit_key_file.empty()) {
    return absl::InvalidArgumentError("checkpoint needs --audit-key-file (or USULAN_AUDIT_KEY_FILE)");
  }
  if (!retention_days.empty() &&
      (!absl::SimpleAtoi(retention_days, &config.retention_days) || config.retention_days < 0 ||
       config.retention_days > 36500)) {
    return absl::InvalidArgumentError("--retention-days must be a number of days between 0 and 36500");
  }
  if (!replay_window_hours.empty() &&
      (!absl::SimpleAtoi(replay_window_hours, &config.replay_window_hours) ||
       config.replay_window_hours < 1 || config.replay_window_hours > 8760)) {
    return absl::InvalidArgumentError(
        "--replay-window-hours must be a number of hours between 1 and 8760");
  }
  if ((config.command == "serve" || config.command == "backfill-nik") &&
      config.nik_key_file.empty()) {
    return absl::InvalidArgumentError(
        "--nik-key-file (or USULAN_NIK_KEY_FILE) is required: the secret key of the NIK "
        "keyed hash (create one with `openssl rand -hex 32 > nik.key`; README, \"Personal data\")");
  }
  if (config.command == "load-registry" && config.arguments.size() != 1) {
    return absl::InvalidArgumentError("load-registry needs exactly one CSV file");
  }
  return config;
}

absl::StatusOr<std::string> ReadKeyFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(workflow::Concat("cannot read token key file ", path));
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string key = buffer.str();
  while (!key.empty() && (key.back() == '\n' || key.back() == '\r')) key.pop_back();
  if (key.size() < kMinKeyBytes) {
    return absl::InvalidArgumentError(
        workflow::Concat("token key file must hold at least ", kMinKeyBytes, " bytes"));
  }
  return key;
}

absl::StatusOr<std::string> ReadNikKeyFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(workflow::Concat("cannot read --nik-key-file ", path));
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string key = buffer.str();
  while (!key.empty() && (key.back() == '\n' || key.back() == '\r')) key.pop_back();
  // An HMAC-SHA256 key like the token key, so the same minimum (256 bits).
  if (key.size() < kMinKeyBytes) {
    return absl::InvalidArgumentError(workflow::Concat(
        "--nik-key-file ", path, " must hold at least ", kMinKeyBytes, " bytes"));
  }
  return key;
}

}  // namespace usulan::services
