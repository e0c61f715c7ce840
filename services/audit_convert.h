// Translation of the audit trail's stored rows, checkpoints and verification
// findings into their usulan.v1 messages (AuditService).
#pragma once

#include "audit/verifier.h"
#include "storage/audit_records.h"
#include "usulan/v1/audit_service.pb.h"

namespace usulan::services {

// Every stored value as is; a state name the enum does not know (a tampered row)
// becomes UNSPECIFIED, while the hash fields keep what is stored.
void ToProto(const storage::StoredTransition& stored, v1::AuditedTransition* out);
void ToProto(const storage::CheckpointRecord& record, v1::Checkpoint* out);
v1::AuditFindingKind ToProto(audit::FindingKind kind);

}  // namespace usulan::services
