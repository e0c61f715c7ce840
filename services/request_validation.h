// The one validation step every request passes at the edge, after authentication
// and before any rule runs (DESIGN.md section 6: "Validate at the edge once").
//
// It walks the request through its protobuf descriptor, so a new field or a new
// RPC is covered without code here, and applies the rules declared beside each
// field in proto (proto/usulan/v1/field_rules.proto):
//   - strings: valid UTF-8; no control characters (free text may hold tab and
//     newline); no bidirectional override/isolate in names; codes printable ASCII;
//     ids UUIDs; at most max_chars characters; audited fields (kept in the
//     never-erased audit trail) hold no 16 digits in a row (a NIK or KK number);
//   - enums: the number is a declared value (proto3 keeps unknown numbers, which
//     would otherwise read as UNSPECIFIED or worse);
//   - google.protobuf.Timestamp: within the range protobuf defines
//     (0001-01-01T00:00:00Z .. 9999-12-31T23:59:59.999999999Z);
//   - repeated fields: at most max_items items.
// Domain rules (NIK format, a visit not in the future, ...) stay with the domain.
#pragma once

#include <string>
#include <string_view>

#include <google/protobuf/message.h>

#include "absl/status/status.h"

namespace usulan::services {

// INVALID_ARGUMENT naming the field by its path ("household.members[1].name") and
// the rule it breaks, never echoing the value (it may be personal data); OK
// otherwise. On OK every id field (TEXT_ID) holds its canonical lower-case
// spelling: the one place ids are canonicalised. Values are changed only when not
// canonical already. Thread-compatible: one request per call.
absl::Status ValidateRequest(google::protobuf::Message& request);

// The same for a request the gRPC sync API hands a handler as const: it is the
// call's own object (deserialised into memory gRPC owns for this call, or a
// caller's non-const local in tests), so canonicalising it in place is sound and
// lets every later read (de-duplication, locks, the idempotency key) see
// canonical ids without copying the request.
absl::Status ValidateIncomingRequest(const google::protobuf::Message& request);

// INVALID_ARGUMENT "request_id ..." unless 1..128 characters of [A-Za-z0-9._:-]
// without 16 digits in a row: the idempotency key every mutating request carries.
absl::Status ValidateRequestId(std::string_view request_id);

// True when `text` holds 16 ASCII digits in a row.
bool HoldsSixteenDigits(std::string_view text);

}  // namespace usulan::services
