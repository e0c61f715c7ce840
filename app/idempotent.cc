#include "app/idempotent.h"


namespace usulan::app {
namespace {

// The proposal an answer is about, when the answer holds that proposal's
// household; empty otherwise. By field names, so this layer needs no API types.
std::string ProposalHoldingHousehold(const google::protobuf::Message& answer) {
  const google::protobuf::Descriptor* type = answer.GetDescriptor();
  const google::protobuf::FieldDescriptor* id = type->FindFieldByName("proposal_id");
  const google::protobuf::FieldDescriptor* household = type->FindFieldByName("household");
  if (id == nullptr || household == nullptr || id->is_repeated() ||
      id->cpp_type() != google::protobuf::FieldDescriptor::CPPTYPE_STRING) {
    return std::string();
  }
  return answer.GetReflection()->GetString(answer, id);
}

}  // namespace


absl::Status RunIdempotentIn(storage::Tx& tx, const storage::RequestKey& key,
                             storage::TimePoint now,
                             const std::function<absl::Status(storage::Tx&)>& work,
                             google::protobuf::Message& response, bool* replayed) {
  auto claim = tx.requests().ClaimRequest(key, now);
  if (!claim.ok()) return claim.status();
  if (replayed != nullptr) *replayed = !claim->claimed;
  if (!claim->claimed) {
    response.Clear();
    if (!response.ParseFromString(claim->stored_response)) {
      return absl::InternalError("stored response of a repeated request is unreadable");
    }
    return absl::OkStatus();
  }
  absl::Status status = work(tx);
  if (!status.ok()) return status;
  return tx.requests().CompleteRequest(key, response.SerializeAsString(), ProposalHoldingHousehold(response));
}

absl::Status RunIdempotent(storage::Database& db, const storage::RequestKey& key,
                           storage::TimePoint now,
                           const std::function<absl::Status(storage::Tx&)>& work,
                           google::protobuf::Message& response) {
  return db.InTransaction([&](storage::Tx& tx) -> absl::Status {
    return RunIdempotentIn(tx, key, now, work, response);
  });
}

}  // namespace usulan::app
