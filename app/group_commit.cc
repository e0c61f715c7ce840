#include "app/group_commit.h"

#include <algorithm>
#include <future>
#include <map>
#include <set>

#include "absl/strings/ascii.h"
#include "storage/database.h"
#include "storage/not_found.h"
#include "base/status_macros.h"
#include "base/string_view_compat.h"

namespace usulan::app {
namespace {

using Clock_ = std::chrono::steady_clock;

// Claims, locks, decides and writes `changes` inside `tx`, one outcome and answer
// per change. The transitions' time is read from `clock` once every row is
// locked: a group that read it earlier and then waited for a lock could stamp
// rows older than those written meanwhile. A change's own refusal gives its claim
// back and leaves the others alone; an error returned here fails the transaction
// as a whole.
absl::Status WriteChanges(storage::Tx& tx, const std::vector<const EventChange*>& changes,
                          const base::Clock& clock, std::vector<ChangeOutcome>& outcomes) {
  outcomes.assign(changes.size(), ChangeOutcome{});
  std::vector<storage::RequestKey> keys;
  for (const EventChange* change : changes) keys.push_back(change->key);
  auto claims = tx.requests().ClaimRequests(keys, clock.Now());
  if (!claims.ok()) return claims.status();

  std::vector<size_t> claimed;
  std::vector<std::string> ids;
  for (size_t i = 0; i < changes.size(); ++i) {
    const absl::StatusOr<storage::Claim>& claim = (*claims)[i];
    if (!claim.ok()) {
      outcomes[i].status = claim.status();
    } else if (!claim->claimed) {
      outcomes[i].answer = claim->stored_response;
    } else {
      claimed.push_back(i);
      ids.push_back(changes[i]->proposal_id);
    }
  }
  auto locked = tx.proposals().LockProposals(ids, /*with_members=*/true);
  if (!locked.ok()) return locked.status();
  const storage::TimePoint now = clock.Now();
  std::map<std::string, storage::ProposalRecord*> by_id;
  for (storage::ProposalRecord& proposal : *locked) by_id[proposal.id] = &proposal;

  std::vector<storage::PlannedTransition> planned;
  std::vector<storage::RequestRepository::Answer> completed;
  std::vector<storage::RequestKey> refused;
  for (size_t i : claimed) {
    const EventChange& change = *changes[i];
    auto found = by_id.find(absl::AsciiStrToLower(change.proposal_id));
    if (found == by_id.end()) {
      outcomes[i].status = storage::ProposalNotFound(change.proposal_id);
      refused.push_back(change.key);
      continue;
    }
    storage::ProposalRecord& proposal = *found->second;
    const workflow::State from = proposal.state;
    auto steps = DecideChange(proposal, change.actor, change.events, change.expected_version,
                              change.plan, change.key.request_id, now);
    if (!steps.ok()) {
      outcomes[i].status = steps.status();
      refused.push_back(change.key);
      continue;
    }
    planned.insert(planned.end(), steps->begin(), steps->end());
    outcomes[i].answer = change.answer(proposal);
    // Tagged with the proposal: erasing its household also removes the answer.
    completed.push_back({change.key, outcomes[i].answer, proposal.id});
    outcomes[i].from = from;
    outcomes[i].to = proposal.state;
  }
  if (absl::Status s = tx.requests().ReleaseRequests(refused); !s.ok()) return s;
  if (absl::Status s = tx.proposals().ApplyTransitions(planned); !s.ok()) return s;
  return tx.requests().CompleteRequests(completed);
}

// An answer that changed nothing.
ChangeOutcome Refused(absl::Status status) {
  return ChangeOutcome{std::move(status), {}, std::nullopt, std::nullopt};
}
}  // namespace

ChangeOutcome CommitAlone(storage::Database& db, const base::Clock& clock,
                          const EventChange& change) {
  std::vector<ChangeOutcome> outcomes;
  absl::Status written = db.InTransaction(
      [&](storage::Tx& tx) { return WriteChanges(tx, {&change}, clock, outcomes); });
  if (!written.ok()) return Refused(written);
  return outcomes[0];
}

// Built by a constructor, not aggregate-initialised: g++ 12 at -O3 (Release)
// took the `{}` temporaries of an aggregate initialisation for an outcome whose
// absl::Status might be destroyed uninitialised (-Wmaybe-uninitialized).
struct GroupCommitter::Waiting {
  Waiting(const EventChange& change, base::CallLimits limits)
      : change(change), limits(std::move(limits)), arrived(Clock_::now()) {}
  void Answer(ChangeOutcome answer) {
    outcome = std::move(answer);
    answered.set_value();
  }
  void Answer(absl::Status status) { Answer(Refused(std::move(status))); }
  const EventChange& change;
  // The caller's deadline and cancellation; its cancellation check stays valid
  // while the caller waits, which is until it is answered.
  const base::CallLimits limits;
  Clock_::time_point arrived;
  bool taken = false;  // in a group being written (guarded by mutex_)
  ChangeOutcome outcome;
  std::promise<void> answered;
};

namespace {
// At least one request per group and one writer: with max_group <= 0 TakeGroup
// took nothing, so the writers spun and no caller (nor the destructor) returned.
GroupCommitOptions Sane(GroupCommitOptions options) {
  options.max_group = std::max(1, options.max_group);
  options.writers = std::max(1, options.writers);
  options.max_queue = std::max(1, options.max_queue);
  return options;
}
}  // namespace

GroupCommitter::GroupCommitter(storage::Database& db, const base::Clock& clock,
                               GroupCommitOptions options)
    : db_(db), clock_(clock), options_(Sane(options)) {
  for (int i = 0; i < std::max(1, options_.writers); ++i) {
    writers_.emplace_back([this] { Writer(); });
  }
}

GroupCommitter::~GroupCommitter() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  queued_.notify_all();
  for (std::thread& writer : writers_) writer.join();
}

