#include "server/config.h"
#include "server/database_url.h"

#include <gtest/gtest.h>

#include <map>

namespace usulan::server {
namespace {

struct Env {
  std::map<std::string, std::string> values;
  std::function<const char*(const char*)> Lookup() const {
    return [this](const char* name) -> const char* {
      auto found = values.find(name);
      return found == values.end() ? nullptr : found->second.c_str();
    };
  }
};

TEST(ConfigTest, FlagsOverrideEnvironmentWhichOverridesDefaults) {
  Env env{{{"USULAN_DATABASE_URL", "host=/tmp dbname=u"},
           {"USULAN_JWKS_FILE", "/etc/usulan/jwks.json"},
           {"USULAN_NIK_KEY_FILE", "/etc/usulan/nik.key"},
           {"USULAN_HOUSEHOLD_KEY_FILE", "/etc/usulan/household.key"},
           {"USULAN_POOL_SIZE", "4"},
           {"USULAN_TLS_CERT_FILE", "/etc/usulan/tls.crt"},
           {"USULAN_TLS_KEY_FILE", "/etc/usulan/tls.key"},
           {"USULAN_LISTEN", "0.0.0.0:6000"}}};
  auto config = ParseConfig({"--pool-size", "16", "--log-level=debug"}, env.Lookup());
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->command, "serve");
  EXPECT_EQ(config->pool_size, 16);
  EXPECT_EQ(config->listen, "0.0.0.0:6000");
  EXPECT_EQ(config->log_level, "debug");
  EXPECT_EQ(config->database_url, "host=/tmp dbname=u");
}

TEST(ConfigTest, RefusesBadInputNamingTheFlag) {
  Env env{{{"USULAN_DATABASE_URL", "x"}, {"USULAN_JWKS_FILE", "k"}}};
  auto unknown = ParseConfig({"--colour", "red"}, env.Lookup());
  EXPECT_NE(unknown.status().message().find("--colour"), absl::string_view::npos);
  auto pool = ParseConfig({"--pool-size", "zero"}, env.Lookup());
  EXPECT_NE(pool.status().message().find("--pool-size"), absl::string_view::npos);
  auto level = ParseConfig({"--log-level", "loud"}, env.Lookup());
  EXPECT_NE(level.status().message().find("--log-level"), absl::string_view::npos);
  Env empty;
  auto missing = ParseConfig({}, empty.Lookup());
  EXPECT_NE(missing.status().message().find("--database-url"), absl::string_view::npos);
}

Env ServeEnv() {
  return Env{{{"USULAN_DATABASE_URL", "x"},
              {"USULAN_JWKS_FILE", "k"},
              {"USULAN_NIK_KEY_FILE", "n"},
              {"USULAN_HOUSEHOLD_KEY_FILE", "h"}}};
}

TEST(ConfigTest, TlsAndRegistryTlsFiles) {
  Env env = ServeEnv();
  env.values["USULAN_REGISTRY_CERT_FILE"] = "/etc/usulan/registry-client.crt";
  auto config = ParseConfig({"--listen", "0.0.0.0:443", "--tls-cert-file", "s.crt",
                             "--tls-key-file=s.key", "--tls-client-ca-file", "clients.crt",
                             "--registry-ca-file", "dukcapil-ca.crt", "--registry-key-file",
                             "registry-client.key"},
                            env.Lookup());
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->tls_cert_file, "s.crt");
  EXPECT_EQ(config->tls_key_file, "s.key");
  EXPECT_EQ(config->tls_client_ca_file, "clients.crt");
  EXPECT_FALSE(config->allow_plaintext);
  EXPECT_EQ(config->registry_ca_file, "dukcapil-ca.crt");
  EXPECT_EQ(config->registry_cert_file, "/etc/usulan/registry-client.crt");
  EXPECT_EQ(config->registry_key_file, "registry-client.key");
}

