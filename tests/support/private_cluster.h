// A PostgreSQL cluster of one test's own (deploy/local-postgres.sh in a
// directory of the test's), for tests that do to PostgreSQL what must never
// happen to the cluster of the ctest `postgres` fixture that other tests share:
// freeze it (SIGSTOP of the postmaster and every backend, as a paused VM or a
// stalled disk would leave it). Not thread-safe.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

namespace usulan::testing {

class PrivateCluster {
 public:
  // Starts (initdb if needed) a cluster kept in `dir`; aborts the process with
  // the script's output when it cannot (a test without its database is no test).
  explicit PrivateCluster(const std::filesystem::path& dir);
  // Thaws and stops the cluster, whatever the test did to it, and removes the
  // directory under /tmp it lived in as root (DIR itself is the test's).
  ~PrivateCluster();
  PrivateCluster(const PrivateCluster&) = delete;
  PrivateCluster& operator=(const PrivateCluster&) = delete;

  // The directory the script keeps the cluster's url file in: what
  // $USULAN_TEST_PG_DIR names for ScratchDatabase.
  const std::filesystem::path& dir() const { return dir_; }
  // The superuser's libpq URL.
  const std::string& url() const { return url_; }

  // SIGSTOPs the postmaster and its children (a backend forked meanwhile too);
  // returns how many processes it stopped.
  size_t Freeze();
  // SIGCONTs every process Freeze stopped; harmless when none is.
  void Thaw();

 private:
  std::vector<pid_t> Processes() const;

  std::filesystem::path dir_;
  std::string url_;
  std::vector<pid_t> frozen_;
};

// The file's text without its trailing newlines and spaces ("" if unreadable).
std::string ReadTrimmedFile(const std::filesystem::path& path);

}  // namespace usulan::testing
