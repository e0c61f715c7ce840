#include "server/open_files.h"

#include <sys/resource.h>

#include <cerrno>
#include <cstring>

#include "base/string_view_compat.h"

namespace usulan::server {

absl::StatusOr<OpenFileLimit> RaiseOpenFileLimit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) {
    return absl::InternalError(base::Concat("getrlimit(RLIMIT_NOFILE): ", std::strerror(errno)));
  }
  OpenFileLimit result{limit.rlim_cur, limit.rlim_cur, limit.rlim_max};
  if (limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &limit) != 0) {
      return absl::InternalError(base::Concat("setrlimit(RLIMIT_NOFILE, ", limit.rlim_max,
                                              "): ", std::strerror(errno)));
    }
    result.soft = limit.rlim_max;
  }
  return result;
}

}  // namespace usulan::server