// Plaintext only on loopback: anywhere else it takes TLS or --allow-plaintext.
TEST(ConfigTest, PlaintextOnANonLoopbackAddressIsRefusedNamingTheFlags) {
  Env env = ServeEnv();
  auto refused = ParseConfig({"--listen", "0.0.0.0:50051"}, env.Lookup());
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  for (const char* named : {"0.0.0.0:50051", "--tls-cert-file", "--tls-key-file",
                            "--allow-plaintext"}) {
    EXPECT_NE(refused.status().message().find(named), absl::string_view::npos)
        << named << " in " << refused.status().message();
  }
  EXPECT_TRUE(ParseConfig({"--listen", "127.0.0.1:50051"}, env.Lookup()).ok());
  EXPECT_TRUE(ParseConfig({"--listen", "[::1]:50051"}, env.Lookup()).ok());
  EXPECT_TRUE(ParseConfig({"--listen", "0.0.0.0:50051", "--allow-plaintext"}, env.Lookup()).ok());
  // Other commands do not listen.
  EXPECT_TRUE(ParseConfig({"migrate", "--listen", "0.0.0.0:50051"}, env.Lookup()).ok());
}

// A boolean flag: `--flag`, `--flag=true|false`, or its variable; it never takes
// the next argument as its value.
TEST(ConfigTest, MigrateNeedsNoKeyAndLoadRegistryNeedsAFile) {
  Env env{{{"USULAN_DATABASE_URL", "x"}}};
  auto migrate = ParseConfig({"migrate"}, env.Lookup());
  ASSERT_TRUE(migrate.ok());
  EXPECT_EQ(migrate->command, "migrate");
  EXPECT_FALSE(ParseConfig({"load-registry"}, env.Lookup()).ok());
  auto load = ParseConfig({"load-registry", "people.csv"}, env.Lookup());
  ASSERT_TRUE(load.ok());
  EXPECT_EQ(load->arguments, std::vector<std::string>{"people.csv"});
}

TEST(ConfigTest, LimitFlagsHaveDefaultsAndBounds) {
  Env env{{{"USULAN_DATABASE_URL", "x"}, {"USULAN_MAX_LONG_READS", "2"}}};
  auto defaults = ParseConfig({"migrate"}, Env{{{"USULAN_DATABASE_URL", "x"}}}.Lookup());
  ASSERT_TRUE(defaults.ok()) << defaults.status();
  EXPECT_EQ(defaults->max_threads, 256);
  EXPECT_EQ(defaults->max_streams_per_connection, 100);
  EXPECT_EQ(defaults->max_connection_idle_seconds, 300);
  EXPECT_EQ(defaults->max_connection_age_seconds, 3600);
  EXPECT_EQ(defaults->max_connection_age_grace_seconds, 300);
  EXPECT_EQ(defaults->handshake_timeout_seconds, 10);
  EXPECT_EQ(defaults->max_long_reads, 4);
  auto set = ParseConfig({"migrate", "--max-threads", "32", "--max-connection-idle=60",
                          "--keepalive-time", "30", "--min-client-ping-interval", "10"},
                         env.Lookup());
  ASSERT_TRUE(set.ok()) << set.status();
  EXPECT_EQ(set->max_threads, 32);
  EXPECT_EQ(set->max_connection_idle_seconds, 60);
  EXPECT_EQ(set->keepalive_time_seconds, 30);
  EXPECT_EQ(set->min_client_ping_interval_seconds, 10);
  EXPECT_EQ(set->max_long_reads, 2);
  // One thread must stay free to poll (and refuse), so at least two.
  auto one_thread = ParseConfig({"migrate", "--max-threads", "1"}, env.Lookup());
  EXPECT_NE(one_thread.status().message().find("--max-threads"), absl::string_view::npos);
  auto no_reads = ParseConfig({"migrate", "--max-long-reads", "0"}, env.Lookup());
  EXPECT_NE(no_reads.status().message().find("--max-long-reads"), absl::string_view::npos);
}

