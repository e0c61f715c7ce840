// A bound on the reads whose cost grows with the whole audit trail rather than
// with the request (exports, chain verification, inclusion proofs, checkpoints):
// at most `max` run at once in this server. Without it, N callers of such a read
// hold N threads and, between pages, compete for every pool connection (issue 12:
// 400 slow ExportTransitions readers took all 8 connections and 416 threads).
//
// A caller beyond the bound is refused at once with RESOURCE_EXHAUSTED (DESIGN.md's
// overload code) naming the limit; nobody ever waits for a slot, so a refused call
// costs no thread. Thread-safe.
#pragma once

#include <mutex>
#include <optional>
#include <string_view>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"

namespace usulan::services {

class LongReads {
 public:
  // `max` >= 1 (the server's --max-long-reads).
  explicit LongReads(int max);
  LongReads(const LongReads&) = delete;
  LongReads& operator=(const LongReads&) = delete;

  // A held slot; given back when it goes away. Movable.
  class Slot {
   public:
    Slot(Slot&& other) noexcept : owner_(other.owner_) { other.owner_ = nullptr; }
    Slot& operator=(Slot&&) = delete;
    Slot(const Slot&) = delete;
    ~Slot();

   private:
    friend class LongReads;
    explicit Slot(LongReads* owner) : owner_(owner) {}
    LongReads* owner_;
  };

  // A slot for one long read of `what` (e.g. "ExportTransitions"), or
  // RESOURCE_EXHAUSTED "... --max-long-reads ..." when all are taken.
  absl::StatusOr<Slot> TryAcquire(std::string_view what);

  int in_use() const;
  int max() const { return max_; }

 private:
  void Release();

  const int max_;
  // std::mutex, not absl::Mutex: ThreadSanitizer sees only the former (Debian's
  // Abseil is not instrumented; docs/sanitizers.md).
  mutable std::mutex mutex_;
  int in_use_ ABSL_GUARDED_BY(mutex_) = 0;
};

// A slot of `limit` for `what`, or none (and no bound) when `limit` is null.
absl::StatusOr<std::optional<LongReads::Slot>> AcquireLongRead(LongReads* limit,
                                                               std::string_view what);

}  // namespace usulan::services
