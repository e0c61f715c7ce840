// Time as the services see it: injectable so tests can move it.
#pragma once

#include <atomic>
#include <chrono>

namespace usulan::base {

// Every time the service stores or compares: microseconds since the Unix epoch
// (PostgreSQL's timestamptz resolution).
using TimePoint = std::chrono::time_point<std::chrono::system_clock, std::chrono::microseconds>;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint Now() const = 0;  // thread-safe
};

class SystemClock final : public Clock {
 public:
  TimePoint Now() const override {
    return std::chrono::time_point_cast<std::chrono::microseconds>(
        std::chrono::system_clock::now());
  }
};

// A clock tests can move: the system time plus an offset (it keeps ticking, so
// rows written one after another still get increasing times). Thread-safe.
class ManualClock final : public Clock {
 public:
  TimePoint Now() const override {
    return SystemClock().Now() + std::chrono::microseconds(offset_micros_.load());
  }
  void Advance(std::chrono::microseconds by) { offset_micros_ += by.count(); }
  // Moves the clock so that it reads `t` now, ticking on from there.
  void Set(TimePoint t) { offset_micros_ = (t - SystemClock().Now()).count(); }

 private:
  std::atomic<int64_t> offset_micros_{0};
};

inline int64_t UnixSeconds(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

inline int64_t UnixMicros(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
}

}  // namespace usulan::base
