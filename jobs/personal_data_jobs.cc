#include "jobs/personal_data_jobs.h"

#include "base/log.h"
#include "storage/tx.h"
#include "base/string_view_compat.h"

namespace usulan::jobs {

absl::StatusOr<int64_t> PrepareNikHashes(storage::Database& db, int batch) {
  absl::Status checked = db.InTransaction([](storage::Tx& tx) { return tx.personal_data().CheckNikKey(); });
  if (!checked.ok()) return checked;
  int64_t filled = 0;
  for (;;) {
    int n = 0;
    absl::Status status = db.InTransaction([&](storage::Tx& tx) -> absl::Status {
      auto done = tx.personal_data().BackfillNikHmac(batch);
      if (!done.ok()) return done.status();
      n = *done;
      return absl::OkStatus();
    });
    if (!status.ok()) return status;
    // The pass that fills no member also fills the claims from their members.
    if (n == 0) return filled;
    filled += n;
  }
}

absl::StatusOr<int64_t> PurgeExpiredRequests(storage::Database& db, const base::Clock& clock,
                                             std::chrono::hours window, int batch) {
  const storage::TimePoint before = clock.Now() - window;
  int64_t purged = 0;
  for (;;) {
    int n = 0;
    absl::Status status = db.InTransaction([&](storage::Tx& tx) -> absl::Status {
      auto done = tx.personal_data().PurgeRequests(before, batch);
      if (!done.ok()) return done.status();
      n = *done;
      return absl::OkStatus();
    });
    if (!status.ok()) return status;
    purged += n;
    if (n < batch) return purged;
  }
}

std::unique_ptr<PeriodicTask> StartRequestPurge(storage::Database& db, const base::Clock& clock,
                                                std::chrono::hours window,
                                                std::chrono::milliseconds interval) {
  return std::make_unique<PeriodicTask>(interval, PeriodicTask::First::kNow, [&db, &clock, window] {
    auto purged = PurgeExpiredRequests(db, clock, window);
    if (!purged.ok()) {
      base::LogEvent("warn", "request_purge", std::string(purged.status().message()));
    } else if (*purged > 0) {
      base::LogEvent("info", "request_purge",
               base::Concat("purged ", *purged, " idempotency records past the replay window"));
    }
  });
}

}  // namespace usulan::jobs
