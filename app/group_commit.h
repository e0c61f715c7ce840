// Group commit of single-proposal transitions. Concurrent requests are gathered for
// a short window and written in one PostgreSQL transaction with set-based
// statements (claims, row locks, transitions, answers: a fixed number of
// statements however many requests), so that the cost of a commit and of a round
// trip is shared. Each request is still decided on its own (region, expected
// version, the workflow) and refused on its own without touching the others, and
// each caller is answered only after the transaction holding its data committed.
// When the group's transaction fails as a whole by a conflict (a deadlock), every
// request of it is retried alone, as if it had never been grouped; when the
// database is stalled or gone (UNAVAILABLE) every request is answered with that
// failure instead, since a retry would only wait again.
//
// Bounded (docs/limits.md, "Database and deadlines"): at most max_queue requests
// wait (RESOURCE_EXHAUSTED beyond), none waits longer than max_wait to be taken
// into a group (RESOURCE_EXHAUSTED) nor past its caller's deadline
// (DEADLINE_EXCEEDED). The caller's deadline and cancellation (base::CurrentCall)
// travel with the request: one that is no longer wanted when its group is about to
// commit is dropped (the group is rolled back and written again without it) and
// answered DEADLINE_EXCEEDED or CANCELLED, never committed; a group's transaction
// is bounded by its earliest deadline, and one cut there is written again without
// the member whose deadline it was.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "base/call_limits.h"
#include "base/clock.h"
#include "app/proposal_transitions.h"
#include "storage/database.h"

namespace usulan::app {

struct GroupCommitOptions {
  // How long the first request of a group waits for others to join it. Requests
  // arriving while every writer is busy join the next group anyway.
  std::chrono::microseconds window{500};
  int max_group = 128;  // requests per transaction (at least 1)
  int writers = 2;      // groups written at the same time (database connections; at least 1)
  int max_queue = 4096;  // requests waiting to be taken into a group (at least 1)
  std::chrono::milliseconds max_wait{2000};  // longest wait to be taken into a group
};

// One single-proposal change: who asks, which events it may begin with (for the
// scope and state checks of change_order.h), for which proposal, and how to
// decide it.
struct EventChange {
  storage::RequestKey key;
  workflow::Actor actor;
  std::vector<workflow::Event> events;
  std::string proposal_id;
  std::optional<int64_t> expected_version;
  EventPlanFn plan;
  // The answer to store and return, as bytes: the API's rendering of the proposal
  // as the change left it (this layer knows no API types).
  std::function<std::string(const storage::ProposalRecord&)> answer;
};

// How a change ended: its status and, on success, its answer (made now, or
// stored by the first of repeated requests); for a change made now (not a replay)
// the state it moved from and to.
struct ChangeOutcome {
  absl::Status status;
  std::string answer;
  std::optional<workflow::State> from;
  std::optional<workflow::State> to;
};

// The change in a transaction of its own: claim, lock, read the clock, decide,
// write, answer.
ChangeOutcome CommitAlone(storage::Database& db, const base::Clock& clock,
                          const EventChange& change);

class GroupCommitter {
 public:
  GroupCommitter(storage::Database& db, const base::Clock& clock, GroupCommitOptions options);
  // Writes what is queued, then stops the writers.
  ~GroupCommitter();
  GroupCommitter(const GroupCommitter&) = delete;
  GroupCommitter& operator=(const GroupCommitter&) = delete;

  // Queues the change and blocks until it is committed or refused, with the
  // limits of the calling thread's call. Thread-safe.
  ChangeOutcome Commit(const EventChange& change);

 private:
  struct Waiting;
  void Writer();
  // Up to max_group queued changes with distinct proposals and request keys (the
  // others wait for a later group: one change per row per transaction). Called
  // with mutex_ held.
  std::vector<Waiting*> TakeGroup();
  // Writes the group and answers every member of it: in one transaction, without
  // the members no longer wanted, or each alone after a conflict.
  void WriteGroup(std::vector<Waiting*> group);

  storage::Database& db_;
  const base::Clock& clock_;
  const GroupCommitOptions options_;
  std::mutex mutex_;
  std::condition_variable queued_;
  std::deque<Waiting*> queue_;
  bool stopping_ = false;
  std::vector<std::thread> writers_;
};

}  // namespace usulan::app
