// A background pass repeated on a thread of its own: the cycle job, the
// checkpoint schedule and the purge of expired idempotency records are each one.
// Passes log their own failures; the next round retries.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace usulan::jobs {

class PeriodicTask {
 public:
  enum class First { kNow, kAfterInterval };
  // Starts the thread: `pass` runs at once (kNow) or after one interval, then
  // every `interval` until the task is stopped.
  PeriodicTask(std::chrono::milliseconds interval, First first, std::function<void()> pass);
  // Stop().
  ~PeriodicTask();
  PeriodicTask(const PeriodicTask&) = delete;
  PeriodicTask& operator=(const PeriodicTask&) = delete;

  // No pass starts after this; waits for one in progress. Idempotent.
  void Stop();

 private:
  void Run(First first);

  const std::chrono::milliseconds interval_;
  const std::function<void()> pass_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace usulan::jobs
