#include "services/proposal_service.h"

#include <algorithm>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "base/string_view_compat.h"
#include "services/convert.h"
#include "services/filer_privacy.h"
#include "services/digest.h"
#include "app/double_listing.h"
#include "app/idempotent.h"
#include "base/ids.h"
#include "services/proposal_change.h"
#include "services/proposal_creation.h"
#include "app/proposal_transitions.h"
#include "services/queue_filters.h"
#include "services/request_checks.h"
#include "services/rpc_log.h"
#include "base/status_macros.h"
#include "app/stored_answer.h"
#include "workflow/household.h"
#include "workflow/queues.h"
#include "workflow/region.h"
#include "services/call_start.h"

namespace usulan::services {
namespace {

using workflow::Event;
using workflow::Kind;

// Reads the proposal outside any change, for the checks that must happen before
// the transaction (the civil-registry call is slow I/O and must not hold locks).
absl::StatusOr<storage::ProposalRecord> ReadProposal(storage::Database& db,
                                                     const std::string& id) {
  storage::ProposalRecord out;
  USULAN_RETURN_IF_ERROR(db.InTransaction([&](storage::Tx& tx) -> absl::Status {
    USULAN_ASSIGN_OR_RETURN(out, tx.proposals().GetProposal(id));
    return absl::OkStatus();
  }));
  return out;
}

// What the civil registry said about a household, and the proposal version the
// answer is about.
struct RegistryAnswer {
  int64_t version = 0;
  workflow::State state = workflow::State::kDraft;  // of the proposal when asked
  std::vector<workflow::MemberCheck> checks;
};

// Asks the registry about the proposal's household (or `replacement`) before the
// transaction: it is slow I/O and must not hold row locks. Asked only when the
// proposal is in one of `asking_states`; in any other state the transaction replays the
// stored answer of a repeated request or refuses the event. A NEW or CORRECTION whose
// household would list someone twice is refused first (app/double_listing.h).
absl::StatusOr<RegistryAnswer> AskRegistry(const ServiceContext& ctx, const workflow::Actor& actor,
                                           Event event, const std::string& id,
                                           const std::vector<workflow::State>& asking_states,
                                           const workflow::Household* replacement) {
  USULAN_ASSIGN_OR_RETURN(storage::ProposalRecord seen, ReadProposal(ctx.db, id));
  // Who may not act at all is refused before the registry hears of the household;
  // state refusals wait for the transaction, which may instead replay a repeat.
  absl::Status allowed = workflow::CheckActor(actor, event, seen.region.desa_code);
  if (!allowed.ok()) return allowed;
  if (replacement != nullptr) {
    USULAN_RETURN_IF_ERROR(workflow::ValidateHousehold(*replacement, seen.kind));
  }
  RegistryAnswer answer{seen.version, seen.state, {}};
  if (std::find(asking_states.begin(), asking_states.end(), seen.state) != asking_states.end()) {
    const workflow::Household& household = replacement ? *replacement : seen.household;
    // Nobody listed twice (docs/register.md#one-entry-per-person), asked before the
    // registry hears of the household; a listing meanwhile is the decision's to see.
    USULAN_RETURN_IF_ERROR(ctx.db.InTransaction([&](storage::Tx& tx) {
      return app::CheckMembersNotListed(tx, actor, seen.kind, seen.register_entry_id, household);
    }));
    USULAN_ASSIGN_OR_RETURN(answer.checks, ctx.registry.Check(household));
    if (answer.checks.size() != household.members.size() || answer.checks.empty()) {
      return absl::UnavailableError(
          "the civil registry answered for a different number of members; retry");
    }
  }
  return answer;
}

// What the civil registry is asked on a change: by which event, in which states
// of the proposal (in any other the transaction replays a repeat or refuses the
// event), and about which household instead of the stored one, if any.
struct RegistryQuestion {
  Event event;
  std::vector<workflow::State> asking_states;
  const workflow::Household* replacement = nullptr;
};

// How a change that the civil registry checks begins (SubmitProposal,
// CorrectProposal, TakeUpProposal), in the one order they refuse in: BeginChange,
// proposal_id, the RPC's own `check_fields`; then a repeat of the request is
// answered its stored answer (into `response`; `answer` is nullopt) before the
// registry hears of the household again; otherwise the registry is asked, before
// any transaction (AskRegistry).
struct RegistryCheckedStart {
  Change change;
  std::optional<RegistryAnswer> answer;
};
template <typename Request>
absl::StatusOr<RegistryCheckedStart> BeginRegistryCheckedChange(
    const ServiceContext& ctx, const grpc::ServerContext& context, const Request& request,
    RpcLog& log, std::string_view rpc, const RegistryQuestion& question,
    const std::function<absl::Status()>& check_fields, v1::Proposal& response) {
  USULAN_ASSIGN_OR_RETURN(Change change, BeginChange(ctx.authenticator, context, request, log));
  USULAN_RETURN_IF_ERROR(CheckId("proposal_id", request.proposal_id()));
  USULAN_RETURN_IF_ERROR(check_fields());
  USULAN_ASSIGN_OR_RETURN(
      bool replayed,
      app::ReplayStoredAnswer(
          ctx.db, MakeRequestKey(rpc, change.actor, request.request_id(), request), response));
  if (replayed) return RegistryCheckedStart{std::move(change), std::nullopt};
  USULAN_ASSIGN_OR_RETURN(
      RegistryAnswer answer,
      AskRegistry(ctx, change.actor, question.event, request.proposal_id(),
                  question.asking_states, question.replacement));
  return RegistryCheckedStart{std::move(change), std::move(answer)};
}

absl::Status NoMoreFields() { return absl::OkStatus(); }

// ABORTED when the proposal changed after the registry was asked, so nothing moves
// on a check of data (or a state) that is no longer there.
absl::Status CheckAnswerIsCurrent(const storage::ProposalRecord& proposal,
                                  const RegistryAnswer& answer) {
  if (proposal.version != answer.version || proposal.state != answer.state) {
    return absl::AbortedError(base::Concat(
        "proposal ", proposal.id, " changed during the civil-registry check; retry"));
  }
  return absl::OkStatus();
}

// The caller's `event`, then the registry's verdict on `household` as the system;
// both records carry the digest of the household data that was checked.
std::vector<app::EventStep> VerdictSteps(const RegistryAnswer& answer, Event event,
                                    const workflow::Actor& actor, workflow::Payload payload,
                                    const workflow::Household& household,
                                    std::string_view household_key) {
  AddHouseholdEvidence(household_key, household, payload.document_hashes, payload.attributes);
  workflow::Payload verdict = app::NikCheckedPayload(answer.checks);
  verdict.document_hashes.push_back(payload.document_hashes.back());
  verdict.attributes[kHouseholdDigestAttribute] = kHouseholdDigestHmacSha256;
  std::vector<app::EventStep> steps;
  steps.push_back({event, actor, std::move(payload), {}});
  steps.push_back({Event::kNikChecked, app::RegistryActor(), std::move(verdict),
                   workflow::MismatchedPositions(answer.checks)});
  return steps;
}

// Inside the transaction: VerdictSteps, storing `replacement` data between them
// if given. Refused (ABORTED) when the proposal changed after the registry was
// asked, so nothing moves on a check of data that is no longer there.
absl::Status ApplyWithVerdict(storage::Tx& tx, storage::ProposalRecord& proposal,
                              const RegistryAnswer& answer, Event event,
                              const workflow::Actor& actor, workflow::Payload payload,
                              const workflow::Household* replacement,
                              const std::string& request_id, storage::TimePoint now,
                              std::string_view household_key) {
  USULAN_RETURN_IF_ERROR(CheckAnswerIsCurrent(proposal, answer));
  std::vector<app::EventStep> steps =
      VerdictSteps(answer, event, actor, std::move(payload),
                   replacement ? *replacement : proposal.household, household_key);
  USULAN_RETURN_IF_ERROR(app::ApplyEvent(tx, proposal, steps[0].event, steps[0].actor,
                                    std::move(steps[0].payload), request_id, now));
  if (replacement != nullptr) {
    USULAN_RETURN_IF_ERROR(tx.proposals().ReplaceHousehold(proposal.id, *replacement, proposal.reason,
                                               proposal.deactivation_reason));
    proposal.household = *replacement;
  }
  return app::ApplyEvent(tx, proposal, steps[1].event, steps[1].actor, std::move(steps[1].payload),
                    request_id, now, steps[1].nik_mismatch_members);
}

// Rework of a RETURNED proposal: the corrected household goes back to PRELIST for
// a new deliberation, but only with NIKs the civil registry confirms (there is no
// NIK_MISMATCH step on this path, so a mismatch refuses the rework instead).
absl::Status ApplyRework(storage::Tx& tx, storage::ProposalRecord& proposal,
                         const RegistryAnswer& answer, const workflow::Actor& actor,
                         workflow::Payload payload, const workflow::Household& household,
                         const std::string& request_id, storage::TimePoint now,
                         std::string_view household_key) {
  USULAN_RETURN_IF_ERROR(CheckAnswerIsCurrent(proposal, answer));
  const workflow::Payload verdict = app::NikCheckedPayload(answer.checks);
  if (!*verdict.verdict) {
    return absl::FailedPreconditionError(
        base::Concat("household: ", verdict.reason, "; correct it before the rework"));
  }
  AddHouseholdEvidence(household_key, household, payload.document_hashes, payload.attributes);
  payload.attributes["checked_members"] = verdict.attributes.at("checked_members");
  USULAN_RETURN_IF_ERROR(app::ApplyEvent(tx, proposal, Event::kRework, actor, std::move(payload),
                                    request_id, now));
  USULAN_RETURN_IF_ERROR(tx.proposals().ReplaceHousehold(proposal.id, household, proposal.reason,
                                             proposal.deactivation_reason));
  proposal.household = household;
  return absl::OkStatus();
}

}  // namespace

grpc::Status ProposalServiceImpl::CreateProposal(grpc::ServerContext* context,
                                                 const v1::CreateProposalRequest* request,
                                                 v1::Proposal* response) {
  RpcLog log("CreateProposal");
  auto run = [&]() -> absl::Status {
    USULAN_ASSIGN_OR_RETURN(Change change, BeginChange(ctx_.authenticator, *context, *request, log));
    USULAN_ASSIGN_OR_RETURN(workflow::Route route, ParseCreationRoute(request->route()));
    storage::TimePoint now = ctx_.clock.Now();
    USULAN_ASSIGN_OR_RETURN(NewProposal proposal,
                            PrepareCreation(change.actor, *request, now, ctx_.household_key,
                                            route, CreationEvidence(*request)));
    auto key = MakeRequestKey("CreateProposal", change.actor, request->request_id(), *request);
    USULAN_RETURN_IF_ERROR(app::RunIdempotent(
        ctx_.db, key, now,
        [&](storage::Tx& tx) {
          return InsertCreation(tx, proposal, request->request_id(), response);
        },
        *response));
    log.set_subject_id("proposal_id", response->proposal_id());
    log.set_transition("", workflow::Name(proposal.record.state));
    return absl::OkStatus();
  };
  return log.Finish(run());
}

grpc::Status ProposalServiceImpl::UpdateDraft(grpc::ServerContext* context,
                                              const v1::UpdateDraftRequest* request,
                                              v1::Proposal* response) {
  RpcLog log("UpdateDraft");
  log.set_subject_id("proposal_id", request->proposal_id());
  auto run = [&]() -> absl::Status {
    USULAN_ASSIGN_OR_RETURN(Change change, BeginChange(ctx_.authenticator, *context, *request, log));
    // Not a structured binding: clang 14 (the ASan tree) cannot capture one.
    const workflow::Actor& actor = change.actor;
    const std::optional<int64_t>& expected = change.expected_version;
    USULAN_RETURN_IF_ERROR(CheckId("proposal_id", request->proposal_id()));
    USULAN_ASSIGN_OR_RETURN(auto deactivation, ParseDeactivation(request->deactivation_reason()));
    workflow::Household household = FromProto(request->household());

    return ChangeProposal(
        ctx_, "UpdateDraft", actor, {Event::kUpdateDraft}, *request, request->request_id(),
        request->proposal_id(), expected, log,
        [&](storage::Tx& tx, storage::ProposalRecord& proposal, storage::TimePoint now) {
          USULAN_RETURN_IF_ERROR(workflow::CheckScope(actor, proposal.region.desa_code));
          // Field checks depend on the stored kind, hence inside the transaction.
          USULAN_RETURN_IF_ERROR(CheckKindFields(proposal.kind, request->reason(), deactivation));
          USULAN_RETURN_IF_ERROR(workflow::ValidateHousehold(household, proposal.kind));
          workflow::Payload edit;
          edit.reason = request->reason();
          AddHouseholdEvidence(ctx_.household_key, household, edit.document_hashes,
                               edit.attributes);
          USULAN_RETURN_IF_ERROR(app::ApplyEvent(tx, proposal, Event::kUpdateDraft, actor,
                                            std::move(edit), request->request_id(), now));
          USULAN_RETURN_IF_ERROR(tx.proposals().ReplaceHousehold(proposal.id, household, request->reason(),
                                                     deactivation));
          proposal.household = household;
          proposal.reason = request->reason();
          proposal.deactivation_reason = deactivation;
          return absl::OkStatus();
        },
        response);
  };
  return log.Finish(run());
}

grpc::Status ProposalServiceImpl::SubmitProposal(grpc::ServerContext* context,
                                                 const v1::SubmitProposalRequest* request,
                                                 v1::Proposal* response) {
  RpcLog log("SubmitProposal");
  log.set_subject_id("proposal_id", request->proposal_id());
  auto run = [&]() -> absl::Status {
    USULAN_ASSIGN_OR_RETURN(
        RegistryCheckedStart start,
        BeginRegistryCheckedChange(ctx_, *context, *request, log, "SubmitProposal",
                                   {Event::kSubmit, {workflow::State::kDraft}}, NoMoreFields,
                                   *response));
    if (!start.answer) return absl::OkStatus();  // a repeat, answered

    return ChangeProposalByEvents(
        ctx_, "SubmitProposal", start.change.actor, {Event::kSubmit}, *request,
        request->request_id(), request->proposal_id(), start.change.expected_version, log,
        [&](const storage::ProposalRecord& proposal)
            -> absl::StatusOr<std::vector<app::EventStep>> {
          USULAN_RETURN_IF_ERROR(CheckAnswerIsCurrent(proposal, *start.answer));
          return VerdictSteps(*start.answer, Event::kSubmit, start.change.actor, {},
                              proposal.household, ctx_.household_key);
        },
        response);
  };
  return log.Finish(run());
}

grpc::Status ProposalServiceImpl::CorrectProposal(grpc::ServerContext* context,
                                                  const v1::CorrectProposalRequest* request,
                                                  v1::Proposal* response) {
  RpcLog log("CorrectProposal");
  log.set_subject_id("proposal_id", request->proposal_id());
  auto run = [&]() -> absl::Status {
    const workflow::Household household = FromProto(request->household());
    USULAN_ASSIGN_OR_RETURN(
        RegistryCheckedStart start,
        BeginRegistryCheckedChange(
            ctx_, *context, *request, log, "CorrectProposal",
            {Event::kCorrect,
             {workflow::State::kNikMismatch, workflow::State::kReturned},
             &household},
            [&] { return CheckRequired("reason", request->reason()); }, *response));
    if (!start.answer) return absl::OkStatus();  // a repeat, answered

    return ChangeProposal(
        ctx_, "CorrectProposal", start.change.actor, {Event::kCorrect, Event::kRework}, *request,
        request->request_id(), request->proposal_id(), start.change.expected_version, log,
        [&](storage::Tx& tx, storage::ProposalRecord& proposal, storage::TimePoint now) {
          workflow::Payload correction;
          correction.reason = request->reason();
          if (proposal.state == workflow::State::kReturned) {
            return ApplyRework(tx, proposal, *start.answer, start.change.actor, correction,
                               household, request->request_id(), now, ctx_.household_key);
          }
          return ApplyWithVerdict(tx, proposal, *start.answer, Event::kCorrect, start.change.actor,
                                  correction, &household, request->request_id(), now,
                                  ctx_.household_key);
        },
        response);
  };
  return log.Finish(run());
}

grpc::Status ProposalServiceImpl::TakeUpProposal(grpc::ServerContext* context,
                                                 const v1::TakeUpProposalRequest* request,
                                                 v1::Proposal* response) {
  RpcLog log("TakeUpProposal");
  log.set_subject_id("proposal_id", request->proposal_id());
  auto run = [&]() -> absl::Status {
    // The village's completed household is what the civil registry checks, as on
    // submission: taken up, a citizen's proposal is the village's own.
    const workflow::Household household = FromProto(request->household());
    USULAN_ASSIGN_OR_RETURN(RegistryCheckedStart start,
                            BeginRegistryCheckedChange(
                                ctx_, *context, *request, log, "TakeUpProposal",
                                {Event::kTakeUp, {workflow::State::kCitizenProposed}, &household},
                                NoMoreFields, *response));
    if (!start.answer) return absl::OkStatus();  // a repeat, answered
    return ChangeProposal(
        ctx_, "TakeUpProposal", start.change.actor, {Event::kTakeUp}, *request,
        request->request_id(), request->proposal_id(), start.change.expected_version, log,
        [&](storage::Tx& tx, storage::ProposalRecord& proposal, storage::TimePoint now) {
          return ApplyWithVerdict(tx, proposal, *start.answer, Event::kTakeUp, start.change.actor,
                                  {}, &household, request->request_id(), now, ctx_.household_key);
        },
        response);
  };
  return log.Finish(run());
}

grpc::Status ProposalServiceImpl::DeclineProposal(grpc::ServerContext* context,
                                                  const v1::DeclineProposalRequest* request,
                                                  v1::Proposal* response) {
  RpcLog log("DeclineProposal");
  log.set_subject_id("proposal_id", request->proposal_id());
  auto run = [&]() -> absl::Status {
    USULAN_ASSIGN_OR_RETURN(Change change, BeginChange(ctx_.authenticator, *context, *request, log));
    USULAN_RETURN_IF_ERROR(CheckId("proposal_id", request->proposal_id()));
    // The citizen reads this reason: a filing never vanishes without one.
    USULAN_RETURN_IF_ERROR(CheckRequired("reason", request->reason()));
    workflow::Payload payload;
    payload.reason = request->reason();
    return ChangeProposalByEvents(
        ctx_, "DeclineProposal", change.actor, {Event::kDecline}, *request,
        request->request_id(), request->proposal_id(), change.expected_version, log,
        [&](const storage::ProposalRecord&) -> absl::StatusOr<std::vector<app::EventStep>> {
          return std::vector<app::EventStep>{{Event::kDecline, change.actor, payload, {}}};
        },
        response);
  };
  return log.Finish(run());
}

grpc::Status ProposalServiceImpl::WithdrawProposal(grpc::ServerContext* context,
                                                   const v1::WithdrawProposalRequest* request,
                                                   v1::Proposal* response) {
  RpcLog log("WithdrawProposal");
  log.set_subject_id("proposal_id", request->proposal_id());
  auto run = [&]() -> absl::Status {
    USULAN_ASSIGN_OR_RETURN(Change change, BeginChange(ctx_.authenticator, *context, *request, log));
    // Not a structured binding: clang 14 (the ASan tree) cannot capture one.
    const workflow::Actor& actor = change.actor;
    const std::optional<int64_t>& expected = change.expected_version;
    USULAN_RETURN_IF_ERROR(CheckId("proposal_id", request->proposal_id()));
    USULAN_RETURN_IF_ERROR(CheckRequired("reason", request->reason()));

    return ChangeProposal(
        ctx_, "WithdrawProposal", actor, {Event::kWithdraw}, *request, request->request_id(),
        request->proposal_id(), expected, log,
        [&](storage::Tx& tx, storage::ProposalRecord& proposal, storage::TimePoint now) {
          // Who may not withdraw at all learns nothing about the agenda.
          USULAN_RETURN_IF_ERROR(
              workflow::CheckActor(actor, Event::kWithdraw, proposal.region.desa_code));
          // An item on an open agenda is the meeting's to decide; withdrawing it
          // under the meeting would leave the meeting unable to close.
          USULAN_ASSIGN_OR_RETURN(auto deliberation, tx.deliberations().OpenDeliberationOf(proposal.id));
          if (deliberation) {
            return absl::FailedPreconditionError(base::Concat(
                "proposal ", proposal.id, " is on the agenda of open deliberation ",
                *deliberation, "; the village head records its outcome there"));
          }
          workflow::Payload withdrawal;
          withdrawal.reason = request->reason();
          return app::ApplyEvent(tx, proposal, Event::kWithdraw, actor, withdrawal,
                            request->request_id(), now);
        },
        response);
  };
  return log.Finish(run());
}

grpc::Status ProposalServiceImpl::GetProposal(grpc::ServerContext* context,
                                              const v1::GetProposalRequest* request,
                                              v1::Proposal* response) {
  RpcLog log("GetProposal");
  log.set_subject_id("proposal_id", request->proposal_id());
  auto run = [&]() -> absl::Status {
    USULAN_ASSIGN_OR_RETURN(workflow::Actor actor,
                            AuthenticateCall(ctx_.authenticator, *context, *request, log));
    USULAN_RETURN_IF_ERROR(CheckId("proposal_id", request->proposal_id()));
    USULAN_ASSIGN_OR_RETURN(storage::ProposalRecord proposal,
                            ReadProposal(ctx_.db, request->proposal_id()));
    // A verifier reads only their assignments. Refused as PERMISSION_DENIED, like a
    // proposal outside the caller's region, rather than NOT_FOUND: ids are random
    // UUIDs, so the answer reveals nothing a caller could not already guess, and a
    // verifier whose assignment went to a colleague learns why instead of
    // believing the proposal was deleted.
    USULAN_RETURN_IF_ERROR(workflow::CheckReadAccess(actor, proposal.region.desa_code,
                                                     proposal.assigned_verifier));
    ToProto(proposal, response);
    WithholdFromReader(actor.role, response);
    for (Event event : workflow::AllowedEvents(app::SnapshotOf(proposal), actor)) {
      response->add_allowed_events(std::string(workflow::Name(event)));
    }
    // An auditor reads trails, not households: the proposal without its
    // household (docs/personal-data-access.md).
    if (!workflow::ReadsHouseholds(actor.role)) {
      response->clear_household();
      response->set_household_withheld(true);
    }
    return absl::OkStatus();
  };
  return log.Finish(run());
}

grpc::Status ProposalServiceImpl::ListProposals(grpc::ServerContext* context,
                                                const v1::ListProposalsRequest* request,
                                                v1::ListProposalsResponse* response) {
  RpcLog log("ListProposals");
  auto run = [&]() -> absl::Status {
    USULAN_ASSIGN_OR_RETURN(workflow::Actor actor,
                            AuthenticateCall(ctx_.authenticator, *context, *request, log));
    storage::ProposalFilter filter;
    USULAN_ASSIGN_OR_RETURN(filter.region_prefix,
                            ResolveRegionPrefix(request->region_prefix(), actor.region));
    USULAN_ASSIGN_OR_RETURN(filter.states, FromProtoEach<v1::ProposalState>(
                                               "states", "state", request->states()));
    std::optional<std::vector<workflow::State>> states =
        ListedStates(filter.states, request->waiting_for_me(), actor.role);
    USULAN_ASSIGN_OR_RETURN(filter.state_since_before,
                            OverdueCutoff(request->overdue_days(), ctx_.clock.Now()));
    filter.assigned_verifier = AssignmentsOf(actor);
    USULAN_ASSIGN_OR_RETURN(filter.kinds, FromProtoEach<v1::ProposalKind>(
                                              "kinds", "kind", request->kinds()));
    USULAN_ASSIGN_OR_RETURN(filter.routes, FromProtoEach<v1::ProposalRoute>(
                                               "routes", "route", request->routes()));
    USULAN_ASSIGN_OR_RETURN(filter.limit, CheckPageSize(request->page_size()));
    USULAN_ASSIGN_OR_RETURN(auto cursor, DecodePageToken(request->page_token()));
    if (cursor) filter.after = storage::ProposalCursor{cursor->first, cursor->second};
    if (!states) {
      // waiting_for_me with nothing waiting: no state could match.
      log.set_count("rows", 0);
      return absl::OkStatus();
    }
    filter.states = std::move(*states);

    // One row more than the page tells whether another page follows.
    int page = filter.limit;
    filter.limit = page + 1;
    std::vector<storage::ProposalSummaryRecord> rows;
    USULAN_RETURN_IF_ERROR(ctx_.db.InTransaction([&](storage::Tx& tx) -> absl::Status {
      USULAN_ASSIGN_OR_RETURN(rows, tx.queues().ListProposals(filter));
      return absl::OkStatus();
    }));
    bool more = static_cast<int>(rows.size()) > page;
    if (more) rows.resize(page);
    for (const auto& row : rows) ToProto(row, response->add_proposals());
    if (more) response->set_next_page_token(EncodePageToken(rows.back().created_at, rows.back().id));
    log.set_count("rows", static_cast<int64_t>(rows.size()));
    return absl::OkStatus();
  };
  return log.Finish(run());
}

}  // namespace usulan::services
