// A village's pre-list as an operator's spreadsheet exports it, through the reader
// of `usulanctl import` (tools/usulanctl/import_csv.h): any file must end in
// households or a refusal naming the line, never a crash or a hang.
//
// Properties, each an abort when broken: the reader answers OK or
// INVALID_ARGUMENT; on OK every household has a key, a line past the header, and
// a request that serialises (what the import stream then sends).
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "fuzz/fail.h"
#include "tools/usulanctl/import_csv.h"

namespace {

void Fail(const char* what) { usulan::fuzz::Fail("prelist_csv", what); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  auto households = usulan::tools::ReadHouseholdsCsv(in);
  if (!households.ok()) {
    if (households.status().code() != absl::StatusCode::kInvalidArgument) {
      Fail("answered neither OK nor INVALID_ARGUMENT");
    }
    return 0;
  }
  for (const auto& household : *households) {
    if (household.line < 2) Fail("a household on the header line or before it");
    std::string bytes;
    if (!household.proposal.SerializeToString(&bytes)) Fail("a request that does not serialise");
  }
  return 0;
}
