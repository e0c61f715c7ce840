// A fresh, migrated-or-empty PostgreSQL database for one test, on the throwaway
// cluster that the ctest `postgres` fixture started (its URL is in
// $USULAN_TEST_PG_DIR/url). Fails the test loudly — never skips — when the
// cluster is not there.
#pragma once

#include <string>

namespace usulan::testing {

class ScratchDatabase {
 public:
  // Creates a database with a unique name; aborts the process with a clear message
  // if the cluster cannot be reached.
  ScratchDatabase();
  // Drops the database.
  ~ScratchDatabase();
  ScratchDatabase(const ScratchDatabase&) = delete;
  ScratchDatabase& operator=(const ScratchDatabase&) = delete;

  // libpq connection string for the new database.
  const std::string& url() const { return url_; }

  // libpq connection string for this database as the login role usulan_app_test,
  // a member of usulan_service: the rights usulan-server has in production (read
  // and append to the audit trail, nothing more there). The role is created on
  // first use; call it after migrating (which creates usulan_service).
  std::string ServiceRoleUrl() const;

  // Runs SQL as the cluster superuser on this database (for tests that inspect or
  // tamper with rows directly). Throws std::runtime_error if it fails.
  void ExecAsSuperuser(const std::string& sql) const;

  // Like ExecAsSuperuser, returning the first column of the first row as text
  // ("" for NULL). Throws std::runtime_error if it fails or returns no row.
  std::string QueryValueAsSuperuser(const std::string& sql) const;

 private:
  std::string admin_url_;
  std::string name_;
  std::string url_;
};

// The message of the error `sql` raises on a connection to `url`, "" when it
// succeeds. Multi-statement text runs as one simple query, so "BEGIN; ...;
// COMMIT" reports the commit's error too. (libpqxx 6 leaves the SQLSTATE empty
// for statements run this way, so callers compare the message.)
std::string SqlErrorOf(const std::string& url, const std::string& sql);

}  // namespace usulan::testing
