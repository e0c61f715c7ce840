// Human-readable rendering of a proposal's audit trail for the terminal.
#pragma once

#include <ostream>

#include "usulan/v1/audit_service.pb.h"

namespace usulan::tools {

// One block per transition: sequence, time, from -> to, event, actor (role @
// region), reason, evidence hashes (each "-" when absent) and attributes.
void PrintHistory(const v1::GetHistoryResponse& history, std::ostream& out);

}  // namespace usulan::tools
