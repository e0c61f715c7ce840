// SHA-256 digests the service records as evidence or keys.
#pragma once

#include <string>
#include <string_view>

#include <google/protobuf/message.h>

#include "workflow/household.h"

namespace usulan::services {

// Lower-case hex SHA-256.
std::string Sha256Hex(std::string_view data);

// The deterministic protobuf encoding (map entries sorted, fields in number order).
std::string DeterministicBytes(const google::protobuf::Message& message);

// The digest recorded as evidence of the household data a transition acted on:
// SHA-256 of the deterministic encoding of the usulan.v1.Household message. It
// proves later which data was entered and checked without the audit trail
// holding any of it.
std::string HouseholdDigest(const workflow::Household& household);

}  // namespace usulan::services
