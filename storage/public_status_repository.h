// The public status check's reads (docs/public-status.md, 0014_public_status.sql):
// the register entries of a desa whose household has a member of a given name,
// found by the name's keyed hash, and the back-fill of those hashes.
// A view of one transaction (storage/tx.h: Tx::public_status()); prepared
// statements only, failures poison the transaction as Tx says. Not thread-safe;
// never outlives its Tx.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "workflow/register_change.h"

namespace usulan::storage {

class Tx;

// One member of a listed household whose name matched. No personal data: the
// caller already holds the name it asked for.
struct PublicStatusRow {
  std::string entry_id;
  workflow::EntryStatus status = workflow::EntryStatus::kActive;
  std::vector<std::string> programmes;
  std::string since_cycle;  // YYYY-MM
};

class PublicStatusRepository {
 public:
  explicit PublicStatusRepository(Tx& tx) : tx_(tx) {}

  // One row per member, named `normalised_name` (workflow::NormalizeName), of the
  // current household of an ACTIVE or INACTIVE register entry of `desa_code`, at
  // most `limit` (in entry id order). Exact match of the keyed hash only: there
  // is no partial form to ask for. FAILED_PRECONDITION without a NIK key.
  absl::StatusOr<std::vector<PublicStatusRow>> FindListedMembers(std::string_view desa_code,
                                                                 std::string_view normalised_name,
                                                                 int limit);

  // Computes name_hmac for at most `limit` members that have none (rows older
  // than 0014_public_status.sql) and returns how many; call until it returns 0.
  absl::StatusOr<int> BackfillNameHmac(int limit);

 private:
  Tx& tx_;
};

}  // namespace usulan::storage