TEST(ConfigTest, CivilRegistryAddressAndTimeout) {
  Env env = ServeEnv();
  auto defaults = ParseConfig({}, env.Lookup());
  ASSERT_TRUE(defaults.ok()) << defaults.status();
  EXPECT_EQ(defaults->registry_address, "");  // the registry_people table
  EXPECT_EQ(defaults->registry_timeout_ms, 2000);

  env.values["USULAN_REGISTRY_ADDRESS"] = "dukcapil.internal:443";
  env.values["USULAN_REGISTRY_TIMEOUT_MS"] = "750";
  auto from_env = ParseConfig({}, env.Lookup());
  ASSERT_TRUE(from_env.ok()) << from_env.status();
  EXPECT_EQ(from_env->registry_address, "dukcapil.internal:443");
  EXPECT_EQ(from_env->registry_timeout_ms, 750);

  auto flags = ParseConfig({"--registry-address", "127.0.0.1:7000", "--registry-timeout-ms=100"},
                           env.Lookup());
  ASSERT_TRUE(flags.ok()) << flags.status();
  EXPECT_EQ(flags->registry_address, "127.0.0.1:7000");
  EXPECT_EQ(flags->registry_timeout_ms, 100);

  for (const char* bad : {"0", "-5", "60001", "soon"}) {
    auto refused = ParseConfig({"--registry-timeout-ms", bad}, env.Lookup());
    EXPECT_NE(refused.status().message().find("--registry-timeout-ms"), absl::string_view::npos)
        << bad;
  }
}

TEST(ConfigTest, WelfareRankingSourceIsOptionalAndConfiguredLikeTheRegistry) {
  Env env = ServeEnv();
  auto defaults = ParseConfig({}, env.Lookup());
  ASSERT_TRUE(defaults.ok()) << defaults.status();
  EXPECT_EQ(defaults->bps_address, "");  // not configured
  EXPECT_EQ(defaults->bps_timeout_ms, 2000);

  env.values["USULAN_BPS_ADDRESS"] = "ranking.bps.internal:443";
  env.values["USULAN_BPS_CA_FILE"] = "/etc/usulan/bps-ca.crt";
  auto flags = ParseConfig({"--bps-timeout-ms", "900", "--bps-cert-file", "bps-client.crt",
                            "--bps-key-file=bps-client.key"},
                           env.Lookup());
  ASSERT_TRUE(flags.ok()) << flags.status();
  EXPECT_EQ(flags->bps_address, "ranking.bps.internal:443");
  EXPECT_EQ(flags->bps_ca_file, "/etc/usulan/bps-ca.crt");
  EXPECT_EQ(flags->bps_cert_file, "bps-client.crt");
  EXPECT_EQ(flags->bps_key_file, "bps-client.key");
  EXPECT_EQ(flags->bps_timeout_ms, 900);
  auto refused = ParseConfig({"--bps-timeout-ms", "0"}, env.Lookup());
  EXPECT_NE(refused.status().message().find("--bps-timeout-ms"), absl::string_view::npos);
}

TEST(ConfigTest, DatabaseLimitFlags) {
  Env env{{{"USULAN_DATABASE_URL", "x"},
           {"USULAN_JWKS_FILE", "k"},
           {"USULAN_NIK_KEY_FILE", "n"},
           {"USULAN_HOUSEHOLD_KEY_FILE", "h"},
           {"USULAN_DB_LOCK_TIMEOUT_MS", "750"}}};
  auto defaults = ParseConfig({}, env.Lookup());
  ASSERT_TRUE(defaults.ok()) << defaults.status();
  EXPECT_EQ(defaults->db_statement_timeout_ms, 5000);
  EXPECT_EQ(defaults->db_lock_timeout_ms, 750);  // from the environment
  EXPECT_EQ(defaults->db_idle_in_transaction_timeout_ms, 10000);
  EXPECT_EQ(defaults->db_connect_timeout_seconds, 5);
  EXPECT_EQ(defaults->db_transaction_timeout_ms, 60000);
  EXPECT_EQ(defaults->db_pool_wait_ms, 2000);
  EXPECT_EQ(defaults->group_commit_max_queue, 4096);
  EXPECT_EQ(defaults->group_commit_max_wait_ms, 2000);
  EXPECT_EQ(defaults->shutdown_grace_ms, 10000);

  auto flags = ParseConfig({"--db-statement-timeout-ms=0", "--db-pool-wait-ms", "100",
                            "--group-commit-max-queue", "8", "--shutdown-grace-ms", "3000"},
                           env.Lookup());
  ASSERT_TRUE(flags.ok()) << flags.status();
  EXPECT_EQ(flags->db_statement_timeout_ms, 0);
  EXPECT_EQ(flags->db_pool_wait_ms, 100);
  EXPECT_EQ(flags->group_commit_max_queue, 8);
  EXPECT_EQ(flags->shutdown_grace_ms, 3000);

  for (const char* bad : {"--group-commit-max-queue=0", "--db-transaction-timeout-ms=10",
                          "--db-connect-timeout-seconds=-1"}) {
    auto refused = ParseConfig({bad}, env.Lookup());
    const std::string flag(std::string_view(bad).substr(0, std::string_view(bad).find('=')));
    EXPECT_NE(refused.status().message().find(flag), absl::string_view::npos) << bad;
  }
}

