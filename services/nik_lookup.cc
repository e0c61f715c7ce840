// ProposalService.LookupNik: which proposals concern a person. Finding people by
// NIK is the most sensitive read the service offers (a welfare-status oracle over
// structured 16-digit numbers), so it is held to least privilege
// (docs/personal-data-access.md): only the roles that handle households may ask,
// only inside their own region (a region_prefix outside it is PERMISSION_DENIED,
// never a masked answer), a verifier finds only their assignments, each caller is
// rate-limited, and every lookup that passes the edge checks, allowed or refused,
// is recorded in the personal-data access log with the keyed NIK hash (never the
// NIK). An allowed lookup and its access-log row commit together: no answer
// without its record.
#include "app/rate_limiter.h"
#include "base/status_macros.h"
#include "base/string_view_compat.h"
#include "services/call_start.h"
#include "services/convert.h"
#include "services/proposal_service.h"
#include "services/request_checks.h"
#include "services/rpc_log.h"
#include "storage/tx.h"
#include "workflow/household.h"
#include "workflow/queues.h"
#include "workflow/region.h"

namespace usulan::services {
namespace {

v1::Relationship RelationshipToProto(workflow::Relationship relationship) {
  v1::Relationship out = v1::RELATIONSHIP_UNSPECIFIED;
  v1::Relationship_Parse(base::Concat("RELATIONSHIP_", workflow::Name(relationship)), &out);
  return out;
}

// One hit of the lookup: only hits inside the caller's read access get here.
void FillNikProposal(const storage::NikHitRecord& hit, v1::NikProposal* out) {
  out->set_proposal_id(hit.proposal_id);
  out->set_kind(ToProto(hit.kind));
  out->set_state(ToProto(hit.state));
  out->set_desa_code(hit.desa_code);
  ToProto(hit.state_since, out->mutable_state_since());
  out->set_position(hit.position);
  out->set_kk_number(hit.kk_number);
  for (const storage::NikHitRecord::Member& member : hit.members) {
    if (member.position == hit.position) {
      out->set_name(member.name);
      continue;
    }
    v1::MemberView* view = out->add_other_members();
    view->set_position(member.position);
    view->set_nik(member.nik);
    view->set_name(member.name);
    view->set_relationship(RelationshipToProto(member.relationship));
  }
}

// Role first, then region: a caller whose role never looks people up learns
// nothing about regions either.
absl::StatusOr<std::string> AuthorizeLookup(const workflow::Actor& actor,
                                            std::string_view requested_prefix) {
  USULAN_RETURN_IF_ERROR(workflow::CheckNikLookupRole(actor.role));
  return ResolveRegionPrefix(requested_prefix, actor.region);
}

}  // namespace

grpc::Status ProposalServiceImpl::LookupNik(grpc::ServerContext* context,
                                            const v1::LookupNikRequest* request,
                                            v1::LookupNikResponse* response) {
  // The NIK is personal data: it is checked and used, never logged or echoed.
  RpcLog log("LookupNik");
  auto run = [&]() -> absl::Status {
    USULAN_ASSIGN_OR_RETURN(workflow::Actor actor,
                            AuthenticateCall(ctx_.authenticator, *context, *request, log));
    USULAN_RETURN_IF_ERROR(
        workflow::ValidateNik(request->nik(), "", workflow::Sex::kUnspecified, "nik"));
    if (!request->region_prefix().empty() && !workflow::LevelOf(request->region_prefix())) {
      return absl::InvalidArgumentError(
          "region_prefix must be a region code of 2, 4, 6 or 10 digits");
    }
    // Before anything is read or written: the bound also keeps one caller from
    // flooding the access log with refused lookups.
    if (ctx_.lookup_limiter != nullptr && !ctx_.lookup_limiter->TryAcquire(actor.subject)) {
      return absl::ResourceExhaustedError(base::Concat(
          "LookupNik is limited to ", ctx_.lookup_limiter->per_minute(),
          " lookups per minute per caller (--lookup-rate-per-minute); try again later"));
    }
    storage::AccessRecord access{.at = ctx_.clock.Now(),
                                 .subject = actor.subject,
                                 .role = std::string(workflow::Name(actor.role)),
                                 .region_code = actor.region,
                                 .rpc = "LookupNik",
                                 .scope = request->region_prefix().empty()
                                              ? actor.region
                                              : request->region_prefix()};
    absl::StatusOr<std::string> scope = AuthorizeLookup(actor, request->region_prefix());
    if (!scope.ok()) {
      access.outcome = storage::AccessOutcome::kDenied;
      USULAN_RETURN_IF_ERROR(ctx_.db.InTransaction([&](storage::Tx& tx) {
        return tx.access_log().RecordLookup(request->nik(), access);
      }));
      return scope.status();
    }
    std::vector<storage::NikHitRecord> hits;
    USULAN_RETURN_IF_ERROR(ctx_.db.InTransaction([&](storage::Tx& tx) -> absl::Status {
      USULAN_ASSIGN_OR_RETURN(std::vector<storage::NikHitRecord> found,
                              tx.queues().FindProposalsByNik(request->nik()));
      hits.clear();  // a retried transaction starts over
      for (storage::NikHitRecord& hit : found) {
        // The scope, and for a verifier only their assignments (as in listings).
        if (workflow::Covers(*scope, hit.desa_code) &&
            workflow::CheckReadAccess(actor, hit.desa_code, hit.assigned_verifier).ok()) {
          hits.push_back(std::move(hit));
        }
      }
      access.outcome =
          hits.empty() ? storage::AccessOutcome::kNotFound : storage::AccessOutcome::kFound;
      access.proposals = static_cast<int>(hits.size());
      return tx.access_log().RecordLookup(request->nik(), access);
    }));
    for (const storage::NikHitRecord& hit : hits) FillNikProposal(hit, response->add_proposals());
    log.set_count("proposals", static_cast<int64_t>(hits.size()));
    return absl::OkStatus();
  };
  return log.Finish(run());
}

}  // namespace usulan::services
