// usulan-server's configuration: command-line flags, each with an environment
// variable as fallback, then the default below. The flags, their variables and
// their ranges are one table in config.cc (ConfigUsage prints it).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace usulan::server {

struct Config {
  std::string command = "serve";        // serve | migrate | load-registry | run-cycle | checkpoint
  std::vector<std::string> arguments;   // positional arguments after the command
  std::string listen = "127.0.0.1:50051";
  // What callers may hold (server/limits.h; docs/limits.md).
  int max_threads = 256;
  int max_streams_per_connection = 100;
  int max_connection_idle_seconds = 300;
  int max_connection_age_seconds = 3600;
  int max_connection_age_grace_seconds = 300;
  int keepalive_time_seconds = 120;
  int keepalive_timeout_seconds = 20;
  int min_client_ping_interval_seconds = 60;
  int handshake_timeout_seconds = 10;
  int max_long_reads = 4;
  int max_document_bytes = 20 << 20;  // DocumentService (docs/documents.md)
  bool reflection = true;  // server reflection; health checking is always on
  // TLS of the listening port (docs/tls.md); plaintext only on loopback unless
  // allow_plaintext.
  std::string tls_cert_file;
  std::string tls_key_file;
  std::string tls_client_ca_file;
  bool allow_plaintext = false;
  std::string database_url;
  int pool_size = 8;
  // Bearer tokens (docs/tokens.md): exactly one key source to serve, the
  // identity provider's JWKS file or its OpenID Connect issuer URL.
  std::string jwks_file;
  std::string oidc_issuer;
  std::string token_issuer;  // with --jwks-file; "" = usulan-dev-issuer
  std::string token_audience = "usulan";
  int token_leeway_seconds = 30;
  int token_max_lifetime_seconds = 3600;
  std::string role_claim = "usulan_role";
  std::string region_claim = "usulan_region";
  std::string nik_claim = "usulan_nik";  // a citizen's NIK (docs/citizens.md)
  std::string kk_claim = "usulan_kk";    // a citizen's KK number
  std::string dev_hs256_key_file;  // development only: HS256 tokens with this secret
  // Database limits (docs/limits.md, "Database and deadlines").
  int db_statement_timeout_ms = 5000;
  int db_lock_timeout_ms = 2000;
  int db_idle_in_transaction_timeout_ms = 10000;
  int db_connect_timeout_seconds = 5;
  int db_transaction_timeout_ms = 60000;
  int db_pool_wait_ms = 2000;
  int shutdown_grace_ms = 10000;
  std::string log_level = "info";
  int cutoff_day = 20;             // day of the month that closes a cycle (1..28, WIB)
  int cycle_interval_seconds = 300;  // how often the cycle job runs; 0 = never (serve)
  std::string registry_address;   // host:port of the civil registry; "" = the table
  int registry_timeout_ms = 2000;  // deadline of one civil-registry call
  // TLS to the civil registry, with this server's client certificate (mTLS).
  std::string registry_ca_file;
  std::string registry_cert_file;
  std::string registry_key_file;
  // BPS's welfare ranking (docs/central-sources.md): host:port, "" = none (calls
  // answer FAILED_PRECONDITION); TLS and deadline as for the civil registry.
  std::string bps_address;
  int bps_timeout_ms = 2000;
  std::string bps_ca_file;
  std::string bps_cert_file;
  std::string bps_key_file;
  // Migrations run as the role that owns the tables; the service connects as one
  // that may only read and append to the audit trail (README, "Database roles").
  // Empty: the same URL as the service (single-role development setups).
  std::string migrate_database_url;
  std::string audit_key_file;               // Ed25519 private key (PEM)
  std::string audit_trusted_keys_text;      // as given: comma-separated PEM files
  std::vector<std::string> audit_trusted_keys;  // further public keys, split
  int checkpoint_interval_seconds = 600;
  // Group commit of single transitions (app/group_commit.h).
  int group_commit_window_us = 500;
  int group_commit_writers = 2;
  int group_commit_max_queue = 4096;
  int group_commit_max_wait_ms = 2000;
  // Personal data (README, "Personal data"): the secret of the NIK keyed hash, how
  // long a settled proposal's household is kept before it may be erased, and how
  // long idempotency records (answers that may hold a household) are kept.
  std::string nik_key_file;
  // The secret of the household digest recorded as audit evidence
  // (services/digest.h; README "Household evidence").
  std::string household_key_file;
  int retention_days = 1825;
  int lookup_rate_per_minute = 30;  // LookupNik per caller (token bucket)
  int citizen_filing_rate_per_minute = 10;  // citizens' filings per subject (token bucket)
  // CheckStatus per client address (rate per minute, burst) and in total
  // (services/public_status_service.h).
  int public_status_rate = 10;
  int public_status_burst = 5;
  int public_status_global_rate = 600;
  // Peers trusted to name the client of a public status check in
  // x-usulan-client-address (usulan-web; services/peer_key.h).
  std::string trusted_proxies_text;       // as given: comma-separated addresses
  std::vector<std::string> trusted_proxies;  // canonical
  int replay_window_hours = 168;
};

// INVALID_ARGUMENT naming the flag for unknown flags or bad values. `environment`
// looks a variable up (getenv in production; a map in tests).
absl::StatusOr<Config> ParseConfig(const std::vector<std::string>& args,
                                   const std::function<const char*(const char*)>& environment);

std::string ConfigUsage();

}  // namespace usulan::server
