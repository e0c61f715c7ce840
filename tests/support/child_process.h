// A program run as a child process for tests: its stdout and stderr go to a log
// file, and it is killed (SIGKILL) when the object goes away still running, so a
// failed assertion never leaves a process behind. Not thread-safe.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <regex>
#include <string>
#include <vector>

namespace usulan::testing {

class ChildProcess {
 public:
  // Starts `binary` with `args`, appending its output to `log`.
  ChildProcess(const std::string& binary, const std::vector<std::string>& args,
               const std::filesystem::path& log);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // The first capture group of the first log match of `pattern`, once one
  // appears; nullopt when the process exits first or `limit` passes.
  std::optional<std::string> WaitForLog(const std::regex& pattern, std::chrono::seconds limit);

  // Sends SIGTERM, then waits like Wait.
  int Stop(std::chrono::seconds limit);
  // Its exit code (128 + signal when killed by one); -1 if it is still running
  // after `limit`, and then it is killed.
  int Wait(std::chrono::seconds limit);
  bool Running();

  std::string Log() const;
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  std::optional<int> exit_code_;
  std::filesystem::path log_;
};

}  // namespace usulan::testing