TEST(ConfigTest, AuditFlags) {
  Env env{{{"USULAN_DATABASE_URL", "user=usulan_app"},
           {"USULAN_JWKS_FILE", "k"},
           {"USULAN_NIK_KEY_FILE", "n"},
           {"USULAN_HOUSEHOLD_KEY_FILE", "h"}}};
  auto defaults = ParseConfig({}, env.Lookup());
  ASSERT_TRUE(defaults.ok()) << defaults.status();
  // One role for everything unless told otherwise.
  EXPECT_EQ(defaults->migrate_database_url, "user=usulan_app");
  EXPECT_EQ(defaults->audit_key_file, "");
  EXPECT_EQ(defaults->checkpoint_interval_seconds, 600);
  EXPECT_TRUE(defaults->audit_trusted_keys.empty());

  env.values["USULAN_MIGRATE_DATABASE_URL"] = "user=usulan_owner";
  env.values["USULAN_AUDIT_TRUSTED_KEYS"] = "old.pub, older.pub";
  auto set = ParseConfig({"--audit-key-file", "audit.key", "--checkpoint-interval=0"},
                         env.Lookup());
  ASSERT_TRUE(set.ok()) << set.status();
  EXPECT_EQ(set->migrate_database_url, "user=usulan_owner");
  EXPECT_EQ(set->audit_key_file, "audit.key");
  EXPECT_EQ(set->checkpoint_interval_seconds, 0);
  EXPECT_EQ(set->audit_trusted_keys, (std::vector<std::string>{"old.pub", "older.pub"}));

  auto bad = ParseConfig({"--checkpoint-interval", "-1"}, env.Lookup());
  EXPECT_NE(bad.status().message().find("--checkpoint-interval"), absl::string_view::npos);
  auto keyless = ParseConfig({"checkpoint"}, env.Lookup());
  EXPECT_NE(keyless.status().message().find("--audit-key-file"), absl::string_view::npos);
  auto checkpoint = ParseConfig({"checkpoint", "--audit-key-file", "audit.key"}, env.Lookup());
  ASSERT_TRUE(checkpoint.ok()) << checkpoint.status();
  EXPECT_EQ(checkpoint->command, "checkpoint");
}

TEST(ConfigTest, PersonalDataFlags) {
  Env env{{{"USULAN_DATABASE_URL", "x"},
           {"USULAN_JWKS_FILE", "k"},
           {"USULAN_HOUSEHOLD_KEY_FILE", "h"}}};
  // Serving (and back-filling) needs the NIK key; other commands do not.
  auto keyless = ParseConfig({}, env.Lookup());
  EXPECT_NE(keyless.status().message().find("--nik-key-file"), absl::string_view::npos);
  EXPECT_NE(ParseConfig({"backfill-nik"}, env.Lookup()).status().message().find("--nik-key-file"),
            absl::string_view::npos);
  EXPECT_TRUE(ParseConfig({"run-cycle"}, env.Lookup()).ok());

  env.values["USULAN_NIK_KEY_FILE"] = "nik.key";
  auto defaults = ParseConfig({}, env.Lookup());
  ASSERT_TRUE(defaults.ok()) << defaults.status();
  EXPECT_EQ(defaults->nik_key_file, "nik.key");
  EXPECT_EQ(defaults->retention_days, 1825);
  EXPECT_EQ(defaults->replay_window_hours, 168);

  env.values["USULAN_RETENTION_DAYS"] = "3650";
  auto set = ParseConfig({"--nik-key-file", "other.key", "--replay-window-hours=24"}, env.Lookup());
  ASSERT_TRUE(set.ok()) << set.status();
  EXPECT_EQ(set->nik_key_file, "other.key");
  EXPECT_EQ(set->retention_days, 3650);
  EXPECT_EQ(set->replay_window_hours, 24);
  EXPECT_EQ(ParseConfig({"--retention-days", "0"}, env.Lookup())->retention_days, 0);

  for (const char* bad : {"-1", "36501", "long"}) {
    EXPECT_NE(ParseConfig({"--retention-days", bad}, env.Lookup())
                  .status()
                  .message()
                  .find("--retention-days"),
              absl::string_view::npos)
        << bad;
  }
  for (const char* bad : {"0", "8761", "x"}) {
    EXPECT_NE(ParseConfig({"--replay-window-hours", bad}, env.Lookup())
                  .status()
                  .message()
                  .find("--replay-window-hours"),
              absl::string_view::npos)
        << bad;
  }
  auto backfill = ParseConfig({"backfill-nik"}, env.Lookup());
  ASSERT_TRUE(backfill.ok()) << backfill.status();
  EXPECT_EQ(backfill->command, "backfill-nik");
}

