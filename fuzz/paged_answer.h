// What the two paged-answer fuzzers share (death_list_wire, welfare_ranking_wire):
// their input framing and the properties every paged decoder must hold.
//
// Input: one byte, the page size asked for (0..255, 0 = the source's default),
// one byte whose lowest bit says whether a page token was sent, then the
// answer's wire bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "fuzz/fail.h"

namespace usulan::fuzz {

// Fills `request`'s page size and page token (`token` when the bit is set) and
// parses `response`; false when the input is too short or does not parse.
template <typename Request, typename Response>
bool ParsePagedInput(const uint8_t* data, size_t size, const std::string& token,
                     Request& request, Response& response) {
  if (size < 2) return false;
  request.set_page_size(data[0]);
  if (data[1] & 1) request.set_page_token(token);
  return response.ParseFromArray(data + 2, static_cast<int>(size - 2));
}

// True when the decoder accepted the page, after checking what holds for any
// page: the decoder answers OK or INVALID_ARGUMENT; an accepted page holds
// `decoded` items, as many as the answer's `sent`, at most the page size
// asked, and a next page token other than the one asked for (it would loop).
template <typename Page, typename Request>
bool AcceptedPage(std::string_view target, const absl::StatusOr<Page>& page,
                  const Request& request, size_t decoded, int sent) {
  if (!page.ok()) {
    if (page.status().code() != absl::StatusCode::kInvalidArgument) {
      Fail(target, "answered neither OK nor INVALID_ARGUMENT");
    }
    return false;
  }
  if (request.page_size() > 0 && decoded > static_cast<size_t>(request.page_size())) {
    Fail(target, "accepted a page larger than asked");
  }
  if (decoded != static_cast<size_t>(sent)) Fail(target, "dropped or added items");
  if (!page->next_page_token.empty() && page->next_page_token == request.page_token()) {
    Fail(target, "accepted a next page token that loops");
  }
  return true;
}

}  // namespace usulan::fuzz
