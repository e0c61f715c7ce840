#include "app/stored_answer.h"

#include "storage/tx.h"

namespace usulan::app {

absl::StatusOr<bool> ReplayStoredAnswer(storage::Database& db, const storage::RequestKey& key,
                                        google::protobuf::Message& response) {
  std::optional<storage::Claim> stored;
  absl::Status read = db.InTransaction([&](storage::Tx& tx) -> absl::Status {
    auto found = tx.requests().FindRequest(key);
    if (!found.ok()) return found.status();
    stored = std::move(*found);
    return absl::OkStatus();
  });
  if (!read.ok()) return read;
  if (!stored) return false;
  response.Clear();
  if (!response.ParseFromString(stored->stored_response)) {
    return absl::InternalError("stored response of a repeated request is unreadable");
  }
  return true;
}

}  // namespace usulan::app