// The household digest's key (issue 11): required to serve, from the flag or
// the environment; other commands do not compute household digests.
TEST(ConfigTest, HouseholdKeyFlag) {
  Env env{{{"USULAN_DATABASE_URL", "x"},
           {"USULAN_JWKS_FILE", "k"},
           {"USULAN_NIK_KEY_FILE", "n"}}};
  auto keyless = ParseConfig({}, env.Lookup());
  ASSERT_FALSE(keyless.ok());
  EXPECT_NE(keyless.status().message().find("--household-key-file"), absl::string_view::npos);
  EXPECT_TRUE(ParseConfig({"run-cycle"}, env.Lookup()).ok());
  EXPECT_TRUE(ParseConfig({"backfill-nik"}, env.Lookup()).ok());
  auto flagged = ParseConfig({"--household-key-file", "household.key"}, env.Lookup());
  ASSERT_TRUE(flagged.ok()) << flagged.status();
  EXPECT_EQ(flagged->household_key_file, "household.key");
  env.values["USULAN_HOUSEHOLD_KEY_FILE"] = "from-env.key";
  EXPECT_EQ(ParseConfig({}, env.Lookup())->household_key_file, "from-env.key");
}

TEST(ConfigTest, BooleanFlagsStandAloneOrTakeTrueOrFalse) {
  Env env = ServeEnv();
  EXPECT_TRUE(ParseConfig({}, env.Lookup())->reflection);
  EXPECT_FALSE(ParseConfig({"--reflection=false"}, env.Lookup())->reflection);
  EXPECT_TRUE(ParseConfig({"--reflection=true"}, env.Lookup())->reflection);
  // Alone it means true and never takes the next argument (here the command).
  auto alone = ParseConfig({"--reflection", "migrate"}, env.Lookup());
  ASSERT_TRUE(alone.ok()) << alone.status();
  EXPECT_TRUE(alone->reflection);
  EXPECT_EQ(alone->command, "migrate");
  auto bad = ParseConfig({"--reflection=no"}, env.Lookup());
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("--reflection must be true or false"),
            absl::string_view::npos);
  Env off = env;
  off.values["USULAN_REFLECTION"] = "false";
  EXPECT_FALSE(ParseConfig({}, off.Lookup())->reflection);
  EXPECT_TRUE(ParseConfig({"--reflection"}, off.Lookup())->reflection);  // the flag wins
  off.values["USULAN_REFLECTION"] = "0";
  EXPECT_NE(ParseConfig({}, off.Lookup()).status().message().find("USULAN_REFLECTION"),
            absl::string_view::npos);
}

TEST(ConfigTest, MaxDocumentBytes) {
  Env env = ServeEnv();
  EXPECT_EQ(ParseConfig({}, env.Lookup())->max_document_bytes, 20 << 20);
  EXPECT_EQ(ParseConfig({"--max-document-bytes=1048576"}, env.Lookup())->max_document_bytes,
            1 << 20);
  env.values["USULAN_MAX_DOCUMENT_BYTES"] = "2048";
  EXPECT_EQ(ParseConfig({}, env.Lookup())->max_document_bytes, 2048);
  for (const char* bad : {"0", "1023", "2147483648", "big"}) {
    auto refused = ParseConfig({"--max-document-bytes", bad}, env.Lookup());
    EXPECT_NE(refused.status().message().find("--max-document-bytes"), absl::string_view::npos)
        << bad;
  }
}

