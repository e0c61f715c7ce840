#include "registry/paging.h"

#include "base/string_view_compat.h"

namespace usulan::registry {
namespace {

bool Printable(std::string_view text) {
  for (char c : text) {
    if (c < 0x21 || c > 0x7e) return false;
  }
  return true;
}

}  // namespace

absl::Status CheckPageToken(std::string_view page_token) {
  if (page_token.size() > kMaxPageTokenBytes || !Printable(page_token)) {
    return absl::InvalidArgumentError(base::Concat(
        "page_token must be at most ", kMaxPageTokenBytes, " printable ASCII characters"));
  }
  return absl::OkStatus();
}

absl::Status CheckNextPageToken(std::string_view next_page_token, std::string_view asked) {
  if (next_page_token.size() > kMaxPageTokenBytes || !Printable(next_page_token)) {
    return absl::InvalidArgumentError(base::Concat(
        "next_page_token must be at most ", kMaxPageTokenBytes, " printable ASCII characters"));
  }
  if (!next_page_token.empty() && next_page_token == asked) {
    return absl::InvalidArgumentError("next_page_token repeats the page asked for");
  }
  return absl::OkStatus();
}

absl::Status CheckPageCount(int count, int page_size, std::string_view field) {
  if (count > page_size) {
    return absl::InvalidArgumentError(
        base::Concat(field, " holds ", count, " items for a page of ", page_size));
  }
  return absl::OkStatus();
}

absl::Status CheckPageRequest(int page_size, std::string_view page_token) {
  if (page_size < 0 || page_size > kMaxPageSize) {
    return absl::InvalidArgumentError(base::Concat("page_size must be 0..", kMaxPageSize,
                                                   " (0: the source's default)"));
  }
  return CheckPageToken(page_token);
}

absl::Status CheckOutgoingPageSize(int page_size) {
  if (page_size < 1 || page_size > kMaxPageSize) {
    return absl::InvalidArgumentError(base::Concat("page_size must be 1..", kMaxPageSize));
  }
  return absl::OkStatus();
}

}  // namespace usulan::registry
