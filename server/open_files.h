// The process's open-file limit. Every client connection is a file descriptor,
// and systemd's default soft limit (1,024) let 2,000 idle connections lock every
// other client out ("Too many open files"). usulan-server raises the soft limit
// to the hard one at start; the hard limit is the deployment's to set
// (docs/limits.md, "Deployment limits": LimitNOFILE).
#pragma once

#include <cstdint>

#include "absl/status/statusor.h"

namespace usulan::server {

struct OpenFileLimit {
  uint64_t soft_before = 0;  // the soft limit the process started with
  uint64_t soft = 0;         // the soft limit now
  uint64_t hard = 0;
};

// Raises the soft RLIMIT_NOFILE to the hard limit. INTERNAL naming the errno
// when the limits cannot be read or set (the process keeps its old limit).
absl::StatusOr<OpenFileLimit> RaiseOpenFileLimit();

}  // namespace usulan::server
