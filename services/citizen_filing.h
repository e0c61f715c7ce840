// A proposal as the citizen who filed it reads it (v1::Filing): the state in
// plain Bahasa Indonesia (workflow/citizen_status.h), the reason of the latest
// turn-down, and the members' names only when the household is the citizen's own.
#pragma once

#include <string_view>

#include "absl/status/statusor.h"
#include "services/proposal_creation.h"
#include "storage/records.h"
#include "storage/tx.h"
#include "usulan/v1/citizen_service.pb.h"

namespace usulan::services {

// The region of a desa code: its prefixes (Kemendagri codes nest).
v1::RegionRef RegionOfDesa(const std::string& desa);

// Whether the stored household is the one of `token_kk` (the citizen's own).
bool IsOwnHousehold(const storage::ProposalRecord& proposal, std::string_view token_kk);

// Fills `out` from the proposal and its trail (oldest first). The member names
// are written only when `with_names` and the household is the citizen's own.
void ToFiling(const storage::ProposalRecord& proposal,
              const std::vector<storage::TransitionRecord>& trail, std::string_view token_kk,
              bool with_names, v1::Filing* out);

// Checks that the citizen uploaded every photo (citizen_photos.h), inserts the
// checked filing (InsertCreation: its entry reference, NIK claims and creation
// record), marks the photos cited (out of the upload quota) and fills `out`
// with the first answer, which carries no names: the citizen has
// just sent them, or they are another household's. The answer is what the
// idempotency record stores for replays.
absl::Status InsertFiling(storage::Tx& tx, const NewProposal& proposal,
                          const google::protobuf::RepeatedPtrField<std::string>& photos,
                          const std::string& request_id, std::string_view token_kk,
                          v1::Filing* out);

// Reads proposal `id` and its trail and fills `out` with names, when `subject`
// created it. NOT_FOUND "proposal <id> not found" otherwise, the same answer as
// for an id that does not exist, so a citizen learns nothing of others' filings.
absl::Status ReadFiling(storage::Tx& tx, const std::string& id, std::string_view subject,
                        std::string_view token_kk, v1::Filing* out);

}  // namespace usulan::services
