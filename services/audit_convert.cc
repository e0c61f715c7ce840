#include "services/audit_convert.h"

#include "services/convert.h"
#include "workflow/vocabulary.h"

namespace usulan::services {

void ToProto(const storage::StoredTransition& stored, v1::AuditedTransition* out) {
  const audit::TransitionFields& f = stored.row.fields;
  v1::Transition* t = out->mutable_transition();
  t->set_proposal_id(f.proposal_id);
  t->set_sequence(f.sequence);
  if (auto from = workflow::ParseState(f.from_state)) t->set_from_state(services::ToProto(*from));
  if (auto to = workflow::ParseState(f.to_state)) t->set_to_state(services::ToProto(*to));
  t->set_event(f.event);
  t->set_actor_id(f.actor_id);
  t->set_role(f.role);
  t->set_region_code(f.region_code);
  t->set_reason(f.reason);
  for (const std::string& hash : f.evidence_hashes) t->add_evidence_hashes(hash);
  for (const auto& [key, value] : f.attributes) (*t->mutable_attributes())[key] = value;
  t->set_request_id(f.request_id);
  services::ToProto(storage::TimePoint(std::chrono::microseconds(f.at_us)), t->mutable_at());
  t->set_machine_version(f.machine_version);
  out->set_prev_hash(f.prev_hash);
  out->set_hash(stored.row.hash);
  out->set_log_index(stored.log_index);
  out->set_checkpoint_sequence(stored.checkpoint);
}

void ToProto(const storage::CheckpointRecord& record, v1::Checkpoint* out) {
  const audit::CheckpointFields& f = record.checkpoint.fields;
  out->set_sequence(f.sequence);
  out->set_first_log_index(f.first_log_index);
  out->set_last_log_index(f.last_log_index);
  out->set_transition_count(f.transition_count);
  out->set_merkle_root(f.merkle_root);
  out->set_previous_hash(f.previous_hash);
  services::ToProto(storage::TimePoint(std::chrono::microseconds(f.created_at_us)),
                    out->mutable_created_at());
  out->set_key_id(f.key_id);
  out->set_signature(record.checkpoint.signature);
  out->set_hash(record.checkpoint.hash);
}

v1::AuditFindingKind ToProto(audit::FindingKind kind) {
  using audit::FindingKind;
  switch (kind) {
    case FindingKind::kRowAltered:
      return v1::AUDIT_FINDING_KIND_ROW_ALTERED;
    case FindingKind::kRowReordered:
      return v1::AUDIT_FINDING_KIND_ROW_REORDERED;
    case FindingKind::kChainBroken:
      return v1::AUDIT_FINDING_KIND_CHAIN_BROKEN;
    case FindingKind::kRowMissing:
      return v1::AUDIT_FINDING_KIND_ROW_MISSING;
    case FindingKind::kRowUnexpected:
      return v1::AUDIT_FINDING_KIND_ROW_UNEXPECTED;
    case FindingKind::kCheckpointAltered:
      return v1::AUDIT_FINDING_KIND_CHECKPOINT_ALTERED;
    case FindingKind::kCheckpointLinkBroken:
      return v1::AUDIT_FINDING_KIND_CHECKPOINT_LINK_BROKEN;
    case FindingKind::kCheckpointSignatureInvalid:
      return v1::AUDIT_FINDING_KIND_CHECKPOINT_SIGNATURE_INVALID;
    case FindingKind::kCheckpointKeyUnknown:
      return v1::AUDIT_FINDING_KIND_CHECKPOINT_KEY_UNKNOWN;
    case FindingKind::kCheckpointCountMismatch:
      return v1::AUDIT_FINDING_KIND_CHECKPOINT_COUNT_MISMATCH;
    case FindingKind::kCheckpointRootMismatch:
      return v1::AUDIT_FINDING_KIND_CHECKPOINT_ROOT_MISMATCH;
  }
  return v1::AUDIT_FINDING_KIND_UNSPECIFIED;
}

}  // namespace usulan::services
