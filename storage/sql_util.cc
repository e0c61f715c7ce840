#include "storage/sql_util.h"

#include "workflow/region.h"

#include <pqxx/pqxx>

#include <charconv>

#include "base/clock.h"
#include "storage/errors.h"

namespace usulan::storage {

std::string TimestampParam(int n) {
  return "('epoch'::timestamptz + $" + std::to_string(n) +
         "::bigint * interval '1 microsecond')";
}

std::string MicrosOf(std::string_view column) {
  return "(extract(epoch from " + std::string(column) + ") * 1000000)::bigint";
}

int64_t ToMicros(TimePoint t) { return base::UnixMicros(t); }

TimePoint FromMicros(int64_t micros) { return TimePoint(std::chrono::microseconds(micros)); }

std::string TextArrayLiteral(const std::vector<std::string>& values) {
  // Sized once and copied in runs between the characters to escape: a batch
  // decision builds literals of 10,000 elements per column.
  size_t size = 2;
  for (const std::string& value : values) size += value.size() + 3;
  std::string out;
  out.reserve(size);
  out += '{';
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ',';
    out += '"';
    std::string_view rest = values[i];
    for (size_t special = rest.find_first_of("\"\\"); special != std::string_view::npos;
         special = rest.find_first_of("\"\\")) {
      out.append(rest.substr(0, special));
      out += '\\';
      out += rest[special];
      rest.remove_prefix(special + 1);
    }
    out.append(rest);
    out += '"';
  }
  out += '}';
  return out;
}

std::string IntArrayLiteral(const std::vector<int>& values) {
  std::string out = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ',';
    out += std::to_string(values[i]);
  }
  out += '}';
  return out;
}

std::vector<std::string> ReadTextArray(const pqxx::field& field) {
  std::vector<std::string> out;
  if (field.is_null()) return out;
  pqxx::array_parser parser = field.as_array();
  int depth = 0;
  for (;;) {
    auto [juncture, value] = parser.get_next();
    switch (juncture) {
      case pqxx::array_parser::row_start:
        if (++depth > 1) throw CorruptRow("nested array where a flat one was expected");
        break;
      case pqxx::array_parser::row_end:
        --depth;
        break;
      case pqxx::array_parser::null_value:
        throw CorruptRow("NULL array element");
      case pqxx::array_parser::string_value:
        out.push_back(std::move(value));
        break;
      case pqxx::array_parser::done:
        return out;
    }
  }
}

std::vector<int> ReadIntArray(const pqxx::field& field) {
  std::vector<int> out;
  for (const std::string& text : ReadTextArray(field)) {
    int value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size()) {
      throw CorruptRow("non-integer element in an int[] column");
    }
    out.push_back(value);
  }
  return out;
}

absl::StatusOr<size_t> ListingLevel(const std::string& region_prefix,
                                    const std::string* after_id, int limit) {
  std::optional<workflow::RegionLevel> level = workflow::LevelOf(region_prefix);
  if (!level) return absl::InvalidArgumentError("region_prefix must be a region code");
  if (after_id != nullptr && !IsUuid(*after_id)) {
    return absl::InvalidArgumentError("cursor is malformed");
  }
  if (limit < 1 || limit > kMaxListLimit) {
    return absl::InvalidArgumentError("limit must be between 1 and 1000");
  }
  return static_cast<size_t>(*level);
}

}  // namespace usulan::storage
