// The NOT_FOUND answers storage gives for unknown ids, worded once so that every
// path (a lock, a read, a batch member, an agenda item) names them alike.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace usulan::storage {

// NOT_FOUND "proposal <id> not found".
inline absl::Status ProposalNotFound(std::string_view id) {
  return absl::NotFoundError("proposal " + std::string(id) + " not found");
}

}  // namespace usulan::storage
