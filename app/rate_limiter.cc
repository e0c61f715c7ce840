#include "app/rate_limiter.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>

namespace usulan::app {

RateLimiter::RateLimiter(int per_minute, const base::Clock& clock, size_t max_keys, int burst)
    : per_minute_(std::max(per_minute, 1)),
      burst_(burst > 0 ? burst : per_minute_),
      clock_(clock),
      max_keys_(std::max<size_t>(max_keys, 1)) {}

double RateLimiter::Refilled(const Bucket& bucket, base::TimePoint now) const {
  const double seconds =
      std::chrono::duration<double>(std::max(now - bucket.updated, base::TimePoint::duration(0)))
          .count();
  return std::min<double>(burst_, bucket.tokens + seconds * per_minute_ / 60.0);
}

void RateLimiter::MakeRoom(base::TimePoint now) {
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    it = Refilled(it->second, now) >= burst_ ? buckets_.erase(it) : std::next(it);
  }
  if (buckets_.size() < max_keys_) return;
  auto oldest = std::min_element(buckets_.begin(), buckets_.end(), [](const auto& a, const auto& b) {
    return a.second.updated < b.second.updated;
  });
  buckets_.erase(oldest);
}

std::optional<std::chrono::milliseconds> RateLimiter::Acquire(std::string_view key) {
  const base::TimePoint now = clock_.Now();
  std::lock_guard<std::mutex> lock(mutex_);
  auto found = buckets_.find(key);
  if (found == buckets_.end()) {
    if (buckets_.size() >= max_keys_) MakeRoom(now);
    found = buckets_.emplace(std::string(key), Bucket{double(burst_), now}).first;
  }
  Bucket& bucket = found->second;
  bucket.tokens = Refilled(bucket, now);
  bucket.updated = now;
  if (bucket.tokens < 1.0) {
    const double wait_ms = (1.0 - bucket.tokens) * 60000.0 / per_minute_;
    return std::chrono::milliseconds(std::max<int64_t>(1, static_cast<int64_t>(std::ceil(wait_ms))));
  }
  bucket.tokens -= 1.0;
  return std::nullopt;
}

}  // namespace usulan::app
