// Latency and outcome recording for one measured run, and the report. Each
// client thread records into a Recorder of its own (no locking on the hot path);
// the recorders are merged once the run is over.
#pragma once

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <ostream>
#include <string>
#include <vector>

namespace usulan::bench {

class Recorder {
 public:
  // One finished operation: its latency and its gRPC status code.
  void Record(std::chrono::nanoseconds latency, grpc::StatusCode code);
  // Adds `other`'s operations to this one.
  void Merge(const Recorder& other);

  int64_t ops() const { return static_cast<int64_t>(latencies_ns_.size()); }
  int64_t errors() const;
  const std::map<grpc::StatusCode, int64_t>& codes() const { return codes_; }
  // Latency quantile q in [0, 1] of every operation (ok or not), in ms; 0 if none.
  double QuantileMs(double q);

 private:
  std::vector<int64_t> latencies_ns_;
  std::map<grpc::StatusCode, int64_t> codes_;
  bool sorted_ = true;
};

struct Report {
  std::string workload;
  int clients = 0;
  double seconds = 0;               // wall time of the measured phase
  int64_t items_per_op = 1;         // proposals moved per operation (batch decisions)
  int64_t server_peak_rss_kb = -1;  // VmHWM of --server-pid; -1 if unknown
  std::string note;                 // e.g. "work items exhausted before the duration"
};

// The report, one `key: value` per line (the format the smoke test checks):
//   workload, clients, duration_s, ops, errors, throughput_ops_s,
//   [throughput_proposals_s], latency_ms p50/p95/p99/max, status <CODE>: count,
//   server_peak_rss_mb.
void PrintReport(std::ostream& out, const Report& report, Recorder& recorder);

// Name of a gRPC status code ("OK", "ABORTED", ...).
std::string CodeName(grpc::StatusCode code);

// VmHWM (peak resident set) of process `pid` in kB from /proc; -1 if unreadable.
int64_t PeakRssKb(int pid);

}  // namespace usulan::bench
