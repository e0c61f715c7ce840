// Field checks shared by the service implementations. Each returns
// INVALID_ARGUMENT naming the field, or OK.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <google/protobuf/repeated_field.h>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "storage/records.h"

namespace usulan::services {

// The optional expected_version of a mutating request. Versions start at 1, so
// anything lower is a malformed request rather than a stale one.
absl::StatusOr<std::optional<int64_t>> ExpectedVersion(const auto& request) {
  if (!request.has_expected_version()) return std::optional<int64_t>();
  if (request.expected_version() < 1) {
    return absl::InvalidArgumentError("expected_version must be at least 1 when given");
  }
  return std::optional<int64_t>(request.expected_version());
}

// A canonical UUID.
absl::Status CheckId(std::string_view field, std::string_view value);

// A list of 1..max distinct UUIDs; INVALID_ARGUMENT naming "<field>[i]" for a bad
// or repeated one. Returns them as strings, in order.
absl::StatusOr<std::vector<std::string>> CheckIdList(
    std::string_view field, const google::protobuf::RepeatedPtrField<std::string>& ids,
    int max);
// A lower-case hex SHA-256; `required` refuses an empty one.
absl::Status CheckSha256(std::string_view field, std::string_view value, bool required);
// A required text field: INVALID_ARGUMENT "<field> is required" when empty or
// blank. What the text may hold and how long it may be is checked at the edge
// (request_validation.h, limits declared in proto).
absl::Status CheckRequired(std::string_view field, std::string_view value);

// page_size: 0 means the default 50; 1..`max` otherwise (INVALID_ARGUMENT
// "page_size must be between 1 and <max>"). `max` is 500 for the offices' lists.
absl::StatusOr<int> CheckPageSize(int32_t page_size, int max = 500);

// Region prefix of a list: "" means the caller's own region; otherwise a well
// formed code inside it (PERMISSION_DENIED when outside).
absl::StatusOr<std::string> ResolveRegionPrefix(std::string_view requested,
                                                std::string_view actor_region);

// Opaque keyset page tokens: (time, id) of the last row of the previous page.
std::string EncodePageToken(storage::TimePoint time, std::string_view id);
absl::StatusOr<std::optional<std::pair<storage::TimePoint, std::string>>> DecodePageToken(
    std::string_view token);

}  // namespace usulan::services
