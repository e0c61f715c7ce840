// The paging rules both central sources' wires share (the death list, the
// welfare ranking): how large a page may be, what a page token may look like.
// Page tokens are opaque to Usulan; these checks keep a broken or hostile
// source from looping a caller forever or flooding it. Pure.
#pragma once

#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace usulan::registry {

// The most items one page may hold, asked or answered.
constexpr int kMaxPageSize = 1000;
// The longest page token accepted in either direction.
constexpr size_t kMaxPageTokenBytes = 512;

// OK for a token a caller may send: at most kMaxPageTokenBytes of printable
// ASCII. INVALID_ARGUMENT naming "page_token" otherwise (never quoting it).
absl::Status CheckPageToken(std::string_view page_token);

// OK for the next_page_token of an answer to a request that sent `asked`: a
// token CheckPageToken accepts that is not `asked` again (that would loop).
// INVALID_ARGUMENT naming "next_page_token" otherwise.
absl::Status CheckNextPageToken(std::string_view next_page_token, std::string_view asked);

// OK when an answer of `count` items fits the page size asked for.
absl::Status CheckPageCount(int count, int page_size, std::string_view field);

// OK for a request's page_size 0..kMaxPageSize (0: the source's default) and a
// page_token CheckPageToken accepts; INVALID_ARGUMENT naming the field else.
absl::Status CheckPageRequest(int page_size, std::string_view page_token);

// OK for the page size of a request the client sends: 1..kMaxPageSize (it
// always names one).
absl::Status CheckOutgoingPageSize(int page_size);

// A request about to leave, `valid` being what its ValidateRequest answered.
template <typename Request>
absl::StatusOr<Request> OutgoingRequest(const Request& request, const absl::Status& valid) {
  if (absl::Status size = CheckOutgoingPageSize(request.page_size()); !size.ok()) return size;
  if (!valid.ok()) return valid;
  return request;
}

}  // namespace usulan::registry
