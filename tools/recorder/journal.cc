#include "tools/recorder/journal.h"

#include <nlohmann/json.hpp>

#include "absl/status/status.h"

namespace usulan::recorder {

// Field by field, with the struct's defaults for a missing field.
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Shape, first_province, desa, households)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Request, rid, rpc, role, region, proposals,
                                                expected_versions, verifier, visit_time,
                                                import_desa, import_first, import_rows)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Changed, id, version, state, row)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Answer, rid, code, message, at_ms, changed)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Untouched, rid, untouched)

namespace {

using nlohmann::json;

// The record's fields and its "type".
template <typename Record>
std::string Typed(const char* type, const Record& record) {
  json line = record;
  line["type"] = type;
  return line.dump();
}

}  // namespace

Journal::Journal(const std::string& path) : out_(path, std::ios::app) {}

void Journal::Line(const std::string& text) {
  std::lock_guard<std::mutex> lock(mutex_);
  out_ << text << '\n';
  out_.flush();
}

void Journal::Write(const Shape& shape) { Line(Typed("run", shape)); }
void Journal::Write(const Request& request) { Line(Typed("request", request)); }
void Journal::Write(const Answer& answer) { Line(Typed("answer", answer)); }
void Journal::Write(const Untouched& untouched) { Line(Typed("untouched", untouched)); }

absl::StatusOr<JournalContents> ReadJournal(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError("cannot read the journal " + path);
  JournalContents contents;
  std::string text;
  for (int number = 1; std::getline(in, text); ++number) {
    if (text.empty()) continue;
    try {
      const json line = json::parse(text);
      const std::string type = line.at("type");
      if (type == "run") {
        contents.shape = line.get<Shape>();
      } else if (type == "request") {
        contents.requests.push_back(line.get<Request>());
      } else if (type == "answer") {
        contents.answers.push_back(line.get<Answer>());
      } else if (type == "untouched") {
        contents.untouched.push_back(line.get<Untouched>());
      } else {
        return absl::InvalidArgumentError(path + " line " + std::to_string(number) +
                                          ": unknown type " + type);
      }
    } catch (const json::exception& e) {
      // A line cut short by a crash of the recorder itself is the only expected
      // case; the journal is then not trustworthy.
      return absl::InvalidArgumentError(path + " line " + std::to_string(number) + ": " + e.what());
    }
  }
  return contents;
}

}  // namespace usulan::recorder
