// Translation between the usulan.v1 protobuf messages and the domain/storage
// records. Enum values map by name ("PROPOSAL_STATE_" + "IN_VERIFICATION"), so a
// value added to one side and not the other fails loudly in tests.
#pragma once

#include <google/protobuf/timestamp.pb.h>

#include "absl/status/statusor.h"
#include "storage/records.h"
#include "usulan/v1/common.pb.h"
#include "usulan/v1/deliberation_service.pb.h"
#include "usulan/v1/proposal_service.pb.h"
#include "workflow/deliberation.h"
#include "workflow/household.h"
#include "workflow/vocabulary.h"

namespace usulan::services {

v1::ProposalState ToProto(workflow::State state);
v1::ProposalKind ToProto(workflow::Kind kind);
v1::DeactivationReason ToProto(workflow::DeactivationReason reason);
v1::DeliberationKind ToProto(workflow::DeliberationKind kind);
v1::DeliberationStatus ToProto(workflow::DeliberationStatus status);
v1::AgendaOutcome ToProto(workflow::AgendaOutcome outcome);

// nullopt for UNSPECIFIED or unknown values.
std::optional<workflow::State> FromProto(v1::ProposalState state);
std::optional<workflow::Kind> FromProto(v1::ProposalKind kind);
std::optional<workflow::DeactivationReason> FromProto(v1::DeactivationReason reason);
std::optional<workflow::DeliberationKind> FromProto(v1::DeliberationKind kind);
std::optional<workflow::DeliberationStatus> FromProto(v1::DeliberationStatus status);
std::optional<workflow::AgendaOutcome> FromProto(v1::AgendaOutcome outcome);

workflow::Household FromProto(const v1::Household& household);
void ToProto(const workflow::Household& household, v1::Household* out);

workflow::RegionRef FromProto(const v1::RegionRef& region);
void ToProto(const workflow::RegionRef& region, v1::RegionRef* out);

void ToProto(storage::TimePoint time, google::protobuf::Timestamp* out);

void ToProto(const storage::ProposalRecord& proposal, v1::Proposal* out);
void ToProto(const storage::ProposalSummaryRecord& summary, v1::ProposalSummary* out);
void ToProto(const storage::TransitionRecord& transition, v1::Transition* out);
void ToProto(const storage::DeliberationRecord& deliberation, v1::Deliberation* out);

}  // namespace usulan::services
