// The civil registry's answer as it arrives on the wire, through the decoder the
// client adapter uses (registry/registry_wire.h, FromWireResponse): a registry
// that is broken or not ours must not crash the server or slip a member through.
//
// Input: one byte, the number of members the household asked about (0..63), then
// the CheckHouseholdResponse's wire bytes.
//
// Properties, each an abort when broken: the decoder answers OK or
// INVALID_ARGUMENT; on OK it holds exactly one check per member, positions 1..n in
// order, each a known status that encodes back to the answer's own value.
#include <cstddef>
#include <cstdint>
#include <map>

#include "fuzz/fail.h"
#include "registry/registry_wire.h"

namespace {

void Fail(const char* what) { usulan::fuzz::Fail("registry_wire", what); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const size_t member_count = data[0] % 64;
  usulan::registry::v1::CheckHouseholdResponse response;
  if (!response.ParseFromArray(data + 1, static_cast<int>(size - 1))) return 0;

  auto checks = usulan::registry::FromWireResponse(response, member_count);
  if (!checks.ok()) {
    if (checks.status().code() != absl::StatusCode::kInvalidArgument) {
      Fail("answered neither OK nor INVALID_ARGUMENT");
    }
    return 0;
  }
  if (checks->size() != member_count) Fail("accepted an answer for another number of members");
  std::map<int, usulan::registry::v1::NikStatus> sent;
  for (const auto& result : response.members()) sent[result.position()] = result.status();
  for (size_t i = 0; i < checks->size(); ++i) {
    const auto& check = (*checks)[i];
    if (check.position != static_cast<int>(i) + 1) Fail("positions not 1..n in order");
    auto it = sent.find(check.position);
    if (it == sent.end()) Fail("a member without an answer was accepted");
    if (usulan::registry::ToWire(check.status) != it->second) {
      Fail("a status differs from the one the registry sent");
    }
  }
  return 0;
}
