#include "jobs/personal_data_jobs.h"

#include <functional>

#include "base/log.h"
#include "storage/tx.h"
#include "base/string_view_compat.h"

namespace usulan::jobs {

namespace {

// Runs `fill` (one batch per transaction, answering how many rows it filled)
// until a batch fills none; returns the total.
absl::StatusOr<int64_t> FillUntilDone(
    storage::Database& db, const std::function<absl::StatusOr<int>(storage::Tx&)>& fill) {
  int64_t filled = 0;
  for (;;) {
    int n = 0;
    absl::Status status = db.InTransaction([&](storage::Tx& tx) -> absl::Status {
      auto done = fill(tx);
      if (!done.ok()) return done.status();
      n = *done;
      return absl::OkStatus();
    });
    if (!status.ok()) return status;
    if (n == 0) return filled;
    filled += n;
  }
}

}  // namespace

absl::StatusOr<int64_t> PrepareNikHashes(storage::Database& db, int batch) {
  absl::Status checked = db.InTransaction([](storage::Tx& tx) { return tx.personal_data().CheckNikKey(); });
  if (!checked.ok()) return checked;
  // The pass that fills no member also fills the claims from their members.
  auto niks = FillUntilDone(db, [&](storage::Tx& tx) {
    return tx.personal_data().BackfillNikHmac(batch);
  });
  if (!niks.ok()) return niks;
  // The names' hashes of the public status check (0014_public_status.sql).
  auto names = FillUntilDone(db, [&](storage::Tx& tx) {
    return tx.public_status().BackfillNameHmac(batch);
  });
  if (!names.ok()) return names;
  // The households' KK hashes (0017_household_kk_hmac.sql).
  auto kks = FillUntilDone(db, [&](storage::Tx& tx) {
    return tx.personal_data().BackfillKkHmac(batch);
  });
  if (!kks.ok()) return kks;
  return *niks;
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
