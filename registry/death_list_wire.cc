#include "registry/death_list_wire.h"

#include "base/string_view_compat.h"
#include "registry/paging.h"
#include "workflow/formats.h"
#include "workflow/household.h"
#include "workflow/region.h"

namespace usulan::registry {
namespace {

absl::Status CheckSinceDate(std::string_view since_date) {
  if (!workflow::IsIsoDate(since_date)) {
    return absl::InvalidArgumentError("since_date must be a date, YYYY-MM-DD");
  }
  return absl::OkStatus();
}

absl::Status CheckDeath(const registry::v1::Death& death, std::string_view since_date, int i) {
  auto bad = [i](std::string_view what) {
    return absl::InvalidArgumentError(base::Concat("deaths[", i, "].", what));
  };
  if (!workflow::IsSixteenDigits(death.nik())) return bad("nik must be 16 digits");
  if (!workflow::IsSixteenDigits(death.kk_number())) return bad("kk_number must be 16 digits");
  if (!workflow::IsIsoDate(death.death_date())) return bad("death_date must be YYYY-MM-DD");
  // ISO dates compare as text.
  if (death.death_date() < since_date) return bad("death_date is before since_date");
  if (workflow::LevelOf(death.desa_code()) != workflow::RegionLevel::kVillage) {
    return bad("desa_code must be 10 digits");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<registry::v1::ListDeathsRequest> ToWireDeathsRequest(std::string_view since_date,
                                                              int page_size,
                                                              std::string_view page_token) {
  registry::v1::ListDeathsRequest request;
  request.set_since_date(std::string(since_date));
  request.set_page_size(page_size);
  request.set_page_token(std::string(page_token));
  return OutgoingRequest(request, ValidateRequest(request));
}

absl::Status ValidateRequest(const registry::v1::ListDeathsRequest& request) {
  if (absl::Status date = CheckSinceDate(request.since_date()); !date.ok()) return date;
  return CheckPageRequest(request.page_size(), request.page_token());
}

absl::StatusOr<workflow::DeathPage> FromWireResponse(
    const registry::v1::ListDeathsResponse& response,
    const registry::v1::ListDeathsRequest& request) {
  if (request.page_size() > 0) {
    absl::Status count = CheckPageCount(response.deaths_size(), request.page_size(), "deaths");
    if (!count.ok()) return count;
  }
  workflow::DeathPage page;
  page.deaths.reserve(response.deaths_size());
  for (int i = 0; i < response.deaths_size(); ++i) {
    const registry::v1::Death& death = response.deaths(i);
    if (absl::Status valid = CheckDeath(death, request.since_date(), i); !valid.ok()) {
      return valid;
    }
    page.deaths.push_back({.nik = death.nik(),
                           .kk_number = death.kk_number(),
                           .death_date = death.death_date(),
                           .desa_code = death.desa_code()});
  }
  absl::Status token = CheckNextPageToken(response.next_page_token(), request.page_token());
  if (!token.ok()) return token;
  page.next_page_token = response.next_page_token();
  return page;
}

registry::v1::Death ToWire(const workflow::DeathRecord& death) {
  registry::v1::Death wire;
  wire.set_nik(death.nik);
  wire.set_kk_number(death.kk_number);
  wire.set_death_date(death.death_date);
  wire.set_desa_code(death.desa_code);
  return wire;
}

}  // namespace usulan::registry
