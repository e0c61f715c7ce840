#include "tests/support/private_cluster.h"
#include "tests/support/build_paths.h"

#include <signal.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace usulan::testing {

namespace fs = std::filesystem;

namespace {

int RunScript(const std::string& command, const fs::path& dir) {
  const std::string line =
      SourceDir() + "/deploy/local-postgres.sh " + command + " '" + dir.string() + "'";
  return std::system(line.c_str());
}

// The parent pid in /proc/PID/stat ("pid (comm) state ppid ..."; comm may hold
// spaces and parentheses, so it is read after the last ')'); 0 if unreadable.
pid_t ParentOf(const fs::path& proc_entry) {
  std::ifstream stat(proc_entry / "stat");
  std::string line;
  std::getline(stat, line);
  const size_t close = line.rfind(')');
  if (close == std::string::npos) return 0;
  std::istringstream rest(line.substr(close + 1));
  std::string state;
  pid_t parent = 0;
  rest >> state >> parent;
  return parent;
}

}  // namespace

std::string ReadTrimmedFile(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

PrivateCluster::PrivateCluster(const fs::path& dir) : dir_(dir) {
  fs::create_directories(dir_);
  if (RunScript("start", dir_) != 0) {
    std::fprintf(stderr, "PrivateCluster: local-postgres.sh start %s failed\n", dir_.c_str());
    std::abort();
  }
  url_ = ReadTrimmedFile(dir_ / "url");
}

PrivateCluster::~PrivateCluster() {
  Thaw();
  RunScript("stop", dir_);
  // As root the cluster lived in a /tmp directory of its own (DIR/pgdir), which
  // removing DIR would leave behind.
  const std::string home = ReadTrimmedFile(dir_ / "pgdir");
  if (home.rfind("/tmp/usulan-pg.", 0) == 0) {
    std::error_code ignored;
    fs::remove_all(home, ignored);
  }
}

// The postmaster, from postmaster.pid in the data directory (which, as root,
// lives in the directory named by DIR/pgdir), and its children.
std::vector<pid_t> PrivateCluster::Processes() const {
  fs::path home = dir_;
  if (fs::exists(home / "pgdir")) home = ReadTrimmedFile(home / "pgdir");
  std::ifstream pidfile(home / "data" / "postmaster.pid");
  pid_t postmaster = 0;
  pidfile >> postmaster;
  std::vector<pid_t> pids;
  if (postmaster <= 0) return pids;
  pids.push_back(postmaster);
  for (const auto& entry : fs::directory_iterator("/proc")) {
    const std::string name = entry.path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    if (ParentOf(entry.path()) == postmaster) pids.push_back(std::stoi(name));
  }
  return pids;
}

size_t PrivateCluster::Freeze() {
  for (pid_t pid : Processes()) {
    kill(pid, SIGSTOP);
    frozen_.push_back(pid);
  }
  // A backend forked before the postmaster stopped, too.
  for (pid_t pid : Processes()) {
    kill(pid, SIGSTOP);
    frozen_.push_back(pid);
  }
  return frozen_.size();
}

void PrivateCluster::Thaw() {
  for (pid_t pid : frozen_) kill(pid, SIGCONT);
  frozen_.clear();
}

}  // namespace usulan::testing
