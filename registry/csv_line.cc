#include "registry/csv_line.h"

#include "base/string_view_compat.h"

namespace usulan::registry {
namespace {

std::string Joined(const std::vector<std::string>& columns) {
  std::string text;
  for (const std::string& column : columns) text += (text.empty() ? "" : ",") + column;
  return text;
}

}  // namespace

std::vector<std::string> SplitCsvLine(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back().push_back('"');
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back().push_back(c);
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else if (c != '\r') {
      fields.back().push_back(c);
    }
  }
  return fields;
}

absl::Status ReadCsv(std::istream& in, const std::vector<std::string>& columns,
                     const std::vector<std::string>& optional,
                     const std::function<absl::Status(int line, const std::vector<std::string>&
                                                                    fields)>& row) {
  std::vector<std::string> full = columns;
  full.insert(full.end(), optional.begin(), optional.end());
  std::string line;
  std::vector<std::string> header;
  if (std::getline(in, line)) header = SplitCsvLine(line);
  if (header != columns && (optional.empty() || header != full)) {
    return absl::InvalidArgumentError(
        base::Concat("line 1: header must be ", Joined(columns),
                     optional.empty() ? "" : " (optionally followed by ,",
                     optional.empty() ? "" : Joined(optional) + ")"));
  }
  for (int number = 2; std::getline(in, line); ++number) {
    if (line.empty() || line == "\r") continue;
    std::vector<std::string> fields = SplitCsvLine(line);
    if (fields.size() != header.size()) {
      return absl::InvalidArgumentError(
          base::Concat("line ", number, ": expected ", header.size(), " fields"));
    }
    if (absl::Status status = row(number, fields); !status.ok()) return status;
  }
  return absl::OkStatus();
}

}  // namespace usulan::registry
