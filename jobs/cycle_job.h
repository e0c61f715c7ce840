// The service's own periodic work on deadlines: at a cycle's cut-off, released
// (VILLAGE_FINAL) proposals enter the district review or are deferred to the next
// cycle; deferred ones are reopened when their cycle begins; objections not
// verified within 14 days lapse. Each proposal moves in its own transaction with
// its own audit record, acted by the system; a proposal that moved meanwhile is
// skipped, never forced. Time comes from the injected clock.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>

#include "absl/status/statusor.h"
#include "base/clock.h"
#include "jobs/periodic_task.h"
#include "storage/database.h"
#include "workflow/cycle.h"

namespace usulan::jobs {

struct CycleRun {
  int opened_for_review = 0;
  int deferred = 0;
  int lapsed = 0;
  int skipped = 0;  // changed by someone else between the scan and the move
};

// One pass over everything due at ctx.clock.Now(). Errors other than a proposal
// that moved meanwhile stop the pass and are returned (what moved stays moved:
// every move is its own committed transaction, and the next pass resumes).
absl::StatusOr<CycleRun> RunCycleJob(storage::Database& db, const base::Clock& clock,
                                     const workflow::CyclePolicy& policy);

// Runs RunCycleJob now and then every `interval` until the task is destroyed
// (which waits for a pass in progress). `db` and `clock` must outlive it.
std::unique_ptr<PeriodicTask> StartCycleJob(storage::Database& db, const base::Clock& clock,
                                            workflow::CyclePolicy policy,
                                            std::chrono::milliseconds interval);

}  // namespace usulan::jobs
