#include "server/shutdown_guard.h"

#include <algorithm>
#include <cstdlib>

#include "base/log.h"

namespace usulan::server {

ShutdownGuard::ShutdownGuard(storage::Database& db,
                             std::chrono::steady_clock::time_point grace_ends)
    : db_(db), grace_ends_(grace_ends), thread_([this] { Run(); }) {}

ShutdownGuard::~ShutdownGuard() {
  {
    std::lock_guard lock(mutex_);
    done_ = true;
  }
  finished_.notify_all();
  thread_.join();
}

std::chrono::milliseconds ShutdownGuard::Remaining() const {
  return std::max(std::chrono::milliseconds(0),
                  std::chrono::duration_cast<std::chrono::milliseconds>(
                      grace_ends_ - std::chrono::steady_clock::now()));
}

void ShutdownGuard::Run() {
  using std::chrono::milliseconds;
  const auto now = std::chrono::steady_clock::now();
  const milliseconds grace = std::chrono::duration_cast<milliseconds>(grace_ends_ - now);
  const milliseconds lead = std::clamp(grace / 4, milliseconds(0), milliseconds(1000));
  std::unique_lock lock(mutex_);
  if (finished_.wait_until(lock, grace_ends_ - lead, [this] { return done_; })) return;
  base::LogEvent("warn", "shutdown",
                 "grace nearly over: interrupting the database work still running");
  lock.unlock();
  db_.Interrupt();
  lock.lock();
  if (finished_.wait_until(lock, grace_ends_ + milliseconds(1000), [this] { return done_; })) {
    return;
  }
  base::LogEvent("error", "shutdown", "the grace is over and the server has not stopped; exiting");
  std::_Exit(3);
}

}  // namespace usulan::server
