// The recorded load: seeds four pools of proposals through the real API (the
// bench setup), then drives them with concurrent clients, journaling every
// request and every attempt's answer.
//
// The pools (bench data sets of one province each, from Shape::first_province):
//   +0  DRAFTs        -> SubmitProposal (civil-registry check, group commit)
//   +1  IN_VERIFICATION -> RecordVisit (group commit)
//   +2  AGREED at a closed Musdes -> AssignVerifier in chunks (all-or-nothing batch step)
//   +3  no proposals   -> ImportProposals streams of new households (DRAFTs)
// Each proposal is the target of exactly one request, so any event applied twice
// shows in its history. A failed attempt is retried with the same request id
// (every 200 ms) while its code is Retryable and its retry window lasts; what
// is left is "unanswered" and resent by `check`.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "tools/bench/client.h"
#include "tools/recorder/journal.h"

namespace usulan::recorder {

struct LoadOptions {
  int clients = 4;
  double duration_s = 6;  // no new request starts after this
  int pause_ms = 15;      // between a client's requests: a few seconds of load
  int row_pause_ms = 25;  // between an import's rows
  // How long a failed request keeps being retried from its first failure; 0:
  // never, it is left unanswered for `check` to resend.
  double retry_for_s = 30;
  int import_rows = 10;
  int assign_chunk = 5;
  // A failed answer whose message contains this (e.g. "civil registry
  // unavailable") must leave its proposal untouched: each is checked with
  // GetProposal right away and journaled. Empty: not checked.
  std::string untouched_when;
};

struct LoadFigures {
  int64_t requests = 0;
  int64_t acknowledged = 0;  // requests answered OK (first time or on a retry)
  int64_t retried = 0;       // attempts after a first failed one
  int64_t failed_attempts = 0;
  int64_t refused = 0;       // answered with a non-retryable code: a finding
  int64_t unanswered = 0;    // still failing when the retry window closed
  int64_t half_written = 0;  // --untouched-when answers that had changed something
  int64_t untouched_checked = 0;
  int64_t recovery_ms = 0;  // longest time from a failure to the next OK answer
};

// Seeds the pools and returns the requests of the load, interleaved by kind.
absl::Status Seed(const bench::Server& server, const bench::Tokens& tokens, const Shape& shape,
                  const LoadOptions& options, std::vector<Request>& plan);

// Runs the plan; every request and attempt goes to `journal`.
LoadFigures RunLoad(const bench::Server& server, const bench::Tokens& tokens, const Shape& shape,
                    const std::vector<Request>& plan, const LoadOptions& options, Journal& journal);

int64_t NowMs();

}  // namespace usulan::recorder
