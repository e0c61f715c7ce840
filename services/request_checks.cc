#include "services/request_checks.h"

#include <algorithm>
#include <set>

#include "absl/strings/escaping.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "base/string_view_compat.h"
#include "base/ids.h"
#include "base/status_macros.h"
#include "workflow/formats.h"
#include "workflow/region.h"

namespace usulan::services {

absl::Status CheckId(std::string_view field, std::string_view value) {
  if (value.empty()) return absl::InvalidArgumentError(base::Concat(field, " is required"));
  if (!base::IsUuid(value)) return absl::InvalidArgumentError(base::Concat(field, " must be a UUID"));
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::string>> CheckIdList(
    std::string_view field, const google::protobuf::RepeatedPtrField<std::string>& ids,
    int max) {
  if (ids.empty()) {
    return absl::InvalidArgumentError(base::Concat(field, " must name at least one proposal"));
  }
  if (ids.size() > max) {
    return absl::InvalidArgumentError(
        base::Concat(field, " may name at most ", max, " proposals per call"));
  }
  std::set<std::string> seen;
  for (int i = 0; i < ids.size(); ++i) {
    std::string item = base::Concat(field, "[", i, "]");
    USULAN_RETURN_IF_ERROR(CheckId(item, ids[i]));
    if (!seen.insert(ids[i]).second) {
      return absl::InvalidArgumentError(base::Concat(item, " is listed twice"));
    }
  }
  return std::vector<std::string>(ids.begin(), ids.end());
}

absl::Status CheckSha256(std::string_view field, std::string_view value, bool required) {
  if (value.empty()) {
    if (!required) return absl::OkStatus();
    return absl::InvalidArgumentError(base::Concat(field, " is required"));
  }
  if (!workflow::IsSha256Hex(value)) {
    return absl::InvalidArgumentError(
        base::Concat(field, " must be 64 lower-case hex characters (SHA-256)"));
  }
  return absl::OkStatus();
}

absl::Status CheckRequired(std::string_view field, std::string_view value) {
  if (absl::StripAsciiWhitespace(base::AsAbsl(value)).empty()) {
    return absl::InvalidArgumentError(base::Concat(field, " is required"));
  }
  return absl::OkStatus();
}

absl::StatusOr<int> CheckPageSize(int32_t page_size, int max) {
  if (page_size == 0) return std::min(50, max);
  if (page_size < 0 || page_size > max) {
    return absl::InvalidArgumentError(base::Concat("page_size must be between 1 and ", max));
  }
  return page_size;
}

absl::StatusOr<std::string> ResolveRegionPrefix(std::string_view requested,
                                                std::string_view actor_region) {
  if (requested.empty()) return std::string(actor_region);
  if (!workflow::LevelOf(requested)) {
    return absl::InvalidArgumentError(
        "region_prefix must be a region code of 2, 4, 6 or 10 digits");
  }
  if (!workflow::Covers(actor_region, requested)) {
    return absl::PermissionDeniedError("region_prefix is outside the caller's region");
  }
  return std::string(requested);
}

std::string EncodePageToken(storage::TimePoint time, std::string_view id) {
  std::string out;
  absl::WebSafeBase64Escape(base::Concat(time.time_since_epoch().count(), "|", id), &out);
  return out;
}

absl::StatusOr<std::optional<std::pair<storage::TimePoint, std::string>>> DecodePageToken(
    std::string_view token) {
  if (token.empty()) return std::nullopt;
  std::string raw;
  auto invalid = absl::InvalidArgumentError("page_token is not a token this service issued");
  if (!absl::WebSafeBase64Unescape(base::AsAbsl(token), &raw)) return invalid;
  size_t bar = raw.find('|');
  int64_t micros = 0;
  if (bar == std::string::npos || !absl::SimpleAtoi(raw.substr(0, bar), &micros)) return invalid;
  // Tokens carry row times; anything outside 1970..2200 was not issued here and
  // would overflow PostgreSQL's timestamp arithmetic.
  constexpr int64_t kLatestMicros = 7'258'118'400'000'000;  // 2200-01-01
  if (micros < 0 || micros > kLatestMicros) return invalid;
  std::string id = raw.substr(bar + 1);
  if (!base::IsUuid(id)) return invalid;
  return std::make_optional(
      std::make_pair(storage::TimePoint(std::chrono::microseconds(micros)), id));
}

}  // namespace usulan::services
