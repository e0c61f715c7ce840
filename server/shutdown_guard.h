// Keeps a shutdown within its grace whatever the database does. Started when
// SIGTERM arrives, with the moment the grace ends:
//  - shortly before it (a quarter of the grace, at most one second), the database
//    is interrupted (storage::Database::Interrupt): every running transaction's
//    connection is cut and none starts or commits any more, so calls stuck on a
//    stalled database return (nothing of theirs commits later; one whose COMMIT
//    was already sent answers "outcome unknown") and gRPC's drain can finish;
//  - one second after it, if the process has still not finished, it exits at
//    once (std::_Exit): a supervisor's SIGKILL would come anyway, and a process
//    that exits closes its sockets, so the database rolls back what was open.
// Thread-safe; destroying it (shutdown finished) cancels what has not happened
// (usulan-server never does: it covers the exit too).
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "storage/database.h"

namespace usulan::server {

class ShutdownGuard {
 public:
  ShutdownGuard(storage::Database& db, std::chrono::steady_clock::time_point grace_ends);
  ~ShutdownGuard();
  ShutdownGuard(const ShutdownGuard&) = delete;
  ShutdownGuard& operator=(const ShutdownGuard&) = delete;

  // How much of the grace is left for gRPC's own drain (never negative).
  std::chrono::milliseconds Remaining() const;

 private:
  void Run();

  storage::Database& db_;
  const std::chrono::steady_clock::time_point grace_ends_;
  std::mutex mutex_;
  std::condition_variable finished_;
  bool done_ = false;
  std::thread thread_;
};

}  // namespace usulan::server
