// `usulanctl register get ENTRY_ID`, `usulanctl register list [--region CODE]
// [--status ACTIVE|INACTIVE] [--page-size N] [--page-token T]` and `usulanctl
// register count [--region CODE]`: the RegisterService reads (docs/register.md),
// printing the JSON answer. No personal data is in any of them. Pusdatin's
// changes from central data (docs/central-sources.md): `usulanctl register
// file-deceased --since YYYY-MM-DD [--region CODE] [--request-id ID]` and
// `usulanctl register apply-ranking --ranking-id ID [--request-id ID]`.
#pragma once

#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace usulan::tools {

struct RegisterCall {
  std::string method;  // "RegisterService.GetEntry", ...
  std::string request_json;
};

// The call of `positional` (the words after "register") with `flags`, or
// nullopt after explaining a usage error on `err`.
std::optional<RegisterCall> RegisterRequest(const std::vector<std::string>& positional,
                                            const std::map<std::string, std::string>& flags,
                                            std::ostream& err);

}  // namespace usulan::tools
