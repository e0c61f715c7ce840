#include "services/config.h"

#include <gtest/gtest.h>

#include <map>

namespace usulan::services {
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
           {"USULAN_POOL_SIZE", "4"},
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

}  // namespace
}  // namespace usulan::services
