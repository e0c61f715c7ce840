// The caller's part of a personal-data access log row
// (docs/personal-data-access.md), the same for every RPC that records one.
#pragma once

#include <string>
#include <string_view>

#include "storage/access_log_repository.h"
#include "workflow/machine.h"

namespace usulan::services {

// A row naming `actor` (token subject, role, region) as the caller of `rpc` at
// `at`; the caller fills in what was read (scope, hashes, outcome, count).
inline storage::AccessRecord AccessBy(const workflow::Actor& actor, std::string_view rpc,
                                      storage::TimePoint at) {
  storage::AccessRecord record;
  record.at = at;
  record.subject = actor.subject;
  record.role = std::string(workflow::Name(actor.role));
  record.region_code = actor.region;
  record.rpc = std::string(rpc);
  return record;
}

}  // namespace usulan::services
