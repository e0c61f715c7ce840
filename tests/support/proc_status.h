// What a test can read about another process (a usulan-server it started) from
// /proc: its threads, memory and sockets, once or as peaks while it works.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <cstdint>
#include <thread>

namespace usulan::testing {

// A /proc/PID/status field: in kB for VmRSS and VmHWM, a count for Threads;
// -1 when the process or the field is not there.
int64_t ProcStatusField(pid_t pid, const char* field);

// How many of the process's file descriptors are sockets.
int OpenSockets(pid_t pid);

// Samples a process's thread count and resident memory every 20 ms on a thread
// of its own, from construction until Stop (or destruction), and keeps the peaks.
class PeakSampler {
 public:
  explicit PeakSampler(pid_t pid);
  ~PeakSampler();
  PeakSampler(const PeakSampler&) = delete;
  PeakSampler& operator=(const PeakSampler&) = delete;

  void Stop();
  int64_t peak_threads() const { return peak_threads_.load(); }
  int64_t peak_rss_kb() const { return peak_rss_kb_.load(); }

 private:
  pid_t pid_;
  std::atomic<bool> stop_{false};
  std::atomic<int64_t> peak_threads_{0};
  std::atomic<int64_t> peak_rss_kb_{0};
  std::thread sampler_;
};

}  // namespace usulan::testing
