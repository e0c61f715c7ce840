// Creating a proposal, shared by CreateProposal and ImportProposals so that a row
// of an import is checked and stored exactly like a single call.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "storage/records.h"
#include "storage/tx.h"
#include "usulan/v1/proposal_service.pb.h"
#include "workflow/machine.h"

namespace usulan::services {

// Kind-specific fields: a reason for everything but NEW, a deactivation reason
// for DEACTIVATION only. INVALID_ARGUMENT naming the field.
absl::Status CheckKindFields(workflow::Kind kind, std::string_view reason,
                             workflow::DeactivationReason deactivation_reason);

// INVALID_ARGUMENT "deactivation_reason ..." for a value this server does not know.
absl::StatusOr<workflow::DeactivationReason> ParseDeactivation(v1::DeactivationReason value);

// The route of CreateProposal: UNSPECIFIED is VILLAGE; the offices' routes
// (VILLAGE, DISTRICT, CENTRAL, PBI_JK) as given. INVALID_ARGUMENT naming `route`
// for an unknown value, and for the citizens' routes, which are filed through
// CitizenService (their filer is proofed by the identity provider, not an office).
absl::StatusOr<workflow::Route> ParseCreationRoute(v1::ProposalRoute value);

// The evidence of a filing as the request carries it (document_hashes), for
// workflow::CheckCreationEvidence.
workflow::Payload CreationEvidence(const v1::CreateProposalRequest& request);

// A checked DRAFT ready to insert, with its creation audit record.
struct NewProposal {
  storage::ProposalRecord record;
  workflow::AuditRecord creation;
  workflow::Actor actor;  // who creates it (the entry it names must be in their region)
};

// Checks every field of `request` but request_id (kind, region, kind-specific
// reasons, household, whether the kind names a register entry) and whether `actor` may create it on `route`: INVALID_ARGUMENT
// naming the field, or the workflow's refusal (PERMISSION_DENIED, or
// FAILED_PRECONDITION for a kind the route does not take). `evidence` is what the
// route's filing must carry (workflow::CheckCreationEvidence); its document hashes
// join the creation record's evidence, its attributes (e.g. an objection's
// coordinates) do not: they locate a home, so they stay out of the audit trail.
// Assigns a fresh id; `now` is the creation time; the creation record's evidence
// also holds the household's digest under `household_key` (digest.h). A
// citizen's reason goes into the record (proposals.reason, erased with the
// household), the creation record holds only its ReasonDigest. No I/O.
absl::StatusOr<NewProposal> PrepareCreation(const workflow::Actor& actor,
                                            const v1::CreateProposalRequest& request,
                                            storage::TimePoint now,
                                            std::string_view household_key,
                                            workflow::Route route,
                                            const workflow::Payload& evidence);

// Checks the register entry the proposal names (app/entry_reference.h: NOT_FOUND,
// PERMISSION_DENIED, INVALID_ARGUMENT, FAILED_PRECONDITION), then inserts the
// proposal with `audit_request_id` on its creation record and fills `response`.
// ALREADY_EXISTS naming the member whose NIK is in another open proposal (see
// storage::ProposalRepository::InsertProposal).
absl::Status InsertCreation(storage::Tx& tx, const NewProposal& proposal,
                            const std::string& audit_request_id, v1::Proposal* response);

}  // namespace usulan::services
