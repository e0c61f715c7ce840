#include "tools/bench/targets.h"

#include <chrono>
#include <map>
#include <random>
#include <sstream>

#include "base/string_view_compat.h"

namespace usulan::bench {

namespace {
using Clock = std::chrono::steady_clock;
}  // namespace

absl::StatusOr<Targets> ReadTargets(std::istream& in) {
  Targets targets;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream words(line);
    std::string kind, first, second, extra;
    words >> kind >> first >> second >> extra;
    if (kind == "queue" && !second.empty() && extra.empty()) {
      auto role = workflow::ParseRole(first);
      if (!role) {
        return absl::InvalidArgumentError(
            base::Concat("targets line ", number, ": unknown role ", first));
      }
      targets.queues.push_back({*role, second == "national" ? std::string() : second});
    } else if (kind == "history" && !first.empty() && second.empty()) {
      targets.history_ids.push_back(first);
    } else {
      return absl::InvalidArgumentError(base::Concat(
          "targets line ", number, ": expected `queue ROLE REGION` or `history ID`"));
    }
  }
  return targets;
}

absl::Status RunOnTargets(const Server& server, Workload workload, const Targets& targets,
                          const Tokens& tokens, const RunLimits& limits, Recorder& recorder,
                          Report& report) {
  if (workload != Workload::kQueueRead && workload != Workload::kHistoryRead) {
    return absl::InvalidArgumentError("--targets serves queue-read and history-read only");
  }
  const bool queues = workload == Workload::kQueueRead;
  const size_t choices = queues ? targets.queues.size() : targets.history_ids.size();
  if (choices == 0) {
    return absl::InvalidArgumentError(queues ? "the targets file names no queue"
                                             : "the targets file names no history");
  }
  // One token per queue line (minting is not free); one auditor for histories.
  std::vector<std::string> queue_tokens;
  for (const QueueTarget& q : targets.queues) queue_tokens.push_back(tokens.For(q.role, q.region));
  const std::string auditor = tokens.For(workflow::Role::kAuditor, "");

  auto operation = [&](Client& c, int64_t, std::mt19937_64& random) -> std::optional<grpc::Status> {
    const size_t pick = random() % choices;
    if (queues) {
      v1::ListProposalsRequest request;
      request.set_waiting_for_me(true);
      request.set_page_size(50);
      v1::ListProposalsResponse out;
      return c.proposals->ListProposals(c.Context(queue_tokens[pick]).get(), request, &out);
    }
    v1::GetHistoryRequest request;
    request.set_proposal_id(targets.history_ids[pick]);
    v1::GetHistoryResponse out;
    return c.audit->GetHistory(c.Context(auditor).get(), request, &out);
  };
  report.seconds = RunClients(server, limits, 0x7a59e7, operation, recorder);
  return absl::OkStatus();
}

}  // namespace usulan::bench