ChangeOutcome GroupCommitter::Commit(const EventChange& change) {
  const base::CallLimits* call = base::CurrentCall();
  if (call != nullptr) {
    if (absl::Status wanted = call->Check(); !wanted.ok()) return Refused(wanted);
  }
  Waiting waiting(change, call != nullptr ? *call : base::CallLimits{});
  std::future<void> answered = waiting.answered.get_future();
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return Refused(absl::UnavailableError(storage::kShuttingDown));
    if (queue_.size() >= static_cast<size_t>(options_.max_queue)) {
      return Refused(absl::ResourceExhaustedError(
          "server overloaded: too many changes waiting to be written; nothing was changed; "
          "retry later with backoff"));
    }
    queue_.push_back(&waiting);
  }
  queued_.notify_all();
  // Waits to be taken into a group at most max_wait, and not past the call's
  // deadline (less the margin to answer it ourselves).
  Clock_::time_point until = waiting.arrived + options_.max_wait;
  const bool by_deadline = waiting.limits.deadline &&
                           *waiting.limits.deadline - storage::kAnswerMargin < until;
  if (by_deadline) until = *waiting.limits.deadline - storage::kAnswerMargin;
  if (answered.wait_until(until) == std::future_status::timeout) {
    std::lock_guard lock(mutex_);
    if (!waiting.taken) {
      queue_.erase(std::find(queue_.begin(), queue_.end(), &waiting));
      if (by_deadline) {
        return Refused(absl::DeadlineExceededError(
            "the call's deadline passed while the change waited to be written; nothing was "
            "changed"));
      }
      return Refused(absl::ResourceExhaustedError(base::Concat(
          "server overloaded: the change waited more than ", options_.max_wait.count(),
          " ms to be written; nothing was changed; retry later with backoff")));
    }
    // Taken: its group's transaction is bounded by the earliest deadline in it,
    // so the answer comes soon.
  }
  answered.wait();
  return std::move(waiting.outcome);
}

std::vector<GroupCommitter::Waiting*> GroupCommitter::TakeGroup() {
  std::vector<Waiting*> group;
  std::set<std::string> proposals, keys;
  for (auto it = queue_.begin(); it != queue_.end() &&
                                 group.size() < static_cast<size_t>(options_.max_group);) {
    const EventChange& change = (*it)->change;
    const std::string proposal = absl::AsciiStrToLower(change.proposal_id);
    const std::string key = base::Concat(change.key.subject, "\n", change.key.request_id);
    if (proposals.count(proposal) > 0 || keys.count(key) > 0) {
      ++it;  // waits for the next group, behind the one it would collide with
      continue;
    }
    proposals.insert(proposal);
    keys.insert(key);
    (*it)->taken = true;
    group.push_back(*it);
    it = queue_.erase(it);
  }
  return group;
}

