#include "services/batch_convert.h"

#include "services/convert.h"

namespace usulan::services {
namespace {

v1::BatchStatus ToProto(workflow::BatchStatus status) {
  switch (status) {
    case workflow::BatchStatus::kSealed:
      return v1::BATCH_STATUS_SEALED;
    case workflow::BatchStatus::kRatified:
      return v1::BATCH_STATUS_RATIFIED;
    case workflow::BatchStatus::kSubmitted:
      return v1::BATCH_STATUS_SUBMITTED;
    case workflow::BatchStatus::kForwarded:
      return v1::BATCH_STATUS_FORWARDED;
    case workflow::BatchStatus::kDecided:
      return v1::BATCH_STATUS_DECIDED;
    case workflow::BatchStatus::kReturned:
      return v1::BATCH_STATUS_RETURNED;
  }
  return v1::BATCH_STATUS_UNSPECIFIED;
}

}  // namespace

void ToProto(const storage::BatchRecord& batch, bool with_members, v1::Batch* out) {
  out->Clear();
  out->set_batch_id(batch.id);
  out->set_kabupaten_code(batch.kabupaten_code);
  out->set_cycle_id(batch.cycle_id);
  out->set_status(ToProto(batch.status));
  out->set_version(batch.version);
  out->set_manifest_sha256(batch.manifest_sha256);
  out->set_created_by(batch.created_by);
  ToProto(batch.created_at, out->mutable_created_at());
  out->set_letter_number(batch.letter_number);
  out->set_letter_sha256(batch.letter_sha256);
  out->set_ratified_by(batch.ratified_by);
  ToProto(batch.status_since, out->mutable_status_since());
  out->set_return_reason(batch.return_reason);
  if (!with_members) return;
  for (const auto& member : batch.members) {
    v1::BatchMember* m = out->add_members();
    m->set_proposal_id(member.proposal_id);
    m->set_sealed_version(member.sealed_version);
    m->set_state(ToProto(member.state));
    m->set_open(member.open);
  }
}

}  // namespace usulan::services
