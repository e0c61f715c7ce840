// Time as the services see it: injectable so tests can move it.
#pragma once

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

inline int64_t UnixSeconds(storage::TimePoint t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

}  // namespace usulan::services
