// How usulan-registry-sim pages its fixed lists: the token is "<query>/<offset>",
// so a token only continues the query that issued it (a since_date, a ranking
// id) and carries no personal data.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace usulan::registry_sim {

// The page size when a request asks for 0.
constexpr int kDefaultPageSize = 100;

struct PageSpan {
  size_t begin = 0;
  size_t end = 0;
  std::string next_page_token;  // "" when `end` is the end of the list
};

// The span of a list of `total` items that a request with `page_size` (0 =
// kDefaultPageSize) and `page_token` gets, for `query`. INVALID_ARGUMENT naming
// page_token for a token this simulator did not issue for `query`.
absl::StatusOr<PageSpan> Page(std::string_view query, int page_size, std::string_view page_token,
                              size_t total);

}  // namespace usulan::registry_sim
