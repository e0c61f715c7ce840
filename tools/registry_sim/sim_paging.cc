#include "tools/registry_sim/sim_paging.h"

#include <algorithm>
#include <charconv>

#include "base/string_view_compat.h"

namespace usulan::registry_sim {

absl::StatusOr<PageSpan> Page(std::string_view query, int page_size, std::string_view page_token,
                              size_t total) {
  PageSpan span;
  if (!page_token.empty()) {
    const std::string prefix = base::Concat(query, "/");
    std::string_view offset = page_token.substr(std::min(prefix.size(), page_token.size()));
    auto [end, error] = std::from_chars(offset.data(), offset.data() + offset.size(), span.begin);
    if (page_token.substr(0, prefix.size()) != prefix || offset.empty() ||
        error != std::errc() || end != offset.data() + offset.size() || span.begin == 0 ||
        span.begin > total) {
      return absl::InvalidArgumentError("page_token is not one this source issued for the query");
    }
  }
  const size_t size = page_size > 0 ? static_cast<size_t>(page_size) : kDefaultPageSize;
  span.end = std::min(total, span.begin + size);
  if (span.end < total) span.next_page_token = base::Concat(query, "/", span.end);
  return span;
}

}  // namespace usulan::registry_sim
