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
  // TLS of the listening port (docs/tls.md); plaintext only on loopback unless
  // allow_plaintext.
  std::string tls_cert_file;
  std::string tls_key_file;
  std::string tls_client_ca_file;
  bool allow_plaintext = false;
  std::string database_url;
  int pool_size = 8;
  std::string token_key_file;
  std::string log_level = "info";
  int cutoff_day = 20;             // day of the month that closes a cycle (1..28, WIB)
  int cycle_interval_seconds = 300;  // how often the cycle job runs; 0 = never (serve)
  std::string registry_address;   // host:port of the civil registry; "" = the table
  int registry_timeout_ms = 2000;  // deadline of one civil-registry call
  // TLS to the civil registry, with this server's client certificate (mTLS).
  std::string registry_ca_file;
  std::string registry_cert_file;
  std::string registry_key_file;
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
  // Personal data (README, "Personal data"): the secret of the NIK keyed hash, how
  // long a settled proposal's household is kept before it may be erased, and how
  // long idempotency records (answers that may hold a household) are kept.
  std::string nik_key_file;
  // The secret of the household digest recorded as audit evidence
  // (services/digest.h; README "Household evidence").
  std::string household_key_file;
  int retention_days = 1825;
  int replay_window_hours = 168;
};

// INVALID_ARGUMENT naming the flag for unknown flags or bad values. `environment`
// looks a variable up (getenv in production; a map in tests).
absl::StatusOr<Config> ParseConfig(const std::vector<std::string>& args,
                                   const std::function<const char*(const char*)>& environment);

std::string ConfigUsage();

}  // namespace usulan::server
