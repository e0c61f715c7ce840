// The check after a recorded load (and whatever fault hit it), against the
// server and, through AuditService, its database, in this order:
//  1. every request left unanswered is resent with the same request id until
//     the server answers it (within the retry window);
//  2. lost: an OK answer (proposal, version = sequence, request id) whose audit
//     row is missing from GetHistory, read before step 3 (whose resends would
//     apply anew what a crash had lost);
//  3. every answered request is resent too: the replayed answer must equal the
//     first one (same proposals, versions and states; an import's rows the
//     same DRAFTs);
//  4. duplicates: an event (from, to) applied twice to one proposal;
//  5. VerifyChain over everything is OK.
// Thread-safe to call once at a time.
#pragma once

#include <cstdint>
#include <ostream>

#include "tools/bench/client.h"
#include "tools/recorder/journal.h"

namespace usulan::recorder {

struct CheckOptions {
  int clients = 4;
  double retry_for_s = 60;  // how long a resend keeps retrying a retryable failure
  // > 0 (wall ms, e.g. when a failed dependency came back): report how long
  // after it the first request that was failing before it was answered OK.
  int64_t since_ms = 0;
};

struct CheckFigures {
  int64_t requests = 0;
  int64_t acknowledged = 0;  // answered OK during the load
  int64_t retried = 0;       // attempts after a failed one during the load
  int64_t unanswered = 0;    // no answer during the load: resent here
  int64_t unanswered_after_resend = 0;
  int64_t refused = 0;  // a non-retryable answer (load or resend)
  int64_t replayed = 0;
  int64_t replay_mismatches = 0;
  int64_t lost = 0;
  int64_t duplicates = 0;
  int64_t half_written = 0;  // the load's --untouched-when findings
  int64_t untouched_checked = 0;
  int64_t transitions_checked = 0;   // GetHistory rows read (after every resend)
  int64_t unreadable_histories = 0;  // GetHistory failed: nothing can be shown
  bool chain_ok = false;
  std::string chain_detail;
  int64_t recovery_ms = -1;  // with since_ms (above); -1 without, or none
  bool Passed() const;
};

CheckFigures Check(const bench::Server& server, const bench::Tokens& tokens,
                   const JournalContents& journal, const CheckOptions& options);

// One line of key=value figures (what the fault tests parse), then the verdict.
void Print(std::ostream& out, const CheckFigures& figures);

}  // namespace usulan::recorder
