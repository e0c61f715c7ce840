// The recorder's journal: JSON Lines, one object a line, flushed as written so
// that a journal survives whatever happens to the server (or the recorder)
// mid-load. It holds ids, versions, states and status codes only: never a NIK,
// a KK number or a name (an import's households are named by their place in the
// deterministic data set, and rebuilt from it when resent).
//
// Lines, by "type":
//   run      the data set's shape (first province, desa per pool, households)
//   request  what was asked, enough to send it again with the same request id
//   answer   one attempt's status and, when OK, every proposal it changed
//   untouched whether a proposal refused with the --untouched-when message was
//            still at the version and state it had before the call
// Journal is thread-safe; ReadJournal is not needed concurrently.
#pragma once

#include <cstdint>
#include <fstream>
#include <mutex>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace usulan::recorder {

// The four pools of the load share one shape: pool k is the bench data set whose
// only province is first_province + k (see load.h).
struct Shape {
  int first_province = 71;
  int desa = 2;         // per pool
  int households = 30;  // per desa
};

struct Request {
  std::string rid;  // the request id, resent unchanged
  std::string rpc;  // SubmitProposal | RecordVisit | AssignVerifier | ImportProposals
  int role = 0;     // workflow::Role of the caller, whose token is minted per call
  std::string region;
  std::vector<std::string> proposals;      // the proposals it acts on (none for an import)
  std::vector<int64_t> expected_versions;  // SubmitProposal, RecordVisit: one
  std::string verifier;                    // AssignVerifier
  int64_t visit_time = 0;                  // RecordVisit, unix seconds
  // ImportProposals: rows 1..import_rows are households import_first.. of desa
  // import_desa of the import pool.
  int import_desa = -1;
  int import_first = 0;
  int import_rows = 0;
};

// A proposal an OK answer changed (or, for an import, an accepted row's DRAFT).
struct Changed {
  std::string id;
  int64_t version = 0;
  int state = 0;    // usulan.v1.ProposalState
  int64_t row = 0;  // imports: the row number; else 0
  bool operator==(const Changed&) const = default;
};

struct Answer {
  std::string rid;
  int code = 0;  // grpc::StatusCode of the call (an import: of its stream)
  std::string message;
  int64_t at_ms = 0;             // wall clock, ms since the epoch
  std::vector<Changed> changed;  // OK answers; an import's accepted rows even if it broke
};

struct Untouched {
  std::string rid;
  bool untouched = false;
};

struct JournalContents {
  Shape shape;
  std::vector<Request> requests;  // in the order they were first sent
  std::vector<Answer> answers;    // every attempt, in the order answered
  std::vector<Untouched> untouched;
};

class Journal {
 public:
  // Opens `path` for appending; check ok() before use.
  explicit Journal(const std::string& path);
  bool ok() const { return static_cast<bool>(out_); }

  void Write(const Shape& shape);
  void Write(const Request& request);
  void Write(const Answer& answer);
  void Write(const Untouched& untouched);

 private:
  void Line(const std::string& text);
  std::mutex mutex_;
  std::ofstream out_;
};

// The whole journal; an error naming the line when one does not parse.
absl::StatusOr<JournalContents> ReadJournal(const std::string& path);

}  // namespace usulan::recorder
