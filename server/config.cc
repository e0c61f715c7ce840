#include "server/config.h"

#include <algorithm>
#include <variant>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "base/status_macros.h"
#include "base/string_view_compat.h"
#include "server/database_url.h"
#include "services/peer_key.h"
#include "base/tls.h"

namespace usulan::server {
namespace {

// One row per flag: its environment variable, where it goes, and for numbers the
// range. Usage text and parsing both come from this table, so a flag is added in
// one place. A boolean flag stands alone (`--flag`) or takes `=true`/`=false`
// (its variable: true or false).
struct Flag {
  const char* name;
  const char* env;
  std::variant<std::string Config::*, int Config::*, bool Config::*> field;
  int min = 0, max = 0;  // numbers only
  const char* help;
};

const Flag kFlags[] = {
    {"--listen", "USULAN_LISTEN", &Config::listen, 0, 0, "ADDR (default 127.0.0.1:50051)"},
    {"--max-threads", "USULAN_MAX_THREADS", &Config::max_threads, 2, 100000,
     "N (default 256: gRPC threads; calls beyond them answer RESOURCE_EXHAUSTED)"},
    {"--max-streams-per-connection", "USULAN_MAX_STREAMS_PER_CONNECTION",
     &Config::max_streams_per_connection, 1, 100000,
     "N (default 100: concurrent calls on one connection)"},
    {"--max-connection-idle", "USULAN_MAX_CONNECTION_IDLE", &Config::max_connection_idle_seconds, 1,
     86400, "SECONDS (default 300: a connection without calls is closed)"},
    {"--max-connection-age", "USULAN_MAX_CONNECTION_AGE", &Config::max_connection_age_seconds, 1,
     604800, "SECONDS (default 3600: then GOAWAY, +-10% jitter)"},
    {"--max-connection-age-grace", "USULAN_MAX_CONNECTION_AGE_GRACE",
     &Config::max_connection_age_grace_seconds, 0, 86400,
     "SECONDS (default 300: calls still running after the GOAWAY are cut then)"},
    {"--keepalive-time", "USULAN_KEEPALIVE_TIME", &Config::keepalive_time_seconds, 1, 86400,
     "SECONDS (default 120: the server pings a quiet connection)"},
    {"--keepalive-timeout", "USULAN_KEEPALIVE_TIMEOUT", &Config::keepalive_timeout_seconds, 1, 3600,
     "SECONDS (default 20: no answer to the ping closes the connection)"},
    {"--min-client-ping-interval", "USULAN_MIN_CLIENT_PING_INTERVAL",
     &Config::min_client_ping_interval_seconds, 1, 86400,
     "SECONDS (default 60: clients pinging more often get GOAWAY too_many_pings)"},
    {"--handshake-timeout", "USULAN_HANDSHAKE_TIMEOUT", &Config::handshake_timeout_seconds, 1, 600,
     "SECONDS (default 10: a connection must handshake and send SETTINGS within it)"},
    {"--max-long-reads", "USULAN_MAX_LONG_READS", &Config::max_long_reads, 1, 1000,
     "N (default 4: exports, chain verifications, inclusion proofs, checkpoints at once)"},
    {"--reflection", "USULAN_REFLECTION", &Config::reflection, 0, 0,
     "[=true|false] (default true: server reflection on; health is always on)"},
    {"--database-url", "USULAN_DATABASE_URL", &Config::database_url, 0, 0,
     "URL (required; libpq string or URI)"},
    // TLS (docs/tls.md): certificate and key re-read when they change; a client CA
    // makes client certificates required (mTLS).
    {"--tls-cert-file", "USULAN_TLS_CERT_FILE", &Config::tls_cert_file, 0, 0,
     "PATH (PEM certificate chain; required unless --listen is loopback or --allow-plaintext)"},
    {"--tls-key-file", "USULAN_TLS_KEY_FILE", &Config::tls_key_file, 0, 0,
     "PATH (PEM private key of --tls-cert-file)"},
    {"--tls-client-ca-file", "USULAN_TLS_CLIENT_CA_FILE", &Config::tls_client_ca_file, 0, 0,
     "PATH (PEM CAs; when given, clients must present a certificate they signed)"},
    {"--allow-plaintext", "USULAN_ALLOW_PLAINTEXT", &Config::allow_plaintext, 0, 0,
     "[=true|false] (default false: plaintext only on a loopback --listen)"},
    {"--pool-size", "USULAN_POOL_SIZE", &Config::pool_size, 1, 1000, "N (default 8)"},
    {"--db-statement-timeout-ms", "USULAN_DB_STATEMENT_TIMEOUT_MS",
     &Config::db_statement_timeout_ms, 0, 3600000, "MILLISECONDS (default 5000; 0 = none)"},
    {"--db-lock-timeout-ms", "USULAN_DB_LOCK_TIMEOUT_MS", &Config::db_lock_timeout_ms, 0,
     3600000, "MILLISECONDS (default 2000; 0 = none)"},
    {"--db-idle-in-transaction-timeout-ms", "USULAN_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS",
     &Config::db_idle_in_transaction_timeout_ms, 0, 3600000,
     "MILLISECONDS (default 10000; 0 = none)"},
    {"--db-connect-timeout-seconds", "USULAN_DB_CONNECT_TIMEOUT_SECONDS",
     &Config::db_connect_timeout_seconds, 0, 300, "SECONDS (default 5; 0 = libpq's none)"},
    {"--db-transaction-timeout-ms", "USULAN_DB_TRANSACTION_TIMEOUT_MS",
     &Config::db_transaction_timeout_ms, 100, 3600000,
     "MILLISECONDS (default 60000: a transaction's connection is cut after this)"},
    {"--db-pool-wait-ms", "USULAN_DB_POOL_WAIT_MS", &Config::db_pool_wait_ms, 0, 600000,
     "MILLISECONDS (default 2000: then RESOURCE_EXHAUSTED)"},
    {"--shutdown-grace-ms", "USULAN_SHUTDOWN_GRACE_MS", &Config::shutdown_grace_ms, 0, 600000,
     "MILLISECONDS (default 10000: SIGTERM ends the process within it)"},
    {"--group-commit-window-us", "USULAN_GROUP_COMMIT_WINDOW_US",
     &Config::group_commit_window_us, 0, 100000, "MICROSECONDS (default 500)"},
    {"--group-commit-writers", "USULAN_GROUP_COMMIT_WRITERS", &Config::group_commit_writers, 1,
     64, "N (default 2)"},
    {"--jwks-file", "USULAN_JWKS_FILE", &Config::jwks_file, 0, 0,
     "PATH (the identity provider's public keys, reloaded on change; or --oidc-issuer)"},
    {"--oidc-issuer", "USULAN_OIDC_ISSUER", &Config::oidc_issuer, 0, 0,
     "URL (https; keys from its discovery document's jwks_uri; or --jwks-file)"},
    {"--token-issuer", "USULAN_TOKEN_ISSUER", &Config::token_issuer, 0, 0,
     "ISS (with --jwks-file; default usulan-dev-issuer)"},
    {"--token-audience", "USULAN_TOKEN_AUDIENCE", &Config::token_audience, 0, 0,
     "AUD (default usulan)"},
    {"--token-leeway-seconds", "USULAN_TOKEN_LEEWAY_SECONDS", &Config::token_leeway_seconds, 0,
     300, "SECONDS (default 30: clock skew allowed on exp, nbf, iat)"},
    {"--token-max-lifetime-seconds", "USULAN_TOKEN_MAX_LIFETIME_SECONDS",
     &Config::token_max_lifetime_seconds, 60, 86400, "SECONDS (default 3600: exp - iat at most)"},
    {"--role-claim", "USULAN_ROLE_CLAIM", &Config::role_claim, 0, 0,
     "NAME (default usulan_role)"},
    {"--region-claim", "USULAN_REGION_CLAIM", &Config::region_claim, 0, 0,
     "NAME (default usulan_region)"},
    {"--nik-claim", "USULAN_NIK_CLAIM", &Config::nik_claim, 0, 0,
     "NAME (default usulan_nik: a citizen's NIK)"},
    {"--kk-claim", "USULAN_KK_CLAIM", &Config::kk_claim, 0, 0,
     "NAME (default usulan_kk: a citizen's KK number)"},
    {"--dev-hs256-key-file", "USULAN_DEV_HS256_KEY_FILE", &Config::dev_hs256_key_file, 0, 0,
     "PATH (development only: also accept HS256 tokens with this secret, >= 32 bytes)"},
    {"--group-commit-max-queue", "USULAN_GROUP_COMMIT_MAX_QUEUE",
     &Config::group_commit_max_queue, 1, 1000000, "N (default 4096: then RESOURCE_EXHAUSTED)"},
    {"--group-commit-max-wait-ms", "USULAN_GROUP_COMMIT_MAX_WAIT_MS",
     &Config::group_commit_max_wait_ms, 1, 600000,
     "MILLISECONDS (default 2000: then RESOURCE_EXHAUSTED)"},
    {"--log-level", "USULAN_LOG_LEVEL", &Config::log_level, 0, 0,
     "trace|debug|info|warn|error (default info)"},
    {"--cutoff-day", "USULAN_CUTOFF_DAY", &Config::cutoff_day, 1, 28,
     "DAY (default 20: cycles close after this day of the month, WIB)"},
    {"--cycle-interval", "USULAN_CYCLE_INTERVAL", &Config::cycle_interval_seconds, 0, 86400,
     "SECONDS (default 300; 0 = no cycle job)"},
    {"--registry-address", "USULAN_REGISTRY_ADDRESS", &Config::registry_address, 0, 0,
     "HOST:PORT (default: the registry_people table)"},
    {"--registry-ca-file", "USULAN_REGISTRY_CA_FILE", &Config::registry_ca_file, 0, 0,
     "PATH (PEM CA of the registry's certificate; required unless the registry is loopback)"},
    {"--registry-cert-file", "USULAN_REGISTRY_CERT_FILE", &Config::registry_cert_file, 0, 0,
     "PATH (PEM client certificate presented to the registry, mTLS)"},
    {"--registry-key-file", "USULAN_REGISTRY_KEY_FILE", &Config::registry_key_file, 0, 0,
     "PATH (PEM private key of --registry-cert-file)"},
    {"--registry-timeout-ms", "USULAN_REGISTRY_TIMEOUT_MS", &Config::registry_timeout_ms, 1,
     60000, "MILLISECONDS (default 2000)"},
    {"--bps-address", "USULAN_BPS_ADDRESS", &Config::bps_address, 0, 0,
     "HOST:PORT (BPS's welfare ranking; default none: ranking calls fail FAILED_PRECONDITION)"},
    {"--bps-ca-file", "USULAN_BPS_CA_FILE", &Config::bps_ca_file, 0, 0,
     "PATH (PEM CA of BPS's certificate; required unless BPS is loopback)"},
    {"--bps-cert-file", "USULAN_BPS_CERT_FILE", &Config::bps_cert_file, 0, 0,
     "PATH (PEM client certificate presented to BPS, mTLS)"},
    {"--bps-key-file", "USULAN_BPS_KEY_FILE", &Config::bps_key_file, 0, 0,
     "PATH (PEM private key of --bps-cert-file)"},
    {"--bps-timeout-ms", "USULAN_BPS_TIMEOUT_MS", &Config::bps_timeout_ms, 1, 60000,
     "MILLISECONDS (default 2000: deadline of one page)"},
    {"--migrate-database-url", "USULAN_MIGRATE_DATABASE_URL", &Config::migrate_database_url, 0,
     0, "URL (default --database-url)"},
    {"--audit-key-file", "USULAN_AUDIT_KEY_FILE", &Config::audit_key_file, 0, 0,
     "PATH (Ed25519 PEM; signs checkpoints)"},
    {"--audit-trusted-keys", "USULAN_AUDIT_TRUSTED_KEYS", &Config::audit_trusted_keys_text, 0, 0,
     "P1,P2 (more public keys that verify checkpoints)"},
    {"--checkpoint-interval", "USULAN_CHECKPOINT_INTERVAL", &Config::checkpoint_interval_seconds,
     0, 86400, "SECONDS (default 600; 0 = only on demand)"},
    {"--nik-key-file", "USULAN_NIK_KEY_FILE", &Config::nik_key_file, 0, 0,
     "PATH (required to serve; secret of the NIK keyed hash, >= 32 bytes)"},
    {"--household-key-file", "USULAN_HOUSEHOLD_KEY_FILE", &Config::household_key_file, 0, 0,
     "PATH (required to serve; secret of the household digest in the audit trail, >= 32 bytes)"},
    {"--lookup-rate-per-minute", "USULAN_LOOKUP_RATE_PER_MINUTE",
     &Config::lookup_rate_per_minute, 1, 100000,
     "N (default 30: LookupNik calls per caller per minute)"},
    {"--citizen-filing-rate-per-minute", "USULAN_CITIZEN_FILING_RATE_PER_MINUTE",
     &Config::citizen_filing_rate_per_minute, 1, 10000,
     "N (default 10: FileProposal and FileObjection calls per citizen per minute)"},
    {"--public-status-rate", "USULAN_PUBLIC_STATUS_RATE", &Config::public_status_rate, 1, 100000,
     "N (default 10: CheckStatus calls per client address per minute)"},
    {"--public-status-burst", "USULAN_PUBLIC_STATUS_BURST", &Config::public_status_burst, 1,
     100000, "N (default 5: CheckStatus calls one client address may make at once)"},
    {"--public-status-global-rate", "USULAN_PUBLIC_STATUS_GLOBAL_RATE",
     &Config::public_status_global_rate, 1, 10000000,
     "N (default 600: CheckStatus calls per minute from all clients together)"},
    {"--trusted-proxies", "USULAN_TRUSTED_PROXIES", &Config::trusted_proxies_text, 0, 0,
     "ADDR,ADDR (default none: peers whose x-usulan-client-address names the CheckStatus "
     "client, e.g. usulan-web's address)"},
    {"--max-document-bytes", "USULAN_MAX_DOCUMENT_BYTES", &Config::max_document_bytes, 1024,
     1 << 30, "BYTES (default 20971520 = 20 MiB: the largest evidence document uploaded)"},
    {"--retention-days", "USULAN_RETENTION_DAYS", &Config::retention_days, 0, 36500,
     "DAYS (default 1825: settled households may be erased after this)"},
    {"--replay-window-hours", "USULAN_REPLAY_WINDOW_HOURS", &Config::replay_window_hours, 1,
     8760, "HOURS (default 168: idempotency records older than this are purged)"},
};

constexpr std::string_view kCommands[] = {"serve",     "migrate",    "load-registry",
                                          "run-cycle", "checkpoint", "backfill-nik"};
constexpr std::string_view kLevels[] = {"trace", "debug", "info", "warn", "error", "critical", "off"};

const Flag* FindFlag(std::string_view name) {
  for (const Flag& flag : kFlags) {
    if (name == flag.name) return &flag;
  }
  return nullptr;
}

// Stores `value` (from the command line or the environment) into `config`.
absl::Status Assign(const Flag& flag, const std::string& value, Config& config) {
  if (const auto* text = std::get_if<std::string Config::*>(&flag.field)) {
    config.**text = value;
    return absl::OkStatus();
  }
  if (const auto* boolean = std::get_if<bool Config::*>(&flag.field)) {
    if (value != "true" && value != "false") {
      return absl::InvalidArgumentError(base::Concat(flag.name, " must be true or false"));
    }
    config.**boolean = value == "true";
    return absl::OkStatus();
  }
  int number = 0;
  if (!absl::SimpleAtoi(value, &number) || number < flag.min || number > flag.max) {
    return absl::InvalidArgumentError(
        base::Concat(flag.name, " must be a number between ", flag.min, " and ", flag.max));
  }
  config.*std::get<int Config::*>(flag.field) = number;
  return absl::OkStatus();
}

// Exactly one key source to serve; the issuer is the OIDC issuer's or
// --token-issuer (docs/tokens.md).
absl::Status CheckTokenFlags(Config& config) {
  if (config.command != "serve") return absl::OkStatus();
  if (config.jwks_file.empty() == config.oidc_issuer.empty()) {
    return absl::InvalidArgumentError(
        "exactly one of --jwks-file (USULAN_JWKS_FILE) and --oidc-issuer (USULAN_OIDC_ISSUER) "
        "is required to serve: the identity provider's public keys (docs/tokens.md)");
  }
  if (!config.oidc_issuer.empty() && !config.token_issuer.empty() &&
      config.token_issuer != config.oidc_issuer) {
    return absl::InvalidArgumentError(
        "--token-issuer differs from --oidc-issuer: with --oidc-issuer the issuer is its URL");
  }
  if (config.role_claim.empty() || config.region_claim.empty() ||
      config.role_claim == config.region_claim) {
    return absl::InvalidArgumentError("--role-claim and --region-claim must be two names");
  }
  if (config.nik_claim.empty() || config.kk_claim.empty() || config.nik_claim == config.kk_claim ||
      config.nik_claim == config.role_claim || config.nik_claim == config.region_claim ||
      config.kk_claim == config.role_claim || config.kk_claim == config.region_claim) {
    return absl::InvalidArgumentError(
        "--nik-claim and --kk-claim must be two names other than the role and region claims");
  }
  if (config.token_audience.empty()) {
    return absl::InvalidArgumentError("--token-audience must not be empty");
  }
  return absl::OkStatus();
}

// The rules between flags and commands, once every flag has its value.
absl::Status CheckCombination(Config& config) {
  if (std::find(std::begin(kCommands), std::end(kCommands), config.command) ==
      std::end(kCommands)) {
    return absl::InvalidArgumentError(base::Concat("unknown command ", config.command));
  }
  if (std::find(std::begin(kLevels), std::end(kLevels), config.log_level) == std::end(kLevels)) {
    return absl::InvalidArgumentError("--log-level must be trace, debug, info, warn or error");
  }
  if (config.database_url.empty()) {
    return absl::InvalidArgumentError("--database-url (or USULAN_DATABASE_URL) is required");
  }
  if (absl::Status tokens = CheckTokenFlags(config); !tokens.ok()) return tokens;
  if (config.command == "checkpoint" && config.audit_key_file.empty()) {
    return absl::InvalidArgumentError("checkpoint needs --audit-key-file (or USULAN_AUDIT_KEY_FILE)");
  }
  if ((config.command == "serve" || config.command == "backfill-nik") &&
      config.nik_key_file.empty()) {
    return absl::InvalidArgumentError(
        "--nik-key-file (or USULAN_NIK_KEY_FILE) is required: the secret key of the NIK "
        "keyed hash (create one with `openssl rand -hex 32 > nik.key`; README, \"Personal data\")");
  }
  if (config.command == "serve" && config.household_key_file.empty()) {
    return absl::InvalidArgumentError(
        "--household-key-file (or USULAN_HOUSEHOLD_KEY_FILE) is required: the secret key of "
        "the household digest in the audit trail (create one with `openssl rand -hex 32 > "
        "household.key`; README, \"Household evidence\")");
  }
  if (config.command == "serve") {
    base::ServerTls tls{config.tls_cert_file, config.tls_key_file};
    tls.allow_plaintext = config.allow_plaintext;
    if (absl::Status allowed = base::CheckPlaintextAllowed(config.listen, tls); !allowed.ok()) {
      return absl::InvalidArgumentError(allowed.message());
    }
  }
  if (config.command == "load-registry" && config.arguments.size() != 1) {
    return absl::InvalidArgumentError("load-registry needs exactly one CSV file");
  }
  for (absl::string_view file :
       absl::StrSplit(config.audit_trusted_keys_text, ',', absl::SkipWhitespace())) {
    config.audit_trusted_keys.emplace_back(absl::StripAsciiWhitespace(file));
  }
  USULAN_ASSIGN_OR_RETURN(
      config.trusted_proxies,
      services::ParseTrustedProxies(config.trusted_proxies_text,
                                    "--trusted-proxies (or USULAN_TRUSTED_PROXIES)"));
  USULAN_RETURN_IF_ERROR(
      CheckNoPassword("--database-url (or USULAN_DATABASE_URL)", config.database_url));
  USULAN_RETURN_IF_ERROR(CheckNoPassword("--migrate-database-url (or USULAN_MIGRATE_DATABASE_URL)",
                                         config.migrate_database_url));
  if (config.migrate_database_url.empty()) config.migrate_database_url = config.database_url;
  return absl::OkStatus();
}

}  // namespace

std::string ConfigUsage() {
  std::string usage =
      "usage: usulan-server [serve|migrate|load-registry FILE.csv|run-cycle|checkpoint|"
      "backfill-nik] [flags]\n";
  for (const Flag& flag : kFlags) {
    usage += base::Concat("  ", flag.name, " ", flag.help, "  [", flag.env, "]\n");
  }
  usage +=
      "commands: serve (default), migrate, load-registry FILE.csv, run-cycle (one pass of\n"
      "  the cycle job now), checkpoint (make one now), backfill-nik (check the NIK key and\n"
      "  hash the NIKs of rows written before migration 0005; serve does it too)\n";
  return usage;
}

absl::StatusOr<Config> ParseConfig(const std::vector<std::string>& args,
                                   const std::function<const char*(const char*)>& environment) {
  Config config;
  for (const Flag& flag : kFlags) {
    if (const char* value = environment(flag.env)) {
      absl::Status assigned = Assign(flag, value, config);
      if (!assigned.ok()) {
        return absl::InvalidArgumentError(
            base::Concat(flag.env, ": ", assigned.message()));
      }
    }
  }
  std::vector<std::string> positional;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg.rfind("--", 0) != 0) {
      positional.push_back(arg);
      continue;
    }
    const size_t equals = arg.find('=');
    const std::string name = arg.substr(0, equals);
    const Flag* flag = FindFlag(name);
    if (flag == nullptr) return absl::InvalidArgumentError(base::Concat("unknown flag ", name));
    std::string value;
    if (equals != std::string::npos) {
      value = arg.substr(equals + 1);
    } else if (std::holds_alternative<bool Config::*>(flag->field)) {
      value = "true";  // a boolean never takes the next argument
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      return absl::InvalidArgumentError(base::Concat(name, " needs a value"));
    }
    if (absl::Status assigned = Assign(*flag, value, config); !assigned.ok()) return assigned;
  }
  if (!positional.empty()) {
    config.command = positional.front();
    config.arguments.assign(positional.begin() + 1, positional.end());
  }
  if (absl::Status checked = CheckCombination(config); !checked.ok()) return checked;
  // libpq would take it silently, and an environment is readable through /proc
  // by the same user and inherited by every child process.
  if (environment("PGPASSWORD") != nullptr) {
    return absl::InvalidArgumentError(
        "PGPASSWORD is set: the database password must not be in the environment; put it "
        "in a password file (PGPASSFILE or ~/.pgpass, mode 0600) or a libpq service file");
  }
  return config;
}

}  // namespace usulan::server
