// One change of the determination as a CSV row and as a JSON line: the column
// layout of both data files (docs/determination.md, "The files"). Pure;
// thread-safe.
#pragma once

#include <string>

#include "app/determination_files.h"

namespace usulan::app {

// The header row; without personal data the columns kk_number, head_name,
// member_count and members are absent, not empty.
std::string CsvHeader(bool with_personal_data);

// One RFC 4180 record (CRLF-terminated): fields holding a comma, quote, CR or LF
// are quoted with quotes doubled; a field that a spreadsheet would read as a
// formula (starting with = + - @, tab or CR) gets a leading apostrophe. Members are
// one field, "NIK name" per member joined by ';', with '\' and ';' in a name
// written as "\\" and "\;", so that one household stays one row.
std::string CsvRow(const DeterminationChange& change, bool with_personal_data);

// One JSON object and '\n'; the same fields under the same names, desil a number
// or null, members an array of {"nik", "name"}. Text that is not UTF-8 has its
// bad bytes replaced by U+FFFD (never a throw).
std::string JsonLine(const DeterminationChange& change, bool with_personal_data);

}  // namespace usulan::app
