#include "services/personal_data_service.h"

#include <ctime>

#include "app/idempotent.h"
#include "services/proposal_change.h"
#include "app/proposal_transitions.h"
#include "base/status_macros.h"
#include "base/string_view_compat.h"
#include "services/call_start.h"

namespace usulan::services {
namespace {

using workflow::Event;

// YYYY-MM-DD in UTC.
std::string DateOf(storage::TimePoint t) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(
      std::chrono::time_point_cast<std::chrono::system_clock::duration>(t));
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char out[16];
  std::strftime(out, sizeof out, "%Y-%m-%d", &utc);
  return out;
}

// Whether the proposal's household may be erased now: settled, not yet erased,
// and kept for the whole retention period since it settled. FAILED_PRECONDITION
// naming the state, or the date, otherwise.
absl::Status CheckErasable(const storage::ProposalRecord& proposal, storage::TimePoint now,
                           int retention_days) {
  if (proposal.personal_data_erased_at) {
    return absl::FailedPreconditionError(
        base::Concat("the personal data of proposal ", proposal.id, " was already erased on ",
                         DateOf(*proposal.personal_data_erased_at)));
  }
  if (!workflow::AllowedInTerminalState(proposal.state, Event::kErasePersonalData)) {
    return workflow::RefusalStatus(
        workflow::Refusal::kEventNotAllowedInState,
        base::Concat("event erase_personal_data is not allowed in state ",
                         workflow::Name(proposal.state),
                         ": only a settled (terminal) proposal's personal data is erased"));
  }
  const storage::TimePoint allowed_from =
      proposal.state_since + std::chrono::hours(24) * retention_days;
  if (now < allowed_from) {
    return absl::FailedPreconditionError(base::Concat(
        "event erase_personal_data is not allowed in state ", workflow::Name(proposal.state),
        " before ", DateOf(allowed_from), ": the retention period of ", retention_days,
        " days runs from ", DateOf(proposal.state_since)));
  }
  return absl::OkStatus();
}

}  // namespace

grpc::Status PersonalDataServiceImpl::ErasePersonalData(
    grpc::ServerContext* context, const v1::ErasePersonalDataRequest* request,
    v1::Proposal* response) {
  RpcLog log("ErasePersonalData");
  log.set_subject_id("proposal_id", request->proposal_id());
  auto run = [&]() -> absl::Status {
    USULAN_ASSIGN_OR_RETURN(Change change,
                            BeginChange(ctx_.authenticator, *context, *request, log));
    // Not a structured binding: clang 14 (the ASan tree) cannot capture one.
    const workflow::Actor& actor = change.actor;
    const std::optional<int64_t>& expected = change.expected_version;
    USULAN_RETURN_IF_ERROR(CheckId("proposal_id", request->proposal_id()));
    USULAN_RETURN_IF_ERROR(CheckRequired("reason", request->reason()));

    return ChangeProposal(
        ctx_, "ErasePersonalData", actor, {Event::kErasePersonalData}, *request, request->request_id(),
        request->proposal_id(), expected, log,
        [&](storage::Tx& tx, storage::ProposalRecord& proposal, storage::TimePoint now) {
          // Who may never erase learns nothing about the proposal's dates.
          USULAN_RETURN_IF_ERROR(workflow::CheckActor(actor, Event::kErasePersonalData,
                                                      proposal.region.desa_code));
          USULAN_RETURN_IF_ERROR(CheckErasable(proposal, now, options_.retention_days));
          workflow::Payload erasure;
          erasure.reason = request->reason();
          erasure.attributes["retention_days"] = std::to_string(options_.retention_days);
          erasure.attributes["settled_on"] = DateOf(proposal.state_since);
          const storage::TimePoint created_at = proposal.created_at;
          USULAN_RETURN_IF_ERROR(app::ApplyEvent(tx, proposal, Event::kErasePersonalData, actor,
                                            erasure, request->request_id(), now));
          const bool citizens_words = workflow::FiledByCitizen(proposal.route);
          USULAN_RETURN_IF_ERROR(tx.personal_data().ErasePersonalData(proposal.id, now, created_at,
                                                                      citizens_words));
          proposal.household = workflow::Household{};
          proposal.objection_point.reset();
          if (citizens_words) proposal.reason.clear();
          proposal.personal_data_erased_at = now;
          return absl::OkStatus();
        },
        response);
  };
  return log.Finish(run());
}

}  // namespace usulan::services
