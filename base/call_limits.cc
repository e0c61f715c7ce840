#include "base/call_limits.h"

namespace usulan::base {
namespace {
thread_local const CallLimits* current = nullptr;
}  // namespace

absl::Status CallLimits::Check(SteadyTime now) const {
  if (cancelled && cancelled()) {
    return absl::CancelledError("the call was cancelled; nothing was changed");
  }
  if (deadline && now >= *deadline) {
    return absl::DeadlineExceededError("the call's deadline passed; nothing was changed");
  }
  return absl::OkStatus();
}

CallScope::CallScope(CallLimits limits) : limits_(std::move(limits)), previous_(current) {
  current = &limits_;
}

CallScope::~CallScope() { current = previous_; }

const CallLimits* CurrentCall() { return current; }

}  // namespace usulan::base
