#include "tools/recorder/load.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <iostream>
#include <mutex>
#include <optional>
#include <thread>

#include "base/channel_keeper.h"
#include "tools/bench/setup.h"
#include "tools/recorder/calls.h"
#include "workflow/vocabulary.h"

namespace usulan::recorder {

namespace {

using workflow::Role;
using Clock = std::chrono::steady_clock;

bench::Dataset Pool(const Shape& shape, int k) {
  return bench::Dataset({shape.first_province + k, 1, 1, shape.desa, shape.households});
}

// Brings pool k to `target` and returns its proposals by desa, with their versions.
absl::Status Prepared(const bench::Server& server, const bench::Tokens& tokens, const Shape& shape,
                      int k, bench::Stage::Target target, int threads, bench::World& world,
                      std::vector<std::vector<int64_t>>& versions) {
  bench::Dataset pool = Pool(shape, k);
  bench::Actors actors(pool, tokens);
  if (absl::Status s = bench::Prepare(server, pool, actors, target, 100, threads, world); !s.ok()) {
    return s;
  }
  versions.assign(world.ids.size(), std::vector<int64_t>(shape.households, 0));
  return bench::ParallelFor(
      server, static_cast<int>(world.ids.size()), threads, [&](bench::Client& c, int d) {
        for (int h = 0; h < shape.households; ++h) {
          Changed now;
          grpc::Status s = Read(c, tokens, Auditor(), world.ids[d][h], now);
          if (!s.ok()) {
            return absl::UnavailableError("GetProposal: " + s.error_message());
          }
          versions[d][h] = now.version;
        }
        return absl::OkStatus();
      });
}

// A request on one proposal at `version`, as `role` of `region`.
Request One(const std::string& rpc, Role role, const std::string& region, const std::string& id,
            int64_t version) {
  Request r;
  r.rpc = rpc;
  r.role = static_cast<int>(role);
  r.region = region;
  r.proposals = {id};
  r.expected_versions = {version};
  return r;
}

// Tracks outages: from the first failed attempt after an OK one to the next OK.
class Outages {
 public:
  void Failed() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!open_) {
      open_ = true;
      since_ = Clock::now();
    }
  }
  void Answered() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!open_) return;
    open_ = false;
    longest_ = std::max(
        longest_, std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - since_));
  }
  int64_t LongestMs() {
    std::lock_guard<std::mutex> lock(mutex_);
    return longest_.count();
  }

 private:
  std::mutex mutex_;
  bool open_ = false;
  Clock::time_point since_;
  std::chrono::milliseconds longest_{0};
};

}  // namespace

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

absl::Status Seed(const bench::Server& server, const bench::Tokens& tokens, const Shape& shape,
                  const LoadOptions& options, std::vector<Request>& plan) {
  const int threads = std::max(1, options.clients);
  std::vector<std::vector<Request>> kinds(4);

  bench::World drafts, visits, agreed;
  std::vector<std::vector<int64_t>> draft_versions, visit_versions, agreed_versions;
  if (absl::Status s =
          Prepared(server, tokens, shape, 0, bench::Stage::kDraft, threads, drafts, draft_versions);
      !s.ok()) {
    return s;
  }
  if (absl::Status s = Prepared(server, tokens, shape, 1, bench::Stage::kInVerification, threads,
                                visits, visit_versions);
      !s.ok()) {
    return s;
  }
  if (absl::Status s = Prepared(server, tokens, shape, 2, bench::Stage::kAgreed, threads, agreed,
                                agreed_versions);
      !s.ok()) {
    return s;
  }
  const int64_t visit_time = NowMs() / 1000;
  for (int d = 0; d < shape.desa; ++d) {
    const bench::Desa submit_desa = Pool(shape, 0).desa()[d];
    const bench::Desa visit_desa = Pool(shape, 1).desa()[d];
    const bench::Desa assign_desa = Pool(shape, 2).desa()[d];
    for (int h = 0; h < shape.households; ++h) {
      kinds[0].push_back(One("SubmitProposal", Role::kVillageOperator, submit_desa.code,
                             drafts.ids[d][h], draft_versions[d][h]));
      kinds[1].push_back(One("RecordVisit", Role::kVerifier, visit_desa.kabupaten, visits.ids[d][h],
                             visit_versions[d][h]));
      kinds[1].back().visit_time = visit_time;
    }
    for (int h = 0; h < shape.households; h += options.assign_chunk) {
      Request assign;
      assign.rpc = "AssignVerifier";
      assign.role = static_cast<int>(Role::kVillageOperator);
      assign.region = assign_desa.code;
      assign.verifier = bench::Tokens::VerifierSubject(assign_desa.kabupaten);
      for (int i = h; i < std::min(shape.households, h + options.assign_chunk); ++i) {
        assign.proposals.push_back(agreed.ids[d][i]);
        assign.expected_versions.push_back(agreed_versions[d][i]);
      }
      kinds[2].push_back(assign);
    }
    const bench::Desa import_desa = Pool(shape, 3).desa()[d];
    for (int h = 0; h < shape.households; h += options.import_rows) {
      Request import;
      import.rpc = "ImportProposals";
      import.role = static_cast<int>(Role::kVillageOperator);
      import.region = import_desa.code;
      import.import_desa = d;
      import.import_first = h;
      import.import_rows = std::min(options.import_rows, shape.households - h);
      kinds[3].push_back(import);
    }
  }
  // Interleaved, so that every moment of the load has every kind in flight.
  plan.clear();
  for (size_t i = 0;
       std::any_of(kinds.begin(), kinds.end(), [&](const auto& kind) { return i < kind.size(); });
       ++i) {
    for (const auto& kind : kinds) {
      if (i < kind.size()) {
        plan.push_back(kind[i]);
        plan.back().rid = bench::NextRequestId("rec");
      }
    }
  }
  return absl::OkStatus();
}

