// Runs a mutating call as one transaction that is idempotent by request id: the
// request id is claimed first, the change and the serialized answer are committed
// together, and a repeat returns the stored answer without changing anything.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <google/protobuf/message.h>

#include "absl/status/status.h"
#include "storage/database.h"
#include "storage/tx.h"

namespace usulan::app {

// The same inside a transaction (or savepoint) the caller runs, e.g. one per row
// of a bulk change. `replayed`, when given, tells whether the answer is a stored
// one.
absl::Status RunIdempotentIn(storage::Tx& tx, const storage::RequestKey& key,
                             storage::TimePoint now,
                             const std::function<absl::Status(storage::Tx&)>& work,
                             google::protobuf::Message& response, bool* replayed = nullptr);

// `work` fills `response`; on OK its serialization is stored with the change. An
// answer that holds a household (a `household` field beside a `proposal_id`) is
// tagged with that proposal, so that erasing the household's personal data removes
// the stored answer too.
absl::Status RunIdempotent(storage::Database& db, const storage::RequestKey& key,
                           storage::TimePoint now,
                           const std::function<absl::Status(storage::Tx&)>& work,
                           google::protobuf::Message& response);

}  // namespace usulan::app
