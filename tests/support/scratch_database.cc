#include "tests/support/scratch_database.h"

#include <unistd.h>

#include <pqxx/pqxx>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <regex>
#include <sstream>
#include <stdexcept>

namespace usulan::testing {
namespace {

[[noreturn]] void Die(const std::string& message) {
  std::fprintf(stderr, "ScratchDatabase: %s\n", message.c_str());
  std::fflush(stderr);
  std::abort();
}

std::string ReadClusterUrl() {
  const char* dir = std::getenv("USULAN_TEST_PG_DIR");
  if (dir == nullptr || *dir == '\0') {
    Die("USULAN_TEST_PG_DIR is not set. Run the tests through ctest (its `postgres` "
        "fixture starts a cluster), or start one with `deploy/local-postgres.sh start DIR` "
        "and export USULAN_TEST_PG_DIR=DIR.");
  }
  const std::string path = std::string(dir) + "/url";
  std::ifstream in(path);
  std::string url;
  if (!in || !std::getline(in, url) || url.empty()) {
    Die("no PostgreSQL URL in " + path +
        " - is the test cluster running? (deploy/local-postgres.sh start " + dir + ")");
  }
  return url;
}

std::string UniqueName() {
  static std::atomic<int> counter{0};
  std::random_device device;
  std::ostringstream name;
  name << "usulan_test_" << ::getpid() << "_" << counter.fetch_add(1) << "_" << std::hex
       << (device() & 0xffffff);
  return name.str();
}

// `url` with its database replaced by `name`. The cluster URL is a keyword=value
// string (see deploy/local-postgres.sh).
std::string WithDatabase(const std::string& url, const std::string& name) {
  static const std::regex kDbname(R"((^|\s)dbname=\S*)");
  if (std::regex_search(url, kDbname)) {
    return std::regex_replace(url, kDbname, "$1dbname=" + name);
  }
  return url + " dbname=" + name;
}

}  // namespace

ScratchDatabase::ScratchDatabase() : admin_url_(ReadClusterUrl()), name_(UniqueName()) {
  try {
    pqxx::connection admin(admin_url_);
    pqxx::nontransaction session(admin);
    session.exec0("CREATE DATABASE " + session.quote_name(name_));
  } catch (const std::exception& e) {
    Die("cannot create a test database on " + admin_url_ + ": " + e.what());
  }
  url_ = WithDatabase(admin_url_, name_);
}

ScratchDatabase::~ScratchDatabase() {
  try {
    pqxx::connection admin(admin_url_);
    pqxx::nontransaction session(admin);
    // FORCE: a test may still hold pooled connections to it.
    session.exec0("DROP DATABASE IF EXISTS " + session.quote_name(name_) + " WITH (FORCE)");
  } catch (const std::exception& e) {
    // A leftover database does no harm to other tests; say so and carry on.
    std::fprintf(stderr, "ScratchDatabase: cannot drop %s: %s\n", name_.c_str(), e.what());
  }
}

std::string ScratchDatabase::ServiceRoleUrl() const {
  // Roles belong to the whole cluster, and tests run in parallel: whoever comes
  // second finds the role there (or loses the race and is told so).
  ExecAsSuperuser(
      "DO $$ BEGIN "
      "IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'usulan_app_test') THEN "
      "CREATE ROLE usulan_app_test LOGIN IN ROLE usulan_service; END IF; "
      "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$");
  static const std::regex kUser(R"((^|\s)user=\S*)");
  if (std::regex_search(url_, kUser)) {
    return std::regex_replace(url_, kUser, "$1user=usulan_app_test");
  }
  return url_ + " user=usulan_app_test";
}

void ScratchDatabase::ExecAsSuperuser(const std::string& sql) const {
  try {
    pqxx::connection connection(url_);
    pqxx::nontransaction session(connection);
    session.exec(sql);
  } catch (const std::exception& e) {
    throw std::runtime_error("ExecAsSuperuser failed: " + std::string(e.what()));
  }
}

std::string ScratchDatabase::QueryValueAsSuperuser(const std::string& sql) const {
  try {
    pqxx::connection connection(url_);
    pqxx::nontransaction session(connection);
    const pqxx::result result = session.exec(sql);
    if (!result.empty() && result.columns() > 0) {
      return result[0][0].is_null() ? std::string() : result[0][0].as<std::string>();
    }
  } catch (const std::exception& e) {
    throw std::runtime_error("QueryValueAsSuperuser failed: " + std::string(e.what()));
  }
  throw std::runtime_error("QueryValueAsSuperuser: the query returned no value");
}

std::string SqlErrorOf(const std::string& url, const std::string& sql) {
  try {
    pqxx::connection connection(url);
    pqxx::nontransaction session(connection);
    session.exec(sql);
    return "";
  } catch (const std::exception& e) {
    return e.what();
  }
}

}  // namespace usulan::testing
