#include "services/proposal_creation.h"

#include "app/double_listing.h"
#include "app/entry_reference.h"
#include "services/convert.h"
#include "services/digest.h"
#include "base/ids.h"
#include "services/request_checks.h"
#include "base/status_macros.h"
#include "workflow/household.h"
#include "workflow/region.h"
#include "workflow/register_change.h"
#include "workflow/register_change.h"
#include "base/string_view_compat.h"

namespace usulan::services {

absl::Status CheckKindFields(workflow::Kind kind, std::string_view reason,
                             workflow::DeactivationReason deactivation_reason) {
  bool needs_reason = kind != workflow::Kind::kNew;
  if (needs_reason && reason.empty()) {
    return absl::InvalidArgumentError(
        base::Concat("reason is required for kind ", workflow::Name(kind)));
  }
  bool is_deactivation = kind == workflow::Kind::kDeactivation;
  bool has_deactivation_reason = deactivation_reason != workflow::DeactivationReason::kNone;
  if (is_deactivation && !has_deactivation_reason) {
    return absl::InvalidArgumentError("deactivation_reason is required for kind DEACTIVATION");
  }
  if (!is_deactivation && has_deactivation_reason) {
    return absl::InvalidArgumentError("deactivation_reason applies only to kind DEACTIVATION");
  }
  return absl::OkStatus();
}

absl::StatusOr<workflow::DeactivationReason> ParseDeactivation(v1::DeactivationReason value) {
  auto parsed = FromProto(value);
  if (!parsed) return absl::InvalidArgumentError("deactivation_reason is not a known value");
  return *parsed;
}

absl::StatusOr<workflow::Route> ParseCreationRoute(v1::ProposalRoute value) {
  if (value == v1::PROPOSAL_ROUTE_UNSPECIFIED) return workflow::Route::kVillage;
  auto route = FromProto(value);
  if (!route) return absl::InvalidArgumentError("route is not a known value");
  if (*route == workflow::Route::kCitizenProposal || *route == workflow::Route::kCitizenObjection) {
    return absl::InvalidArgumentError(base::Concat(
        "route ", workflow::Name(*route), " is filed by citizens through CitizenService"));
  }
  return *route;
}

workflow::Payload CreationEvidence(const v1::CreateProposalRequest& request) {
  workflow::Payload evidence;
  evidence.document_hashes.assign(request.document_hashes().begin(),
                                  request.document_hashes().end());
  return evidence;
}

absl::StatusOr<NewProposal> PrepareCreation(const workflow::Actor& actor,
                                            const v1::CreateProposalRequest& request,
                                            storage::TimePoint now,
                                            std::string_view household_key,
                                            workflow::Route route,
                                            const workflow::Payload& evidence) {
  auto kind = FromProto(request.kind());
  if (!kind) return absl::InvalidArgumentError("kind is required (NEW, CORRECTION, ...)");
  workflow::RegionRef region = FromProto(request.region());
  USULAN_RETURN_IF_ERROR(workflow::ValidateRegion(region, "region"));
  USULAN_ASSIGN_OR_RETURN(auto deactivation, ParseDeactivation(request.deactivation_reason()));
  USULAN_RETURN_IF_ERROR(CheckKindFields(*kind, request.reason(), deactivation));
  USULAN_RETURN_IF_ERROR(workflow::CheckEntryNamed(*kind, !request.register_entry_id().empty(),
                                                   "register_entry_id"));
  workflow::Household household = FromProto(request.household());
  USULAN_RETURN_IF_ERROR(workflow::ValidateHousehold(household, *kind));
  USULAN_ASSIGN_OR_RETURN(
      workflow::AuditRecord creation,
      workflow::DecideCreation(actor, region.desa_code, *kind, route, request.reason()));
  USULAN_RETURN_IF_ERROR(workflow::CheckCreationEvidence(route, evidence));
  USULAN_RETURN_IF_ERROR(workflow::CheckRouteDeactivationReason(route, deactivation));
  creation.evidence_hashes = evidence.document_hashes;
  AddHouseholdEvidence(household_key, household, creation.evidence_hashes, creation.attributes);
  if (workflow::FiledByCitizen(route)) {
    // A citizen's words may name a neighbour and the trail is never erased: it
    // keeps their keyed digest; the text stays in the proposal's row below.
    creation.attributes[kReasonDigestAttribute] = ReasonDigest(household_key, creation.reason);
    creation.reason.clear();
  }
  storage::ProposalRecord record{.id = base::NewUuid(),
                                 .kind = *kind,
                                 .state = creation.to,
                                 .version = 1,
                                 .region = region,
                                 .machine_version = workflow::kMachineVersion,
                                 .route = route,
                                 .reason = request.reason(),
                                 .deactivation_reason = deactivation,
                                 .household = std::move(household),
                                 .register_entry_id = request.register_entry_id(),
                                 .created_by = actor.subject,
                                 .created_at = now,
                                 .state_since = now};
  return NewProposal{std::move(record), std::move(creation), actor};
}

absl::Status InsertCreation(storage::Tx& tx, const NewProposal& proposal,
                            const std::string& audit_request_id, v1::Proposal* response) {
  USULAN_RETURN_IF_ERROR(app::CheckEntryReference(tx, proposal.actor, proposal.record));
  const storage::ProposalRecord& record = proposal.record;
  // Asked when the members are claimed: a citizen's usul mandiri claims nothing
  // until the village operator takes it up, where both are asked (AskRegistry),
  // so that a citizen cannot use a filing to learn whether a NIK is listed
  // (docs/citizens.md, "Limits").
  if (workflow::ClaimsNiks(record.kind, record.route)) {
    USULAN_RETURN_IF_ERROR(app::CheckMembersNotListed(tx, proposal.actor, record.kind,
                                                      record.register_entry_id, record.household));
  }
  USULAN_RETURN_IF_ERROR(tx.proposals().InsertProposal(proposal.record, proposal.creation, audit_request_id));
  ToProto(proposal.record, response);
  return absl::OkStatus();
}

}  // namespace usulan::services
