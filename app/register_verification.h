// The check behind RegisterService.VerifyEntryChain: entries and their
// histories read together (RegisterRepository::EntriesWithHistory, one
// snapshot) and recomputed by the pure verifier (audit/register_verifier.h).
// Authorization is the caller's. Not thread-safe (a Tx is not).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "audit/register_verifier.h"
#include "storage/tx.h"

namespace usulan::app {

struct EntryChainReport {
  std::string entry_id;
  int64_t rows = 0;  // history rows recomputed
  std::vector<audit::RegisterFinding> findings;  // empty: the entry verifies
};

// One report per entry of `entry_ids` that exists, in (desa_code, id) order.
// Database failures as storage returns them.
absl::StatusOr<std::vector<EntryChainReport>> VerifyEntryChains(
    storage::Tx& tx, const std::vector<std::string>& entry_ids);

}  // namespace usulan::app
