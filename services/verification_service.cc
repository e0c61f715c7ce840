#include "services/verification_service.h"

#include <chrono>

#include "app/idempotent.h"
#include "services/convert.h"
#include "services/proposal_change.h"
#include "app/proposal_transitions.h"
#include "services/request_checks.h"
#include "services/rpc_log.h"
#include "base/status_macros.h"
#include "workflow/cycle.h"
#include "workflow/region.h"
#include "base/string_view_compat.h"
#include "workflow/verification.h"
#include "services/call_start.h"

namespace usulan::services {
namespace {

using workflow::Event;

constexpr int kMaxListedProposals = 500;
// Subjects are user ids from tokens: printable, no spaces.
constexpr size_t kMaxSubjectBytes = 128;

absl::StatusOr<workflow::VisitOutcome> ParseOutcome(v1::VisitOutcome outcome) {
  switch (outcome) {
    case v1::VISIT_OUTCOME_COMPLETED:
      return workflow::VisitOutcome::kCompleted;
    case v1::VISIT_OUTCOME_HOUSEHOLD_NOT_FOUND:
      return workflow::VisitOutcome::kHouseholdNotFound;
    case v1::VISIT_OUTCOME_MOVED:
      return workflow::VisitOutcome::kMoved;
    case v1::VISIT_OUTCOME_PART_OF_OTHER_HOUSEHOLD:
      return workflow::VisitOutcome::kPartOfOtherHousehold;
    case v1::VISIT_OUTCOME_DUPLICATE:
      return workflow::VisitOutcome::kDuplicate;
    default:
      return absl::InvalidArgumentError(
          "outcome is required (COMPLETED, HOUSEHOLD_NOT_FOUND, MOVED, "
          "PART_OF_OTHER_HOUSEHOLD or DUPLICATE)");
  }
}

absl::Status CheckSubject(std::string_view field, std::string_view subject) {
  if (subject.empty()) return absl::InvalidArgumentError(base::Concat(field, " is required"));
  if (subject.size() > kMaxSubjectBytes) {
    return absl::InvalidArgumentError(
        base::Concat(field, " must be at most ", kMaxSubjectBytes, " bytes"));
  }
  for (char c : subject) {
    if (c <= ' ' || c > '~') {
      return absl::InvalidArgumentError(
          base::Concat(field, " must be a user id of printable characters without spaces"));
    }
  }
  return absl::OkStatus();
}

// The visit as the workflow sees it; INVALID_ARGUMENT naming the field.
// `visited_at` receives the visit's time for the check against the assignment.
absl::StatusOr<workflow::Visit> ReadVisit(const v1::RecordVisitRequest& request,
                                          storage::TimePoint now, storage::TimePoint* visited_at) {
  USULAN_ASSIGN_OR_RETURN(workflow::VisitOutcome outcome, ParseOutcome(request.outcome()));
  if (!request.has_visit_time()) return absl::InvalidArgumentError("visit_time is required");
  USULAN_ASSIGN_OR_RETURN(const storage::TimePoint visited,
                          TimeFromProto("visit_time", request.visit_time()));
  // The assignment is checked against the locked proposal (RecordVisit); here the
  // future, so that a visit from tomorrow is refused before any lock.
  USULAN_RETURN_IF_ERROR(workflow::CheckVisitTime(visited, visited, now));
  *visited_at = visited;
  for (int i = 0; i < request.evidence_sha256_size(); ++i) {
    USULAN_RETURN_IF_ERROR(
        CheckSha256(base::Concat("evidence_sha256[", i, "]"), request.evidence_sha256(i), true));
  }
  workflow::Visit visit{outcome,
                        request.eligible(),
                        workflow::FormatRfc3339(visited),
                        {request.evidence_sha256().begin(), request.evidence_sha256().end()},
                        std::nullopt,
                        request.reason()};
  if (request.has_location()) {
    visit.location = workflow::GeoPoint{request.location().latitude(),
                                        request.location().longitude()};
  }
  USULAN_RETURN_IF_ERROR(workflow::CheckVisit(visit));
  return visit;
}

}  // namespace

grpc::Status VerificationServiceImpl::AssignVerifier(grpc::ServerContext* context,
                                                     const v1::AssignVerifierRequest* request,
                                                     v1::ProposalsChanged* response) {
  RpcLog log("AssignVerifier");
  auto run = [&]() -> absl::Status {
    USULAN_ASSIGN_OR_RETURN(Change change, BeginChange(ctx_.authenticator, *context, *request, log));
    USULAN_ASSIGN_OR_RETURN(
        std::vector<std::string> ids,
        CheckIdList("proposal_ids", request->proposal_ids(), kMaxListedProposals));
    USULAN_RETURN_IF_ERROR(CheckSubject("verifier_id", request->verifier_id()));
    return ChangeProposals(
        ctx_, "AssignVerifier", change.actor, {Event::kAssignVerifier}, *request, request->request_id(), ids,
        "proposal_ids", log,
        [&](storage::Tx& tx, storage::ProposalRecord& proposal, storage::TimePoint now) {
          workflow::Payload payload;
          payload.attributes["verifier_id"] = request->verifier_id();
          return app::ApplyEvent(tx, proposal, Event::kAssignVerifier, change.actor, payload,
                            request->request_id(), now);
        },
        response);
  };
  return log.Finish(run());
}

grpc::Status VerificationServiceImpl::RecordVisit(grpc::ServerContext* context,
                                                  const v1::RecordVisitRequest* request,
                                                  v1::Proposal* response) {
  RpcLog log("RecordVisit");
  log.set_subject_id("proposal_id", request->proposal_id());
  auto run = [&]() -> absl::Status {
    USULAN_ASSIGN_OR_RETURN(Change change, BeginChange(ctx_.authenticator, *context, *request, log));
    USULAN_RETURN_IF_ERROR(CheckId("proposal_id", request->proposal_id()));
    storage::TimePoint visited_at;
    USULAN_ASSIGN_OR_RETURN(workflow::Visit visit,
                            ReadVisit(*request, ctx_.clock.Now(), &visited_at));
    return ChangeProposalByEvents(
        ctx_, "RecordVisit", change.actor, {Event::kRecordVisit}, *request, request->request_id(),
        request->proposal_id(), change.expected_version, log,
        [&](const storage::ProposalRecord& proposal) -> absl::StatusOr<std::vector<app::EventStep>> {
          // Only while IN_VERIFICATION is state_since the assignment; in any other
          // state the machine refuses the visit as it stands.
          if (proposal.state == workflow::State::kInVerification) {
            USULAN_RETURN_IF_ERROR(
                workflow::CheckVisitTime(visited_at, proposal.state_since, ctx_.clock.Now()));
          }
          std::vector<app::EventStep> steps;
          steps.push_back({Event::kRecordVisit, change.actor, workflow::VisitPayload(visit), {}});
          return steps;
        },
        response);
  };
  return log.Finish(run());
}

grpc::Status VerificationServiceImpl::FinalizeVillage(grpc::ServerContext* context,
                                                      const v1::FinalizeVillageRequest* request,
                                                      v1::ProposalsChanged* response) {
  RpcLog log("FinalizeVillage");
  auto run = [&]() -> absl::Status {
    USULAN_ASSIGN_OR_RETURN(Change change, BeginChange(ctx_.authenticator, *context, *request, log));
    if (workflow::LevelOf(request->desa_code()) != workflow::RegionLevel::kVillage) {
      return absl::InvalidArgumentError("desa_code must be a 10-digit desa/kelurahan code");
    }
    USULAN_ASSIGN_OR_RETURN(
        std::vector<std::string> ids,
        CheckIdList("proposal_ids", request->proposal_ids(), kMaxListedProposals));
    USULAN_RETURN_IF_ERROR(CheckSha256("minutes_sha256", request->minutes_sha256(), true));
    USULAN_RETURN_IF_ERROR(CheckSha256("name_list_sha256", request->name_list_sha256(), true));
    USULAN_RETURN_IF_ERROR(
        workflow::CheckActor(change.actor, Event::kFinalizeVillage, request->desa_code()));
    return ChangeProposals(
        ctx_, "FinalizeVillage", change.actor, {Event::kFinalizeVillage}, *request, request->request_id(), ids,
        "proposal_ids", log,
        [&](storage::Tx& tx, storage::ProposalRecord& proposal, storage::TimePoint now) {
          USULAN_RETURN_IF_ERROR(workflow::CheckScope(change.actor, proposal.region.desa_code));
          if (proposal.region.desa_code != request->desa_code()) {
            return absl::InvalidArgumentError("belongs to another desa than desa_code");
          }
          workflow::Payload payload;
          payload.document_hashes = {request->minutes_sha256(), request->name_list_sha256()};
          payload.attributes["minutes_sha256"] = request->minutes_sha256();
          payload.attributes["name_list_sha256"] = request->name_list_sha256();
          return app::ApplyEvent(tx, proposal, Event::kFinalizeVillage, change.actor, payload,
                            request->request_id(), now);
        },
        response);
  };
  return log.Finish(run());
}

}  // namespace usulan::services
