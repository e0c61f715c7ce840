// `usulanctl erase-personal-data PROPOSAL_ID --reason TEXT [--request-id ID]
// [--expected-version N]`: PersonalDataService.ErasePersonalData (README, "Personal
// data"). The request id defaults to one derived from the proposal id, so running
// the same command again replays the first answer instead of failing.
#pragma once

#include <map>
#include <optional>
#include <ostream>
#include <string>

namespace usulan::tools {

// The request's JSON, or nullopt after explaining a usage error on `err`.
std::optional<std::string> EraseRequestJson(const std::string& proposal_id,
                                            const std::map<std::string, std::string>& flags,
                                            std::ostream& err);

}  // namespace usulan::tools