LoadFigures RunLoad(const bench::Server& server, const bench::Tokens& tokens, const Shape& shape,
                    const std::vector<Request>& plan, const LoadOptions& options,
                    Journal& journal) {
  const bench::Dataset import_pool = ImportPool(shape);
  const auto start = Clock::now();
  const auto stop_starting = start + std::chrono::duration<double>(options.duration_s);
  std::atomic<size_t> next{0};
  std::mutex mutex;  // guards figures
  LoadFigures figures;
  Outages outages;
  std::cerr << "recorder: load started (" << plan.size() << " requests, " << options.clients
            << " clients)\n";

  auto one = [&](bench::Client& client, const Request& request) {
    journal.Write(request);
    if (request.rpc == "ImportProposals") {
      std::cerr << "recorder: import " << request.rid << " streaming\n";
    }
    std::optional<Clock::time_point> give_up;  // set at the first failure
    for (int attempt = 0;; ++attempt) {
      Outcome outcome = Send(client, tokens, request, import_pool,
                             std::chrono::milliseconds(options.row_pause_ms));
      const grpc::StatusCode code = outcome.status.error_code();
      journal.Write(
          Answer{request.rid, code, outcome.status.error_message(), NowMs(), outcome.changed});
      // A refusal that promises nothing was written: checked before anything
      // else can touch the proposal (each has exactly one request).
      const bool check =
          !outcome.status.ok() && !options.untouched_when.empty() &&
          outcome.status.error_message().find(options.untouched_when) != std::string::npos &&
          request.expected_versions.size() == request.proposals.size();
      bool untouched = true;
      if (check) {
        for (size_t i = 0; i < request.proposals.size(); ++i) {
          Changed now;
          grpc::Status read = Read(client, tokens, Auditor(), request.proposals[i], now);
          untouched = untouched && read.ok() && now.version == request.expected_versions[i];
        }
        journal.Write(Untouched{request.rid, untouched});
      }
      std::unique_lock<std::mutex> lock(mutex);
      if (attempt > 0) ++figures.retried;
      if (outcome.status.ok()) {
        outages.Answered();
        if (++figures.acknowledged % 20 == 0) {
          std::cerr << "recorder: answered " << figures.acknowledged << "\n";
        }
        return;
      }
      ++figures.failed_attempts;
      outages.Failed();
      if (check) {
        ++figures.untouched_checked;
        if (!untouched) ++figures.half_written;
      }
      if (!Retryable(code)) {
        ++figures.refused;
        std::cerr << "recorder: " << request.rpc << " " << request.rid << " refused: " << code
                  << " " << outcome.status.error_message() << "\n";
        return;
      }
      if (!give_up) {
        give_up = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                     std::chrono::duration<double>(options.retry_for_s));
      }
      if (Clock::now() >= *give_up) {
        ++figures.unanswered;
        return;
      }
      lock.unlock();  // not held while waiting
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
  };

  std::vector<std::thread> threads;
  for (int t = 0; t < options.clients; ++t) {
    threads.emplace_back([&] {
      bench::Client client(server);
      // Without it, a channel whose server died reconnects only when gRPC's
      // backup poller runs (calls fail fast without polling): the TLS handshake
      // with the restarted server then crawls and times out (base/channel_keeper.h).
      base::ChannelKeeper keeper(client.channel);
      for (size_t i = next++; i < plan.size() && Clock::now() < stop_starting; i = next++) {
        {
          std::lock_guard<std::mutex> lock(mutex);
          ++figures.requests;
        }
        one(client, plan[i]);
        std::this_thread::sleep_for(std::chrono::milliseconds(options.pause_ms));
      }
    });
  }
  for (auto& thread : threads) thread.join();
  figures.recovery_ms = outages.LongestMs();
  std::cerr << "recorder: load done\n";
  return figures;
}

}  // namespace usulan::recorder
