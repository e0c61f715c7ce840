#include "registry/registry_wire.h"

#include "base/string_view_compat.h"

namespace usulan::registry {

registry::v1::NikStatus ToWire(workflow::NikStatus status) {
  switch (status) {
    case workflow::NikStatus::kMatched:
      return registry::v1::NIK_STATUS_MATCHED;
    case workflow::NikStatus::kNotFound:
      return registry::v1::NIK_STATUS_NOT_FOUND;
    case workflow::NikStatus::kDeceased:
      return registry::v1::NIK_STATUS_DECEASED;
    case workflow::NikStatus::kOtherFamily:
      return registry::v1::NIK_STATUS_OTHER_FAMILY;
  }
  return registry::v1::NIK_STATUS_UNSPECIFIED;
}

std::optional<workflow::NikStatus> FromWire(registry::v1::NikStatus status) {
  switch (status) {
    case registry::v1::NIK_STATUS_MATCHED:
      return workflow::NikStatus::kMatched;
    case registry::v1::NIK_STATUS_NOT_FOUND:
      return workflow::NikStatus::kNotFound;
    case registry::v1::NIK_STATUS_DECEASED:
      return workflow::NikStatus::kDeceased;
    case registry::v1::NIK_STATUS_OTHER_FAMILY:
      return workflow::NikStatus::kOtherFamily;
    default:
      return std::nullopt;
  }
}

registry::v1::CheckHouseholdRequest ToWireRequest(const workflow::Household& household) {
  registry::v1::CheckHouseholdRequest request;
  request.set_kk_number(household.kk_number);
  for (size_t i = 0; i < household.members.size(); ++i) {
    const workflow::Member& member = household.members[i];
    registry::v1::HouseholdMember* wire = request.add_members();
    wire->set_position(static_cast<int32_t>(i) + 1);
    wire->set_nik(member.nik);
    wire->set_name(member.name);
    wire->set_birth_date(member.birth_date);
  }
  return request;
}

absl::StatusOr<std::vector<workflow::MemberCheck>> FromWireResponse(
    const registry::v1::CheckHouseholdResponse& response, size_t member_count) {
  if (static_cast<size_t>(response.members_size()) != member_count) {
    return absl::InvalidArgumentError(base::Concat(
        "answer holds ", response.members_size(), " results for ", member_count, " members"));
  }
  std::vector<std::optional<workflow::NikStatus>> by_position(member_count);
  for (int i = 0; i < response.members_size(); ++i) {
    const registry::v1::MemberResult& result = response.members(i);
    int32_t position = result.position();
    if (position < 1 || static_cast<size_t>(position) > member_count) {
      return absl::InvalidArgumentError(
          base::Concat("members[", i, "].position is not a member of the household"));
    }
    if (by_position[position - 1]) {
      return absl::InvalidArgumentError(
          base::Concat("members[", i, "].position repeats position ", position));
    }
    by_position[position - 1] = FromWire(result.status());
    if (!by_position[position - 1]) {
      return absl::InvalidArgumentError(
          base::Concat("members[", i, "].status is not a known status"));
    }
  }
  std::vector<workflow::MemberCheck> checks;
  checks.reserve(member_count);
  for (size_t i = 0; i < member_count; ++i) {
    checks.push_back({.position = static_cast<int>(i) + 1, .status = *by_position[i]});
  }
  return checks;
}

}  // namespace usulan::registry
