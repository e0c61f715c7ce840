// Translation between the usulan.v1 protobuf messages and the domain/storage
// records. Enum values map by name ("PROPOSAL_STATE_" + "IN_VERIFICATION"), so a
// value added to one side and not the other fails loudly in tests.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include <google/protobuf/repeated_field.h>
#include <google/protobuf/timestamp.pb.h>

#include "absl/status/statusor.h"
#include "base/string_view_compat.h"
#include "storage/records.h"
#include "usulan/v1/common.pb.h"
#include "usulan/v1/deliberation_service.pb.h"
#include "usulan/v1/proposal_service.pb.h"
#include "usulan/v1/register_service.pb.h"
#include "workflow/deliberation.h"
#include "workflow/household.h"
#include "workflow/register_change.h"
#include "workflow/vocabulary.h"

namespace usulan::services {

v1::ProposalState ToProto(workflow::State state);
v1::ProposalKind ToProto(workflow::Kind kind);
v1::ProposalRoute ToProto(workflow::Route route);
v1::DeactivationReason ToProto(workflow::DeactivationReason reason);
v1::DeliberationKind ToProto(workflow::DeliberationKind kind);
v1::DeliberationStatus ToProto(workflow::DeliberationStatus status);
v1::AgendaOutcome ToProto(workflow::AgendaOutcome outcome);
v1::EntryStatus ToProto(workflow::EntryStatus status);
v1::RegisterChange ToProto(workflow::RegisterChange change);

// nullopt for UNSPECIFIED or unknown values.
std::optional<workflow::State> FromProto(v1::ProposalState state);
std::optional<workflow::Kind> FromProto(v1::ProposalKind kind);
std::optional<workflow::Route> FromProto(v1::ProposalRoute route);
std::optional<workflow::DeactivationReason> FromProto(v1::DeactivationReason reason);
std::optional<workflow::DeliberationKind> FromProto(v1::DeliberationKind kind);
std::optional<workflow::DeliberationStatus> FromProto(v1::DeliberationStatus status);
std::optional<workflow::AgendaOutcome> FromProto(v1::AgendaOutcome outcome);

// Every value of a request's repeated enum field (`values`: proto3 keeps them as
// int) through FromProto above, in request order: INVALID_ARGUMENT "<field>[i] is
// not a <what>" for UNSPECIFIED or a value this server does not know.
template <typename Enum>
auto FromProtoEach(std::string_view field, std::string_view what,
                   const google::protobuf::RepeatedField<int>& values)
    -> absl::StatusOr<std::vector<typename decltype(FromProto(Enum{}))::value_type>> {
  std::vector<typename decltype(FromProto(Enum{}))::value_type> out;
  out.reserve(values.size());
  for (int i = 0; i < values.size(); ++i) {
    auto value = FromProto(static_cast<Enum>(values.Get(i)));
    if (!value) return absl::InvalidArgumentError(base::Concat(field, "[", i, "] is not a ", what));
    out.push_back(*value);
  }
  return out;
}

workflow::Household FromProto(const v1::Household& household);
void ToProto(const workflow::Household& household, v1::Household* out);

workflow::RegionRef FromProto(const v1::RegionRef& region);
void ToProto(const workflow::RegionRef& region, v1::RegionRef* out);

void ToProto(storage::TimePoint time, google::protobuf::Timestamp* out);
// A request's Timestamp as a TimePoint (microseconds; finer digits are dropped).
// INVALID_ARGUMENT naming `field` outside the range protobuf defines
// (0001-01-01 .. 9999-12-31, nanos 0..999999999); inside it the conversion cannot
// overflow (10,000 years are 3.2e17 microseconds, int64 holds 9.2e18), whereas
// seconds * 1e6 of an arbitrary int64 wraps silently.
absl::StatusOr<storage::TimePoint> TimeFromProto(std::string_view field,
                                                 const google::protobuf::Timestamp& time);

// The half-open range [from, to) of a request's optional `from` and `to` (null:
// unset, no bound): TimeFromProto of each, and INVALID_ARGUMENT "to must be
// later than from" when both are set and out of order.
struct TimeRange {
  std::optional<storage::TimePoint> from, to;
};
absl::StatusOr<TimeRange> TimeRangeFromProto(const google::protobuf::Timestamp* from,
                                             const google::protobuf::Timestamp* to);

void ToProto(const storage::ProposalRecord& proposal, v1::Proposal* out);
void ToProto(const storage::ProposalSummaryRecord& summary, v1::ProposalSummary* out);
void ToProto(const storage::TransitionRecord& transition, v1::Transition* out);
void ToProto(const storage::DeliberationRecord& deliberation, v1::Deliberation* out);

}  // namespace usulan::services