TEST(ConfigTest, LookupRatePerMinute) {
  Env env = ServeEnv();
  EXPECT_EQ(ParseConfig({}, env.Lookup())->lookup_rate_per_minute, 30);
  EXPECT_EQ(ParseConfig({"--lookup-rate-per-minute", "5"}, env.Lookup())->lookup_rate_per_minute,
            5);
  for (const char* bad : {"0", "-1", "many"}) {
    auto refused = ParseConfig({"--lookup-rate-per-minute", bad}, env.Lookup());
    EXPECT_NE(refused.status().message().find("--lookup-rate-per-minute"),
              absl::string_view::npos)
        << bad;
  }
}

TEST(ConfigTest, CitizenFilingRatePerMinute) {
  Env env = ServeEnv();
  EXPECT_EQ(ParseConfig({}, env.Lookup())->citizen_filing_rate_per_minute, 10);
  EXPECT_EQ(ParseConfig({"--citizen-filing-rate-per-minute", "3"}, env.Lookup())
                ->citizen_filing_rate_per_minute,
            3);
  for (const char* bad : {"0", "10001", "many"}) {
    auto refused = ParseConfig({"--citizen-filing-rate-per-minute", bad}, env.Lookup());
    EXPECT_NE(refused.status().message().find("--citizen-filing-rate-per-minute"),
              absl::string_view::npos)
        << bad;
  }
}

TEST(ConfigTest, PublicStatusLimits) {
  Env env = ServeEnv();
  auto defaults = ParseConfig({}, env.Lookup());
  ASSERT_TRUE(defaults.ok()) << defaults.status();
  EXPECT_EQ(defaults->public_status_rate, 10);
  EXPECT_EQ(defaults->public_status_burst, 5);
  EXPECT_EQ(defaults->public_status_global_rate, 600);
  auto set = ParseConfig({"--public-status-rate", "20", "--public-status-burst", "2",
                          "--public-status-global-rate", "6000"},
                         env.Lookup());
  ASSERT_TRUE(set.ok()) << set.status();
  EXPECT_EQ(set->public_status_rate, 20);
  EXPECT_EQ(set->public_status_burst, 2);
  EXPECT_EQ(set->public_status_global_rate, 6000);
  for (const char* flag :
       {"--public-status-rate", "--public-status-burst", "--public-status-global-rate"}) {
    auto refused = ParseConfig({flag, "0"}, env.Lookup());
    EXPECT_NE(refused.status().message().find(flag), absl::string_view::npos) << flag;
  }
}

TEST(ConfigTest, TrustedProxies) {
  Env env = ServeEnv();
  auto defaults = ParseConfig({}, env.Lookup());
  ASSERT_TRUE(defaults.ok()) << defaults.status();
  EXPECT_TRUE(defaults->trusted_proxies.empty());
  auto set = ParseConfig({"--trusted-proxies", "127.0.0.1, ::FFFF:10.0.0.5,2001:db8::0:7"},
                         env.Lookup());
  ASSERT_TRUE(set.ok()) << set.status();
  EXPECT_EQ(set->trusted_proxies,
            (std::vector<std::string>{"127.0.0.1", "10.0.0.5", "2001:db8::7"}));
  auto refused = ParseConfig({"--trusted-proxies", "127.0.0.1,10.0.0.0/8"}, env.Lookup());
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(refused.status().message().find("--trusted-proxies"), absl::string_view::npos)
      << refused.status();
  EXPECT_NE(refused.status().message().find("'10.0.0.0/8'"), absl::string_view::npos);
}