void GroupCommitter::Writer() {
  const size_t full = static_cast<size_t>(std::max(1, options_.max_group));
  std::unique_lock lock(mutex_);
  while (true) {
    queued_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, and everything is written
    const Clock_::time_point deadline = queue_.front()->arrived + options_.window;
    queued_.wait_until(lock, deadline, [&] { return stopping_ || queue_.size() >= full; });
    if (queue_.empty()) continue;  // another writer took them (or their callers left)
    std::vector<Waiting*> group = TakeGroup();
    if (!queue_.empty()) queued_.notify_one();  // more for another writer
    lock.unlock();
    WriteGroup(std::move(group));
    lock.lock();
  }
}

void GroupCommitter::WriteGroup(std::vector<Waiting*> group) {
  while (true) {
    // Members no longer wanted are answered, not written; so is one with less
    // than the margin left, which could not be answered in time anyway.
    std::vector<Waiting*> wanted;
    for (Waiting* waiting : group) {
      if (absl::Status s = waiting->limits.Check(Clock_::now() + storage::kAnswerMargin);
          !s.ok()) {
        waiting->Answer(s);
      } else {
        wanted.push_back(waiting);
      }
    }
    if (wanted.empty()) return;
    std::vector<const EventChange*> changes;
    // The group's transaction is bounded by its earliest deadline (the latest
    // would let a stalled database keep the others past theirs), and never
    // cancelled as a whole (each member's cancellation is checked before COMMIT).
    base::CallLimits limits;
    for (const Waiting* waiting : wanted) {
      changes.push_back(&waiting->change);
      if (waiting->limits.deadline &&
          (!limits.deadline || *waiting->limits.deadline < *limits.deadline)) {
        limits.deadline = waiting->limits.deadline;
      }
    }
    std::vector<ChangeOutcome> outcomes;
    bool dropped = false;
    absl::Status written;
    {
      base::CallScope scope(limits);
      written = db_.InTransaction([&](storage::Tx& tx) -> absl::Status {
        USULAN_RETURN_IF_ERROR(WriteChanges(tx, changes, clock_, outcomes));
        // Just before COMMIT: a member whose caller no longer waits must not be
        // committed with the others; the group is written again without it.
        for (const Waiting* waiting : wanted) {
          if (!waiting->limits.Check().ok()) {
            dropped = true;
            return absl::AbortedError("a member of the group is no longer wanted");
          }
        }
        return absl::OkStatus();
      });
    }
    if (written.ok()) {
      for (size_t i = 0; i < wanted.size(); ++i) wanted[i]->Answer(std::move(outcomes[i]));
      return;
    }
    const bool in_doubt = written.message() == storage::kOutcomeUnknown;
    if (dropped || absl::IsDeadlineExceeded(written)) {
      // Rolled back for a member no longer wanted, or cut at the group's earliest
      // deadline (which is then that member's): the others are written without
      // it, each still bounded by its own deadline. The check above drops it.
      group = std::move(wanted);
      continue;
    }
    if (absl::IsUnavailable(written) ||
        absl::IsResourceExhausted(written) || absl::IsCancelled(written)) {
      // The database is stalled, gone or busy: alone, each would wait again.
      for (Waiting* waiting : wanted) {
        absl::Status own = waiting->limits.Check(Clock_::now() + storage::kAnswerMargin);
        // Whatever else is true, an in-doubt change may have been made.
        waiting->Answer(in_doubt || own.ok() ? written : own);
      }
      return;
    }
    // Failed as a whole by a conflict: each alone, as if never grouped.
    for (Waiting* waiting : wanted) {
      base::CallScope scope(waiting->limits);
      waiting->Answer(CommitAlone(db_, clock_, waiting->change));
    }
    return;
  }
}

}  // namespace usulan::app
