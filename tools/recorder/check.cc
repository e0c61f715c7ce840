#include "tools/recorder/check.h"

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "tools/bench/setup.h"
#include "tools/recorder/calls.h"
#include "workflow/vocabulary.h"

namespace usulan::recorder {

namespace {

using Clock = std::chrono::steady_clock;

std::unique_ptr<grpc::ClientContext> AuditorContext(const bench::Tokens& tokens) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->AddMetadata("authorization", "Bearer " + tokens.For(workflow::Role::kAuditor, ""));
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(120));
  return context;
}

// Sends `request` until it is answered (OK or a non-retryable code) or the
// window closes.
Outcome Patiently(bench::Client& client, const bench::Tokens& tokens, const Request& request,
                  const bench::Dataset& import_pool, double window_s) {
  const auto until = Clock::now() + std::chrono::duration<double>(window_s);
  for (;;) {
    Outcome outcome = Send(client, tokens, request, import_pool, std::chrono::milliseconds(0));
    if (outcome.status.ok() || !Retryable(outcome.status.error_code()) || Clock::now() > until) {
      return outcome;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
}

// What the load learned of each request.
struct Known {
  const Request* request = nullptr;
  bool answered = false;         // an OK answer
  bool refused = false;          // last answer non-retryable
  std::vector<Changed> changed;  // the OK answer's; an import's rows over all attempts
};

// An import's rows, by row number (attempts may each have accepted some);
// false when an attempt answered a row with another DRAFT than an earlier one.
bool MergeRows(std::vector<Changed>& into, const std::vector<Changed>& rows) {
  bool same = true;
  for (const Changed& row : rows) {
    bool seen = false;
    for (const Changed& have : into) {
      if (have.row != row.row) continue;
      seen = true;
      same = same && have == row;
    }
    if (!seen) into.push_back(row);
  }
  return same;
}

// True when every row (or change) `before` names is in `after` unchanged; for
// a non-import the two must be equal.
bool SameAnswer(const Request& request, const std::vector<Changed>& before,
                const std::vector<Changed>& after) {
  if (request.rpc != "ImportProposals") return before == after;
  for (const Changed& row : before) {
    bool found = false;
    for (const Changed& again : after) found = found || again == row;
    if (!found) return false;
  }
  return static_cast<int>(after.size()) == request.import_rows;
}

}  // namespace

bool CheckFigures::Passed() const {
  return requests > 0 && lost == 0 && duplicates == 0 && replay_mismatches == 0 &&
         unanswered_after_resend == 0 && unreadable_histories == 0 && refused == 0 &&
         half_written == 0 && chain_ok;
}

CheckFigures Check(const bench::Server& server, const bench::Tokens& tokens,
                   const JournalContents& journal, const CheckOptions& options) {
  CheckFigures figures;
  const bench::Dataset import_pool = ImportPool(journal.shape);
  std::map<std::string, Known> known;
  for (const Request& request : journal.requests) known[request.rid].request = &request;
  figures.requests = static_cast<int64_t>(known.size());
  std::map<std::string, int> attempts;
  std::set<std::string> held_up;
  for (const Answer& answer : journal.answers) {
    Known& k = known[answer.rid];
    if (k.request == nullptr) continue;  // an answer without its request: cut journal
    if (++attempts[answer.rid] > 1) ++figures.retried;
    const bool ok = answer.code == 0;
    if (k.request->rpc == "ImportProposals") {
      if (!MergeRows(k.changed, answer.changed)) ++figures.replay_mismatches;
    } else if (ok && !k.answered) {
      k.changed = answer.changed;
    }
    k.answered = k.answered || ok;
    k.refused = !ok && !Retryable(static_cast<grpc::StatusCode>(answer.code));
    // Recovery: the first OK answer after since_ms of a request that was
    // failing before it (one the outage held up).
    if (!ok && answer.at_ms < options.since_ms) held_up.insert(answer.rid);
    if (ok && options.since_ms > 0 && answer.at_ms >= options.since_ms &&
        held_up.count(answer.rid) != 0 && figures.recovery_ms < 0) {
      figures.recovery_ms = answer.at_ms - options.since_ms;
    }
  }
  for (const Untouched& u : journal.untouched) {
    ++figures.untouched_checked;
    if (!u.untouched) ++figures.half_written;
  }

  std::vector<Known*> unanswered, answered;
  for (auto& [rid, k] : known) {
    if (k.request == nullptr) continue;
    if (k.answered) {
      ++figures.acknowledged;
      answered.push_back(&k);
    } else if (k.refused) {
      ++figures.refused;
    } else {
      unanswered.push_back(&k);
    }
  }
  std::mutex mutex;
  // Sends each of `list` patiently, then `fn(known, outcome)` under `mutex`.
  auto resend = [&](const std::vector<Known*>& list,
                    const std::function<void(Known&, const Outcome&)>& fn) {
    bench::ParallelFor(server, static_cast<int>(list.size()), options.clients,
                       [&](bench::Client& client, int i) {
                         Outcome outcome = Patiently(client, tokens, *list[i]->request, import_pool,
                                                     options.retry_for_s);
                         std::lock_guard<std::mutex> lock(mutex);
                         fn(*list[i], outcome);
                         return absl::OkStatus();
                       })
        .IgnoreError();  // every unit returns OK: its findings are counted
  };

  // 1. The unanswered, sent again with the same request ids.
  resend(unanswered, [&](Known& k, const Outcome& outcome) {
    ++figures.unanswered;
    if (!outcome.status.ok()) {
      ++figures.unanswered_after_resend;
      if (!Retryable(outcome.status.error_code())) ++figures.refused;
      return;
    }
    // Rows an earlier broken import had accepted replay as such.
    if (k.request->rpc == "ImportProposals" &&
        !SameAnswer(*k.request, k.changed, outcome.changed)) {
      ++figures.replay_mismatches;
    }
    k.changed = outcome.changed;
    k.answered = true;
  });

  // Every proposal a request named or an answer created, with the audit rows
  // each answer promises.
  struct Promise {
    std::string rid;
    Changed changed;
  };
  std::map<std::string, std::vector<Promise>> promised;  // by proposal
  for (const auto& [rid, k] : known) {
    if (k.request == nullptr) continue;
    for (const std::string& id : k.request->proposals) promised[id];
    if (!k.answered) continue;
    for (const Changed& c : k.changed) {
      promised[c.id].push_back({c.row != 0 ? RowRequestId(rid, c.row) : rid, c});
    }
  }
  std::vector<std::string> ids;
  for (const auto& [id, unused] : promised) ids.push_back(id);
  // Reads every history and hands each (or the failed status) to fn under `mutex`.
  auto histories = [&](const std::function<void(const std::string&, const grpc::Status&,
                                                const v1::GetHistoryResponse&)>& fn) {
    bench::ParallelFor(server, static_cast<int>(ids.size()), options.clients,
                       [&](bench::Client& client, int i) {
                         v1::GetHistoryRequest request;
                         request.set_proposal_id(ids[i]);
                         v1::GetHistoryResponse history;
                         grpc::Status status = client.audit->GetHistory(
                             AuditorContext(tokens).get(), request, &history);
                         std::lock_guard<std::mutex> lock(mutex);
                         fn(ids[i], status, history);
                         return absl::OkStatus();
                       })
        .IgnoreError();
  };

  // 2. Lost: read before any acknowledged request is sent again, since a
  // resend would apply anew what a crash had lost.
  histories([&](const std::string& id, const grpc::Status& status,
                const v1::GetHistoryResponse& history) {
    for (const Promise& p : promised[id]) {
      bool found = false;
      for (const auto& t : history.transitions()) {
        found = found || (t.sequence() == p.changed.version && t.request_id() == p.rid &&
                          t.to_state() == p.changed.state);
      }
      if (!status.ok() || !found) ++figures.lost;
    }
  });

  // 3. The acknowledged, sent again: pure replays of their first answers.
  resend(answered, [&](Known& k, const Outcome& outcome) {
    ++figures.replayed;
    if (!outcome.status.ok() || !SameAnswer(*k.request, k.changed, outcome.changed)) {
      ++figures.replay_mismatches;
    }
  });

  // 4. Duplicates, after every resend: an event applied twice to a proposal
  // (each proposal was the target of one request, so no event repeats).
  histories(
      [&](const std::string&, const grpc::Status& status, const v1::GetHistoryResponse& history) {
        if (!status.ok()) {
          ++figures.unreadable_histories;
          return;
        }
        figures.transitions_checked += history.transitions_size();
        std::set<std::pair<int, int>> events;
        for (const auto& t : history.transitions()) {
          if (!events.insert({t.from_state(), t.to_state()}).second) ++figures.duplicates;
        }
      });

  bench::Client client(server);
  v1::VerifyChainRequest verify;
  verify.set_everything(true);
  v1::VerifyChainResponse chain;
  grpc::Status status = client.audit->VerifyChain(AuditorContext(tokens).get(), verify, &chain);
  figures.chain_ok = status.ok() && chain.ok();
  figures.chain_detail = status.ok()
                             ? std::to_string(chain.transitions_checked()) + " transitions, " +
                                   std::to_string(chain.findings_size()) + " findings"
                             : "VerifyChain failed: " + status.error_message();
  return figures;
}

void Print(std::ostream& out, const CheckFigures& f) {
  out << "check: requests=" << f.requests << " acknowledged=" << f.acknowledged
      << " retried=" << f.retried << " unanswered=" << f.unanswered
      << " unanswered_after_resend=" << f.unanswered_after_resend << " refused=" << f.refused
      << " replayed=" << f.replayed << " replay_mismatches=" << f.replay_mismatches
      << " lost=" << f.lost << " duplicates=" << f.duplicates << " half_written=" << f.half_written
      << " untouched_checked=" << f.untouched_checked
      << " transitions_checked=" << f.transitions_checked
      << " unreadable_histories=" << f.unreadable_histories
      << " chain=" << (f.chain_ok ? "ok" : "BROKEN") << " recovery_ms=" << f.recovery_ms << "\n"
      << "check: chain: " << f.chain_detail << "\n"
      << "check: " << (f.Passed() ? "PASSED" : "FAILED") << "\n";
}

}  // namespace usulan::recorder
