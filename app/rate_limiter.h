// A token bucket per key (e.g. per token subject): each key may do `burst` (by
// default `per_minute`) things at once and then one every 60/per_minute seconds. Used to bound how
// fast one caller can look people up by NIK (services LookupNik,
// --lookup-rate-per-minute), so that a stolen or misused token cannot walk the
// 16-digit NIK space as a welfare-status oracle; and the public status check per
// client address and in total (services/public_status_service.h).
//
// Memory is bounded: at most `max_keys` buckets are kept; when full, buckets that
// have refilled completely (indistinguishable from a new key) are dropped first,
// and if none has, the oldest is (that key then starts with a full bucket again).
// Thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "base/clock.h"

namespace usulan::app {

class RateLimiter {
 public:
  // per_minute >= 1; burst 0 means per_minute. `clock` must outlive the limiter.
  RateLimiter(int per_minute, const base::Clock& clock, size_t max_keys = 100000, int burst = 0);

  // Takes one token from `key`'s bucket: true when there was one, false (and
  // nothing taken) when the key is over its rate.
  bool TryAcquire(std::string_view key) { return !Acquire(key).has_value(); }
  // The same, answering nullopt when a token was taken and otherwise how long
  // until the key's next token (at least 1 ms): the retry hint of a refusal.
  std::optional<std::chrono::milliseconds> Acquire(std::string_view key);

  int per_minute() const { return per_minute_; }
  int burst() const { return burst_; }

 private:
  struct Bucket {
    double tokens;
    base::TimePoint updated;
  };
  // Tokens of `bucket` at `now` (refilled, capped at burst_).
  double Refilled(const Bucket& bucket, base::TimePoint now) const;
  void MakeRoom(base::TimePoint now);

  const int per_minute_;
  const int burst_;
  const base::Clock& clock_;
  const size_t max_keys_;
  std::mutex mutex_;
  std::map<std::string, Bucket, std::less<>> buckets_;
};

}  // namespace usulan::app
