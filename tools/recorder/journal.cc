#include "tools/recorder/journal.h"

#include <nlohmann/json.hpp>

#include "absl/status/status.h"

namespace usulan::recorder {

namespace {

using nlohmann::json;

json ToJson(const Changed& c) {
  json out = {{"id", c.id}, {"version", c.version}, {"state", c.state}};
  if (c.row != 0) out["row"] = c.row;
  return out;
}

Changed ChangedFrom(const json& in) {
  return {in.at("id").get<std::string>(), in.at("version").get<int64_t>(),
          in.at("state").get<int>(), in.value("row", int64_t{0})};
}

}  // namespace

Journal::Journal(const std::string& path) : out_(path, std::ios::app) {}

void Journal::Line(const std::string& text) {
  std::lock_guard<std::mutex> lock(mutex_);
  out_ << text << '\n';
  out_.flush();
}

void Journal::Write(const Shape& shape) {
  Line(json{{"type", "run"},
            {"first_province", shape.first_province},
            {"desa", shape.desa},
            {"households", shape.households}}
           .dump());
}

void Journal::Write(const Request& r) {
  json line = {{"type", "request"}, {"rid", r.rid},       {"rpc", r.rpc},
               {"role", r.role},    {"region", r.region}, {"proposals", r.proposals},
               {"expected_versions", r.expected_versions}};
  if (!r.verifier.empty()) line["verifier"] = r.verifier;
  if (r.visit_time != 0) line["visit_time"] = r.visit_time;
  if (r.import_desa >= 0) {
    line["import"] = {{"desa", r.import_desa}, {"first", r.import_first}, {"rows", r.import_rows}};
  }
  Line(line.dump());
}

void Journal::Write(const Answer& a) {
  json changed = json::array();
  for (const Changed& c : a.changed) changed.push_back(ToJson(c));
  Line(json{{"type", "answer"},
            {"rid", a.rid},
            {"code", a.code},
            {"message", a.message},
            {"at_ms", a.at_ms},
            {"changed", changed}}
           .dump());
}

void Journal::Write(const Untouched& u) {
  Line(json{{"type", "untouched"}, {"rid", u.rid}, {"untouched", u.untouched}}.dump());
}

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
        contents.shape = {line.at("first_province"), line.at("desa"), line.at("households")};
      } else if (type == "request") {
        Request r;
        r.rid = line.at("rid");
        r.rpc = line.at("rpc");
        r.role = line.at("role");
        r.region = line.at("region");
        r.proposals = line.at("proposals").get<std::vector<std::string>>();
        r.expected_versions = line.at("expected_versions").get<std::vector<int64_t>>();
        r.verifier = line.value("verifier", "");
        r.visit_time = line.value("visit_time", int64_t{0});
        if (line.contains("import")) {
          r.import_desa = line["import"].at("desa");
          r.import_first = line["import"].at("first");
          r.import_rows = line["import"].at("rows");
        }
        contents.requests.push_back(std::move(r));
      } else if (type == "answer") {
        Answer a;
        a.rid = line.at("rid");
        a.code = line.at("code");
        a.message = line.at("message");
        a.at_ms = line.at("at_ms");
        for (const json& c : line.at("changed")) a.changed.push_back(ChangedFrom(c));
        contents.answers.push_back(std::move(a));
      } else if (type == "untouched") {
        contents.untouched.push_back({line.at("rid"), line.at("untouched")});
      } else {
        return absl::InvalidArgumentError(path + " line " + std::to_string(number) +
                                          ": unknown type " + type);
      }
    } catch (const json::exception& e) {
      // A line cut short by a crash of the recorder itself is the only expected
      // case; the journal is then not trustworthy.
      return absl::InvalidArgumentError(path + " line " + std::to_string(number) + ": " +
                                        e.what());
    }
  }
  return contents;
}

}  // namespace usulan::recorder
