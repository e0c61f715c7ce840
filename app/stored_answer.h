// Answering a repeated request before doing slow outside work for it. A change
// that must ask the civil registry first (SubmitProposal, CorrectProposal) cannot
// hold its transaction, and so its claim on the request id, across that call: it
// is slow I/O. It looks for the id's stored answer in a short transaction of its
// own instead, and asks the registry only when there is none, so a client's retry
// of a finished request (or an id reused for another request) never sends a
// household's NIKs and names to Dukcapil again. The change's own idempotent
// transaction still claims the id as before and replays an answer stored in
// between (two first attempts racing each other may both ask the registry; only
// one of them writes).
#pragma once

#include <google/protobuf/message.h>

#include "absl/status/statusor.h"
#include "storage/database.h"
#include "storage/records.h"

namespace usulan::app {

// True with `response` filled when `key` has a stored answer; false when the id
// is not used yet (or its first use has not committed). INVALID_ARGUMENT
// "request_id ..." when this caller used the id for another request; INTERNAL
// when the stored answer cannot be read.
absl::StatusOr<bool> ReplayStoredAnswer(storage::Database& db, const storage::RequestKey& key,
                                        google::protobuf::Message& response);

}  // namespace usulan::app
