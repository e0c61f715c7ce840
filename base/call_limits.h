// The deadline and cancellation of the call a thread is working for, so that the
// layers below the services (the database above all) can refuse to start, or to
// commit, work that nobody waits for any more. The services install a CallScope
// for each RPC (the caller's gRPC deadline and cancellation); storage reads it on
// every transaction (storage/database.h); the group committer copies it from the
// caller's thread to its writer (app/group_commit.h).
//
// Thread-local, not a parameter: every transaction of every RPC must honour it,
// and threading it through ~100 call sites would let one be forgotten. A thread
// without a scope (jobs, tests) has no deadline and is never cancelled.
#pragma once

#include <chrono>
#include <functional>
#include <optional>

#include "absl/status/status.h"

namespace usulan::base {

using SteadyTime = std::chrono::steady_clock::time_point;

struct CallLimits {
  std::optional<SteadyTime> deadline;  // none: the caller set no deadline
  // True once the caller cancelled or went away; empty: never. Must be callable
  // from the thread that holds the scope (and from the group committer's writer
  // while that caller waits for it).
  std::function<bool()> cancelled;

  // OK while the call is wanted; DEADLINE_EXCEEDED once `now` is at or past the
  // deadline, CANCELLED once the caller cancelled (both name the work not done).
  absl::Status Check(SteadyTime now = std::chrono::steady_clock::now()) const;
};

// Installs `limits` for the current thread until destroyed (then restores the
// previous scope). Not movable: it must die on the thread that made it.
class CallScope {
 public:
  explicit CallScope(CallLimits limits);
  ~CallScope();
  CallScope(const CallScope&) = delete;
  CallScope& operator=(const CallScope&) = delete;

 private:
  CallLimits limits_;
  const CallLimits* previous_;
};

// The limits of the innermost scope on this thread; null without one.
const CallLimits* CurrentCall();

}  // namespace usulan::base
