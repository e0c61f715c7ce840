// Time as the services see it: injectable so tests can move it.
#pragma once

#include <chrono>
#include <mutex>

#include "storage/records.h"

namespace usulan::services {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual storage::TimePoint Now() const = 0;  // thread-safe
};

class SystemClock final : public Clock {
 public:
  storage::TimePoint Now() const override {
    return std::chrono::time_point_cast<std::chrono::microseconds>(
        std::chrono::system_clock::now());
  }
};

// A clock that stands still until told to move: for tests of deadlines and
// cycles. Starts at the system time of its construction.
class ManualClock final : public Clock {
 public:
  ManualClock() : now_(SystemClock().Now()) {}
  storage::TimePoint Now() const override {
    std::lock_guard<std::mutex> lock(mutex_);
    return now_;
  }
  void Set(storage::TimePoint t) {
    std::lock_guard<std::mutex> lock(mutex_);
    now_ = t;
  }
  void Advance(std::chrono::microseconds by) {
    std::lock_guard<std::mutex> lock(mutex_);
    now_ += by;
  }

 private:
  mutable std::mutex mutex_;
  storage::TimePoint now_;
};

inline int64_t UnixSeconds(storage::TimePoint t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

}  // namespace usulan::services
