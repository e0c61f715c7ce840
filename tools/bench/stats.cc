#include "tools/bench/stats.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace usulan::bench {

void Recorder::Record(std::chrono::nanoseconds latency, grpc::StatusCode code) {
  latencies_ns_.push_back(latency.count());
  ++codes_[code];
  sorted_ = false;
}

void Recorder::Merge(const Recorder& other) {
  latencies_ns_.insert(latencies_ns_.end(), other.latencies_ns_.begin(), other.latencies_ns_.end());
  for (const auto& [code, count] : other.codes_) codes_[code] += count;
  sorted_ = false;
}

int64_t Recorder::errors() const {
  int64_t errors = 0;
  for (const auto& [code, count] : codes_) {
    if (code != grpc::StatusCode::OK) errors += count;
  }
  return errors;
}

double Recorder::QuantileMs(double q) {
  if (latencies_ns_.empty()) return 0;
  if (!sorted_) {
    std::sort(latencies_ns_.begin(), latencies_ns_.end());
    sorted_ = true;
  }
  // Nearest rank: the smallest latency with at least q of the operations at or below it.
  size_t rank = static_cast<size_t>(std::ceil(q * static_cast<double>(latencies_ns_.size())));
  rank = std::clamp<size_t>(rank, 1, latencies_ns_.size());
  return static_cast<double>(latencies_ns_[rank - 1]) / 1e6;
}

std::string CodeName(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK:
      return "OK";
    case grpc::StatusCode::CANCELLED:
      return "CANCELLED";
    case grpc::StatusCode::UNKNOWN:
      return "UNKNOWN";
    case grpc::StatusCode::INVALID_ARGUMENT:
      return "INVALID_ARGUMENT";
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return "DEADLINE_EXCEEDED";
    case grpc::StatusCode::NOT_FOUND:
      return "NOT_FOUND";
    case grpc::StatusCode::ALREADY_EXISTS:
      return "ALREADY_EXISTS";
    case grpc::StatusCode::PERMISSION_DENIED:
      return "PERMISSION_DENIED";
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return "RESOURCE_EXHAUSTED";
    case grpc::StatusCode::FAILED_PRECONDITION:
      return "FAILED_PRECONDITION";
    case grpc::StatusCode::ABORTED:
      return "ABORTED";
    case grpc::StatusCode::OUT_OF_RANGE:
      return "OUT_OF_RANGE";
    case grpc::StatusCode::UNIMPLEMENTED:
      return "UNIMPLEMENTED";
    case grpc::StatusCode::INTERNAL:
      return "INTERNAL";
    case grpc::StatusCode::UNAVAILABLE:
      return "UNAVAILABLE";
    case grpc::StatusCode::DATA_LOSS:
      return "DATA_LOSS";
    case grpc::StatusCode::UNAUTHENTICATED:
      return "UNAUTHENTICATED";
    default:
      return "CODE_" + std::to_string(static_cast<int>(code));
  }
}

int64_t PeakRssKb(int pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) {
      std::istringstream fields(line.substr(6));
      int64_t kb = -1;
      fields >> kb;
      return kb;
    }
  }
  return -1;
}

void PrintReport(std::ostream& out, const Report& report, Recorder& recorder) {
  char buffer[64];
  auto fixed = [&](double value, int decimals) {
    std::snprintf(buffer, sizeof(buffer), "%.*f", decimals, value);
    return std::string(buffer);
  };
  const double seconds = report.seconds > 0 ? report.seconds : 1e-9;
  const int64_t ok = recorder.ops() - recorder.errors();
  out << "workload: " << report.workload << "\n"
      << "clients: " << report.clients << "\n"
      << "duration_s: " << fixed(report.seconds, 2) << "\n"
      << "ops: " << recorder.ops() << "\n"
      << "errors: " << recorder.errors() << "\n"
      << "throughput_ops_s: " << fixed(static_cast<double>(ok) / seconds, 1) << "\n";
  if (report.items_per_op > 1) {
    out << "throughput_proposals_s: "
        << fixed(static_cast<double>(ok * report.items_per_op) / seconds, 1) << "\n";
  }
  out << "latency_ms: p50 " << fixed(recorder.QuantileMs(0.50), 2) << " p95 "
      << fixed(recorder.QuantileMs(0.95), 2) << " p99 " << fixed(recorder.QuantileMs(0.99), 2)
      << " max " << fixed(recorder.QuantileMs(1.0), 2) << "\n";
  for (const auto& [code, count] : recorder.codes()) {
    out << "status " << CodeName(code) << ": " << count << "\n";
  }
  out << "server_peak_rss_mb: "
      << (report.server_peak_rss_kb < 0 ? std::string("unknown")
                                        : fixed(report.server_peak_rss_kb / 1024.0, 1))
      << "\n";
  if (!report.note.empty()) out << "note: " << report.note << "\n";
}

}  // namespace usulan::bench
