#include "tools/bench/workloads.h"

#include <atomic>
#include <chrono>
#include <mutex>
#include <random>
#include <thread>

namespace usulan::bench {

namespace {

using Clock = std::chrono::steady_clock;

struct Item {
  int desa;
  std::string id;  // proposal or batch id
  std::string deliberation;
};

// The prepared items in an order that spreads consecutive ones over the desa
// (round robin), so concurrent clients rarely wait on the same deliberation row.
std::vector<Item> Interleaved(const World& world) {
  std::vector<Item> items;
  size_t longest = 0;
  for (const auto& ids : world.ids) longest = std::max(longest, ids.size());
  for (size_t h = 0; h < longest; ++h) {
    for (size_t d = 0; d < world.ids.size(); ++d) {
      if (h < world.ids[d].size()) {
        items.push_back({static_cast<int>(d), world.ids[d][h], world.deliberation_by_desa[d]});
      }
    }
  }
  return items;
}

}  // namespace

std::optional<Workload> ParseWorkload(const std::string& name) {
  for (Workload w : {Workload::kSubmit, Workload::kDeliberate, Workload::kVisit,
                     Workload::kDecideBatch, Workload::kQueueRead, Workload::kHistoryRead}) {
    if (WorkloadName(w) == name) return w;
  }
  return std::nullopt;
}

std::string WorkloadName(Workload workload) {
  switch (workload) {
    case Workload::kSubmit:
      return "submit";
    case Workload::kDeliberate:
      return "deliberate";
    case Workload::kVisit:
      return "visit";
    case Workload::kDecideBatch:
      return "decide-batch";
    case Workload::kQueueRead:
      return "queue-read";
    case Workload::kHistoryRead:
      return "history-read";
  }
  return "?";
}

Stage::Target TargetOf(Workload workload) {
  switch (workload) {
    case Workload::kSubmit:
      return Stage::kDraft;
    case Workload::kDeliberate:
      return Stage::kOnAgenda;
    case Workload::kVisit:
      return Stage::kInVerification;
    case Workload::kDecideBatch:
      return Stage::kCentralReview;
    case Workload::kQueueRead:
    case Workload::kHistoryRead:
      return Stage::kPrelist;
  }
  return Stage::kPrelist;
}

double RunClients(const Server& server, const RunLimits& limits, uint64_t seed,
                  const Operation& operation, Recorder& recorder) {
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
    Recorder mine;
    std::mt19937_64 random(seed + thread);
    while (true) {
      const int64_t op = next_op++;
      if (limits.count > 0 ? op >= limits.count : Clock::now() >= deadline) break;
      const auto began = Clock::now();
      const std::optional<grpc::Status> status = operation(*clients[thread], op, random);
      if (!status) break;
      mine.Record(Clock::now() - began, status->error_code());
    }
    std::lock_guard<std::mutex> lock(merge);
    recorder.Merge(mine);
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < limits.clients; ++t) threads.emplace_back(client_loop, t);
  for (auto& thread : threads) thread.join();
  return std::chrono::duration<double>(Clock::now() - start).count();
}

void RunWorkload(const Server& server, Workload workload, const World& world,
                 const Dataset& dataset, const Actors& actors, const RunLimits& limits,
                 Recorder& recorder, Report& report) {
  const bool consumes = workload != Workload::kQueueRead && workload != Workload::kHistoryRead;
  std::vector<Item> items;
  if (workload == Workload::kDecideBatch) {
    for (const auto& batch : world.batches) items.push_back({0, batch, ""});
    int64_t members = 0;
    for (int size : world.batch_sizes) members += size;
    report.items_per_op =
        world.batches.empty() ? 1 : std::max<int64_t>(1, members / world.batches.size());
  } else {
    items = Interleaved(world);
  }

  if (items.empty()) {
    report.note = "nothing to work on: the data set is empty";
    return;
  }
  std::atomic<bool> exhausted{false};
  auto operation = [&](Client& c, int64_t op,
                       std::mt19937_64& random) -> std::optional<grpc::Status> {
    if (consumes && op >= static_cast<int64_t>(items.size())) {
      exhausted = true;
      return std::nullopt;
    }
    const Item& item = consumes ? items[op] : items[random() % items.size()];
    grpc::Status status;
    switch (workload) {
      case Workload::kSubmit: {
        v1::SubmitProposalRequest request;
        request.set_request_id(NextRequestId());
        request.set_proposal_id(item.id);
        v1::Proposal out;
        status = c.proposals->SubmitProposal(c.Context(actors.operator_by_desa[item.desa]).get(),
                                             request, &out);
        break;
      }
      case Workload::kDeliberate: {
        v1::RecordOutcomeRequest request;
        request.set_request_id(NextRequestId());
        request.set_deliberation_id(item.deliberation);
        request.set_proposal_id(item.id);
        request.set_outcome(v1::AGENDA_OUTCOME_AGREED);
        v1::Deliberation out;
        status = c.deliberations->RecordOutcome(c.Context(actors.head_by_desa[item.desa]).get(),
                                                request, &out);
        break;
      }
      case Workload::kVisit:
        status = RecordVisit(c, item.id, actors.verifier_by_desa[item.desa]);
        break;
      case Workload::kDecideBatch: {
        v1::DecideBatchRequest request;
        request.set_request_id(NextRequestId());
        request.set_batch_id(item.id);
        request.set_decree_number("Kepmensos/" + std::to_string(op + 1) + "/HUK/2026");
        v1::BatchDecision out;
        status = c.decisions->DecideBatch(c.Context(actors.pusdatin).get(), request, &out);
        break;
      }
      case Workload::kQueueRead: {
        v1::ListProposalsRequest request;
        request.set_waiting_for_me(true);
        request.set_page_size(50);
        const std::string& token =
            op % 2 ? actors.dinsos_by_desa[item.desa] : actors.head_by_desa[item.desa];
        v1::ListProposalsResponse out;
        status = c.proposals->ListProposals(c.Context(token).get(), request, &out);
        break;
      }
      case Workload::kHistoryRead: {
        v1::GetHistoryRequest request;
        request.set_proposal_id(item.id);
        v1::GetHistoryResponse out;
        status = c.audit->GetHistory(c.Context(actors.auditor).get(), request, &out);
        break;
      }
    }
    return status;
  };
  report.seconds = RunClients(server, limits, 0x5eed, operation, recorder);
  (void)dataset;
  if (exhausted) {
    report.note = "the " + std::to_string(items.size()) + " prepared items ran out before the " +
                  (limits.count > 0 ? "count" : "duration") +
                  "; use a larger data set for a longer run";
  }
}

}  // namespace usulan::bench
