// The civil registry's (Dukcapil's) death list as the workflow sees it: a port
// answering who was recorded deceased since a date, page by page. Pusdatin files
// CENTRAL-route deactivations (reason DECEASED) from it, which the district
// confirms (docs/central-sources.md). Implementations do I/O; this header does not.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace usulan::workflow {

// One person the civil registry recorded as deceased. Personal data (NIK, KK
// number): never logged, never in the audit trail.
struct DeathRecord {
  std::string nik;         // 16 digits
  std::string kk_number;   // 16 digits: the KK the person was registered under
  std::string death_date;  // YYYY-MM-DD, never before the date asked about
  std::string desa_code;   // 10 digits: the desa of the person's domicile
};

struct DeathPage {
  std::vector<DeathRecord> deaths;
  // Empty on the last page; otherwise what to pass as page_token for the next.
  std::string next_page_token;
};

class DeathList {
 public:
  virtual ~DeathList() = default;
  // The persons recorded deceased on or after `since_date` (YYYY-MM-DD), one
  // page; `page_token` is empty for the first page, else the previous page's
  // next_page_token (for the same since_date). INVALID_ARGUMENT naming the field
  // for a malformed since_date or a page_token the source does not accept;
  // UNAVAILABLE when the source cannot answer usably (nothing was read: retry);
  // FAILED_PRECONDITION when no source is configured. Must be thread-safe.
  virtual absl::StatusOr<DeathPage> Deaths(std::string_view since_date,
                                           std::string_view page_token) = 0;
};

// The death list of a server configured without one: every call answers
// FAILED_PRECONDITION "no death list source configured".
class UnconfiguredDeathList final : public DeathList {
 public:
  absl::StatusOr<DeathPage> Deaths(std::string_view since_date,
                                   std::string_view page_token) override;
};

}  // namespace usulan::workflow
