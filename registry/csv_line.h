// The development CSV files (the civil registry's people, BPS's rankings):
// comma-separated, fields optionally double-quoted, one header line. Pure but
// for reading the given stream.
#pragma once

#include <functional>
#include <istream>
#include <string>
#include <vector>

#include "absl/status/status.h"

namespace usulan::registry {

// The fields of `line`; doubled quotes inside quoted fields stand for one quote,
// and carriage returns are dropped.
std::vector<std::string> SplitCsvLine(const std::string& line);

// Reads a CSV whose first line is exactly `columns` or, when `optional` is not
// empty, `columns` followed by `optional`; then calls `row` for each non-empty
// line with its 1-based line number and fields. INVALID_ARGUMENT "line 1:
// header must be <columns>[ (optionally followed by ,<optional>)]" or "line N:
// expected K fields" (K from the header); the first error of `row` stops the
// reading and is returned. Messages never quote a field.
absl::Status ReadCsv(std::istream& in, const std::vector<std::string>& columns,
                     const std::vector<std::string>& optional,
                     const std::function<absl::Status(int line, const std::vector<std::string>&
                                                                    fields)>& row);

}  // namespace usulan::registry
