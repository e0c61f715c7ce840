#include "tools/bench/targets.h"

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <random>
#include <sstream>
#include <thread>

#include "workflow/string_view_compat.h"

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
            workflow::Concat("targets line ", number, ": unknown role ", first));
      }
      targets.queues.push_back({*role, second == "national" ? std::string() : second});
    } else if (kind == "history" && !first.empty() && second.empty()) {
      targets.history_ids.push_back(first);
    } else {
      return absl::InvalidArgumentError(workflow::Concat(
          "targets line ", number, ": expected `queue ROLE REGION` or `history ID`"));
    }
  }
  return targets;
}

absl::Status RunOnTargets(const std::string& server, Workload workload, const Targets& targets,
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

  std::vector<std::unique_ptr<Client>> clients;
  for (int t = 0; t < limits.clients; ++t) {
    clients.push_back(std::make_unique<Client>(server));
    clients.back()->channel->WaitForConnected(std::chrono::system_clock::now() +
                                              std::chrono::seconds(10));
  }
  std::atomic<int64_t> next_op{0};
  std::mutex merge;
  const auto start = Clock::now();
  const auto deadline = start + std::chrono::duration_cast<Clock::duration>(
                                    std::chrono::duration<double>(limits.duration_s));
  auto client_loop = [&](int thread) {
    Client& c = *clients[thread];
    Recorder mine;
    std::mt19937_64 random(0x7a59e7 + thread);
    while (true) {
      const int64_t op = next_op++;
      if (limits.count > 0 ? op >= limits.count : Clock::now() >= deadline) break;
      const size_t pick = random() % choices;
      grpc::Status status;
      const auto began = Clock::now();
      if (queues) {
        v1::ListProposalsRequest request;
        request.set_waiting_for_me(true);
        request.set_page_size(50);
        v1::ListProposalsResponse out;
        status = c.proposals->ListProposals(c.Context(queue_tokens[pick]).get(), request, &out);
      } else {
        v1::GetHistoryRequest request;
        request.set_proposal_id(targets.history_ids[pick]);
        v1::GetHistoryResponse out;
        status = c.audit->GetHistory(c.Context(auditor).get(), request, &out);
      }
      mine.Record(Clock::now() - began, status.error_code());
    }
    std::lock_guard<std::mutex> lock(merge);
    recorder.Merge(mine);
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < limits.clients; ++t) threads.emplace_back(client_loop, t);
  for (auto& thread : threads) thread.join();
  report.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return absl::OkStatus();
}

}  // namespace usulan::bench
