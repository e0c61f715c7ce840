// Time as the services see it: injectable so tests can move it.
#pragma once

#include <atomic>
#include <chrono>

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

// A clock that stands still until told to move; for tests.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(storage::TimePoint start) : micros_(start.time_since_epoch().count()) {}
  storage::TimePoint Now() const override {
    return storage::TimePoint(std::chrono::microseconds(micros_.load()));
  }
  void Advance(std::chrono::microseconds by) { micros_ += by.count(); }

 private:
  std::atomic<int64_t> micros_;
};

inline int64_t UnixSeconds(storage::TimePoint t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

}  // namespace usulan::services
