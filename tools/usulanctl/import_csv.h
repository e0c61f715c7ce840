// Reading a village's pre-list from a spreadsheet export for `usulanctl import`.
//
// One row per household member; the rows of one household share the value of the
// `household` column (any key the operator likes, e.g. "H01"; rows need not be
// adjacent). Household columns (kind, kk_number, address, reason, ...) are read
// from the household's first row; later rows may leave them empty or repeat the
// same value. Columns are found by header name (case-insensitive, any order);
// the separator is ',' or, as Excel writes it in Indonesian locales, ';'. A UTF-8
// byte order mark and CRLF line ends are accepted; fields may be quoted ("a, b",
// "" for a quote). Unknown header names are an error (a typo would otherwise drop
// a column silently). See README "usulanctl import" for the columns.
#pragma once

#include <istream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "usulan/v1/proposal_service.pb.h"

namespace usulan::tools {

struct CsvHousehold {
  std::string key;       // the household column
  int64_t line = 0;      // line of its first row (1 = header): the import row_number
  v1::CreateProposalRequest proposal;  // request_id empty
  // Set when the rows cannot make a request (an unknown enum value, conflicting
  // household columns): the household is refused locally and not sent.
  std::string local_error;
};

// The households of the file in order of first appearance. INVALID_ARGUMENT for
// a file that is not a pre-list at all (no header, unknown or missing required
// columns, unbalanced quotes), naming the line.
absl::StatusOr<std::vector<CsvHousehold>> ReadHouseholdsCsv(std::istream& in);

// The required columns and every accepted one, for messages and the README.
const std::vector<std::string>& RequiredCsvColumns();
const std::vector<std::string>& KnownCsvColumns();

}  // namespace usulan::tools
