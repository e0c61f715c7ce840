#include "services/long_reads.h"

#include "base/string_view_compat.h"

namespace usulan::services {

LongReads::LongReads(int max) : max_(max < 1 ? 1 : max) {}

LongReads::Slot::~Slot() {
  if (owner_ != nullptr) owner_->Release();
}

absl::StatusOr<LongReads::Slot> LongReads::TryAcquire(std::string_view what) {
  std::lock_guard lock(mutex_);
  if (in_use_ >= max_) {
    return absl::ResourceExhaustedError(base::Concat(
        what, " refused: this server already runs ", max_,
        " long reads (exports, chain verifications, inclusion proofs, checkpoints), its limit "
        "(--max-long-reads); retry later"));
  }
  ++in_use_;
  return Slot(this);
}

int LongReads::in_use() const {
  std::lock_guard lock(mutex_);
  return in_use_;
}

void LongReads::Release() {
  std::lock_guard lock(mutex_);
  --in_use_;
}

absl::StatusOr<std::optional<LongReads::Slot>> AcquireLongRead(LongReads* limit,
                                                               std::string_view what) {
  std::optional<LongReads::Slot> slot;
  if (limit == nullptr) return slot;
  absl::StatusOr<LongReads::Slot> acquired = limit->TryAcquire(what);
  if (!acquired.ok()) return acquired.status();
  slot.emplace(std::move(*acquired));
  return slot;
}

}  // namespace usulan::services
