#include "server/config.h"

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
           {"USULAN_TOKEN_KEY_FILE", "/etc/usulan/key"},
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
  Env env{{{"USULAN_DATABASE_URL", "x"}, {"USULAN_TOKEN_KEY_FILE", "k"}}};
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
              {"USULAN_TOKEN_KEY_FILE", "k"},
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
TEST(ConfigTest, BooleanFlags) {
  Env env = ServeEnv();
  auto bare = ParseConfig({"--allow-plaintext", "serve"}, env.Lookup());
  ASSERT_TRUE(bare.ok()) << bare.status();
  EXPECT_TRUE(bare->allow_plaintext);
  EXPECT_EQ(bare->command, "serve");
  auto off = ParseConfig({"--allow-plaintext=false"}, env.Lookup());
  ASSERT_TRUE(off.ok());
  EXPECT_FALSE(off->allow_plaintext);
  EXPECT_TRUE(ParseConfig({"--allow-plaintext=true"}, env.Lookup())->allow_plaintext);
  auto bad = ParseConfig({"--allow-plaintext=yes"}, env.Lookup());
  EXPECT_NE(bad.status().message().find("--allow-plaintext must be true or false"),
            absl::string_view::npos);
  env.values["USULAN_ALLOW_PLAINTEXT"] = "true";
  EXPECT_TRUE(ParseConfig({"--listen", "0.0.0.0:1"}, env.Lookup())->allow_plaintext);
  env.values["USULAN_ALLOW_PLAINTEXT"] = "1";
  EXPECT_NE(ParseConfig({}, env.Lookup()).status().message().find("USULAN_ALLOW_PLAINTEXT"),
            absl::string_view::npos);
}

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

TEST(ConfigTest, CivilRegistryAddressAndTimeout) {
  Env env{{{"USULAN_DATABASE_URL", "x"},
           {"USULAN_TOKEN_KEY_FILE", "k"},
           {"USULAN_NIK_KEY_FILE", "n"},
           {"USULAN_HOUSEHOLD_KEY_FILE", "h"}}};
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

TEST(ConfigTest, AuditFlags) {
  Env env{{{"USULAN_DATABASE_URL", "user=usulan_app"},
           {"USULAN_TOKEN_KEY_FILE", "k"},
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
           {"USULAN_TOKEN_KEY_FILE", "k"},
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
           {"USULAN_TOKEN_KEY_FILE", "k"},
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

}  // namespace
}  // namespace usulan::server
