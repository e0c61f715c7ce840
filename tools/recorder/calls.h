// Sends one recorded request through the real server, the same way the first
// time and every resend (same request id, same content), and reads a proposal's
// version and state. Thread-safe as long as each thread uses its own Client.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "tools/bench/client.h"
#include "tools/bench/dataset.h"
#include "tools/recorder/journal.h"

namespace usulan::recorder {

struct Outcome {
  grpc::Status status;
  // OK: every proposal the call changed, in answer order. An import: its
  // accepted rows, also when the stream broke after them; when the stream ended
  // well but a row was refused, `status` is that row's code and message.
  std::vector<Changed> changed;
};

// The pool whose households an import sends (load.h: the fourth pool).
bench::Dataset ImportPool(const Shape& shape);

// One attempt of `request`, with a 30 s deadline. `row_pause` spaces an
// import's rows, so that a stream stays open long enough to be interrupted.
Outcome Send(bench::Client& client, const bench::Tokens& tokens, const Request& request,
             const bench::Dataset& import_pool, std::chrono::milliseconds row_pause);

// The request id a row of an import carries in the audit trail (the server's
// services/proposal_import.cc derives it the same way).
std::string RowRequestId(const std::string& import_rid, int64_t row);

// A national auditor: reads every proposal's version and state (the household
// withheld) and every history.
Request Auditor();

// GetProposal of `id` as the request's caller: version and state, or the status.
grpc::Status Read(bench::Client& client, const bench::Tokens& tokens, const Request& request,
                  const std::string& id, Changed& out);

// Codes after which the same request may be sent again: the server or the
// network failed, or the outcome is unknown. Anything else is the server's
// answer to the request itself.
bool Retryable(grpc::StatusCode code);

}  // namespace usulan::recorder