TEST(ConfigTest, DatabasePasswordNeverOnTheCommandLineOrInTheEnvironment) {
  Env env{{{"USULAN_JWKS_FILE", "k"}, {"USULAN_NIK_KEY_FILE", "n"},
           {"USULAN_HOUSEHOLD_KEY_FILE", "h"}}};
  const std::string with_password[] = {
      "postgresql://usulan_app:s3cret@db/usulan",
      "postgres://usulan_app:@db/usulan",
      "postgresql://usulan_app@db/usulan?sslmode=require&password=s3cret",
      "postgresql://db/usulan?password=s3cret",
      "host=db dbname=usulan user=usulan_app password=s3cret",
      "password = s3cret host=db",
  };
  for (const std::string& url : with_password) {
    EXPECT_TRUE(CarriesPassword(url)) << url;
    auto flag = ParseConfig({"--database-url", url}, env.Lookup());
    ASSERT_FALSE(flag.ok()) << url;
    EXPECT_EQ(flag.status().code(), absl::StatusCode::kInvalidArgument);
    const std::string message(flag.status().message());
    EXPECT_NE(message.find("--database-url"), std::string::npos) << message;
    EXPECT_NE(message.find("PGPASSFILE"), std::string::npos) << message;
    EXPECT_NE(message.find("~/.pgpass"), std::string::npos) << message;
    EXPECT_NE(message.find("service="), std::string::npos) << message;
    EXPECT_EQ(message.find("s3cret"), std::string::npos) << message;
    auto migrate = ParseConfig({"--database-url", "service=usulan", "--migrate-database-url", url},
                               env.Lookup());
    EXPECT_NE(migrate.status().message().find("--migrate-database-url"), absl::string_view::npos)
        << url;
    Env from_env = env;
    from_env.values["USULAN_DATABASE_URL"] = url;
    EXPECT_NE(ParseConfig({}, from_env.Lookup()).status().message().find("USULAN_DATABASE_URL"),
              absl::string_view::npos)
        << url;
  }
  const std::string without[] = {
      "postgresql://usulan_app@db/usulan",
      "postgresql://db:5432/usulan?sslmode=verify-full",
      "postgresql://usulan_app@[::1]:5432/usulan",
      "service=usulan",
      "host=/run/postgresql dbname=usulan user=usulan_app passfile=/etc/usulan/pgpass",
  };
  for (const std::string& url : without) {
    EXPECT_FALSE(CarriesPassword(url)) << url;
    EXPECT_TRUE(ParseConfig({"--database-url", url}, env.Lookup()).ok()) << url;
  }
  Env with_pgpassword = ServeEnv();
  with_pgpassword.values["PGPASSWORD"] = "s3cret";
  auto refused = ParseConfig({}, with_pgpassword.Lookup());
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(refused.status().message().find("PGPASSWORD"), std::string::npos);
  EXPECT_EQ(refused.status().message().find("s3cret"), std::string::npos);
}

}  // namespace
}  // namespace usulan::server

namespace usulan::server {
namespace {

// Tokens (docs/tokens.md): exactly one key source to serve, and the issuer is
// the OIDC issuer's URL when there is one.
TEST(ConfigTest, ExactlyOneTokenKeySourceToServe) {
  Env env{{{"USULAN_DATABASE_URL", "x"},
           {"USULAN_NIK_KEY_FILE", "n"},
           {"USULAN_HOUSEHOLD_KEY_FILE", "h"}}};
  auto none = ParseConfig({}, env.Lookup());
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.status().message().find("--jwks-file"), absl::string_view::npos);
  EXPECT_FALSE(
      ParseConfig({"--jwks-file", "j", "--oidc-issuer", "https://sso.example"}, env.Lookup()).ok());
  auto file = ParseConfig({"--jwks-file", "j"}, env.Lookup());
  ASSERT_TRUE(file.ok()) << file.status();
  EXPECT_EQ(file->token_audience, "usulan");
  EXPECT_EQ(file->token_leeway_seconds, 30);
  EXPECT_EQ(file->token_max_lifetime_seconds, 3600);
  EXPECT_EQ(file->role_claim, "usulan_role");
  EXPECT_EQ(file->region_claim, "usulan_region");
  EXPECT_TRUE(ParseConfig({"--oidc-issuer", "https://sso.example"}, env.Lookup()).ok());
  EXPECT_FALSE(ParseConfig({"--oidc-issuer", "https://sso.example", "--token-issuer", "other"},
                           env.Lookup())
                   .ok());
  EXPECT_FALSE(
      ParseConfig({"--jwks-file", "j", "--token-leeway-seconds", "3600"}, env.Lookup()).ok());
  EXPECT_FALSE(
      ParseConfig({"--jwks-file", "j", "--role-claim", "r", "--region-claim", "r"}, env.Lookup())
          .ok());
  // Commands other than serve need no key source.
  EXPECT_TRUE(ParseConfig({"migrate"}, env.Lookup()).ok());
}

}  // namespace
}  // namespace usulan::server
