#include "jobs/cycle_job.h"

#include "app/proposal_transitions.h"
#include "base/log.h"
#include "base/status_macros.h"
#include "base/string_view_compat.h"

namespace usulan::jobs {
namespace {

constexpr int kPage = 200;

struct Work {
  storage::Database& db;
  const base::Clock& clock;
};

const workflow::Actor& CycleActor() {
  static const workflow::Actor actor{"system:cycle-job", workflow::Role::kSystem, ""};
  return actor;
}

// Moves one proposal if it is still as scanned; false when it moved meanwhile.
absl::StatusOr<bool> MoveIfUnchanged(Work ctx, const storage::DueProposal& due,
                                     workflow::Event event, workflow::Payload payload,
                                     const std::string& request_id) {
  bool moved = false;
  USULAN_RETURN_IF_ERROR(ctx.db.InTransaction([&](storage::Tx& tx) -> absl::Status {
    USULAN_ASSIGN_OR_RETURN(storage::ProposalRecord proposal, tx.proposals().LockProposal(due.id));
    if (proposal.state != due.state || proposal.state_since != due.state_since) return absl::OkStatus();
    // Read under the lock, so the row is never older than the proposal's last one.
    const storage::TimePoint now = ctx.clock.Now();
    USULAN_RETURN_IF_ERROR(app::ApplyEvent(tx, proposal, event, CycleActor(), std::move(payload),
                                      request_id, now));
    moved = true;
    return absl::OkStatus();
  }));
  return moved;
}

absl::Status RunCutoffs(Work ctx, const workflow::CyclePolicy& policy,
                        CycleRun& run) {
  std::optional<std::pair<storage::TimePoint, std::string>> after;
  while (true) {
    std::vector<storage::DueProposal> page;
    USULAN_RETURN_IF_ERROR(ctx.db.InTransaction([&](storage::Tx& tx) -> absl::Status {
      USULAN_ASSIGN_OR_RETURN(page, tx.batches().ListCycleCandidates(after, kPage));
      return absl::OkStatus();
    }));
    for (const storage::DueProposal& due : page) {
      auto step = workflow::DueCycleStep(due.state, due.state_since, due.cycle_id,
                                         ctx.clock.Now(), policy);
      if (!step) continue;
      workflow::Payload payload;
      payload.attributes["cycle_id"] = step->cycle_id;
      payload.reason = step->event == workflow::Event::kMissCutoff
                           ? base::Concat("released after the cut-off; deferred to cycle ",
                                              step->cycle_id)
                           : base::Concat("cut-off of cycle ", step->cycle_id);
      // The request id names the step, so a rerun's record is recognisable.
      const std::string request_id =
          base::Concat("cycle:", step->cycle_id, ":", workflow::Name(step->event));
      USULAN_ASSIGN_OR_RETURN(bool moved,
                              MoveIfUnchanged(ctx, due, step->event, payload, request_id));
      if (!moved) {
        ++run.skipped;
      } else if (step->event == workflow::Event::kMissCutoff) {
        ++run.deferred;
      } else {
        ++run.opened_for_review;
      }
    }
    if (static_cast<int>(page.size()) < kPage) return absl::OkStatus();
    after = std::make_pair(page.back().state_since, page.back().id);
  }
}

absl::Status RunLapses(Work ctx, CycleRun& run) {
  const storage::TimePoint filed_before = ctx.clock.Now() - workflow::kObjectionDeadline;
  while (true) {
    std::vector<storage::DueProposal> page;
    USULAN_RETURN_IF_ERROR(ctx.db.InTransaction([&](storage::Tx& tx) -> absl::Status {
      USULAN_ASSIGN_OR_RETURN(page, tx.batches().ListLapsingObjections(filed_before, kPage));
      return absl::OkStatus();
    }));
    int moved_here = 0;
    for (const storage::DueProposal& due : page) {
      workflow::Payload payload;
      payload.reason = "objection not verified within 14 days of filing";
      payload.attributes["deadline"] =
          workflow::FormatRfc3339(workflow::ObjectionDeadline(due.created_at));
      USULAN_ASSIGN_OR_RETURN(
          bool moved, MoveIfUnchanged(ctx, due, workflow::Event::kLapse, payload, "objection-lapse"));
      if (moved) {
        ++run.lapsed;
        ++moved_here;
      } else {
        ++run.skipped;
      }
    }
    // Lapsed rows leave the scan; a page without progress means only racing rows remain.
    if (static_cast<int>(page.size()) < kPage || moved_here == 0) return absl::OkStatus();
  }
}

}  // namespace

absl::StatusOr<CycleRun> RunCycleJob(storage::Database& db, const base::Clock& clock,
                                     const workflow::CyclePolicy& policy) {
  const Work ctx{db, clock};
  CycleRun run;
  USULAN_RETURN_IF_ERROR(RunCutoffs(ctx, policy, run));
  USULAN_RETURN_IF_ERROR(RunLapses(ctx, run));
  return run;
}

std::unique_ptr<PeriodicTask> StartCycleJob(storage::Database& db, const base::Clock& clock,
                                            workflow::CyclePolicy policy,
                                            std::chrono::milliseconds interval) {
  return std::make_unique<PeriodicTask>(interval, PeriodicTask::First::kNow, [&db, &clock, policy] {
    auto run = RunCycleJob(db, clock, policy);
    if (!run.ok()) {
      base::LogEvent("warn", "cycle_job", std::string(run.status().message()));
    } else if (run->opened_for_review + run->deferred + run->lapsed > 0) {
      base::LogEvent("info", "cycle_job",
               base::Concat("opened_for_review=", run->opened_for_review,
                                " deferred=", run->deferred, " lapsed=", run->lapsed,
                                " skipped=", run->skipped));
    }
  });
}

}  // namespace usulan::jobs
