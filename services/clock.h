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

// A clock tests can move: the system time plus an offset (it keeps ticking, so
// rows written one after another still get increasing times). Thread-safe.
class ManualClock final : public Clock {
 public:
  storage::TimePoint Now() const override {
    return SystemClock().Now() + std::chrono::microseconds(offset_micros_.load());
  }
  void Advance(std::chrono::microseconds by) { offset_micros_ += by.count(); }
  // Moves the clock so that it reads `t` now, ticking on from there.
  void Set(storage::TimePoint t) { offset_micros_ = (t - SystemClock().Now()).count(); }

 private:
  std::atomic<int64_t> offset_micros_{0};
};

inline int64_t UnixSeconds(storage::TimePoint t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

}  // namespace usulan::services
