#include "tests/support/proc_status.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

namespace usulan::testing {

namespace fs = std::filesystem;

int64_t ProcStatusField(pid_t pid, const char* field) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  const std::string prefix = std::string(field) + ":";
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(prefix, 0) == 0) return std::stoll(line.substr(prefix.size()));
  }
  return -1;
}

int OpenSockets(pid_t pid) {
  int sockets = 0;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator("/proc/" + std::to_string(pid) + "/fd", error)) {
    std::error_code ignored;
    if (fs::read_symlink(entry.path(), ignored).string().rfind("socket:", 0) == 0) ++sockets;
  }
  return sockets;
}

PeakSampler::PeakSampler(pid_t pid) : pid_(pid) {
  sampler_ = std::thread([this] {
    while (!stop_.load()) {
      const int64_t threads = ProcStatusField(pid_, "Threads");
      const int64_t rss = ProcStatusField(pid_, "VmRSS");
      peak_threads_.store(std::max(peak_threads_.load(), threads));
      peak_rss_kb_.store(std::max(peak_rss_kb_.load(), rss));
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  });
}

PeakSampler::~PeakSampler() { Stop(); }

void PeakSampler::Stop() {
  stop_.store(true);
  if (sampler_.joinable()) sampler_.join();
}

}  // namespace usulan::testing
