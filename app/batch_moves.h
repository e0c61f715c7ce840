// Moving a district batch: every open member passes the proposal machine in the
// same transaction, each with its own audit record naming the batch, or none does.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "base/clock.h"
#include "storage/tx.h"
#include "workflow/batch.h"

namespace usulan::app {

// Applies `step` to `batch` (locked by the caller): each open member, locked in id
// order, gets step.member_event with `payload` plus attributes.batch_id, at the
// time MoveMembers reads; a member refusal fails the whole move, prefixed
// "member <proposal id>: ". Closes the members when the batch is returned, then
// writes the batch's new status (status_since the same time).
// FAILED_PRECONDITION when the batch has no open member left.
absl::Status MoveBatch(storage::Tx& tx, storage::BatchRecord& batch,
                       const workflow::BatchStep& step, const workflow::Actor& actor,
                       workflow::Payload payload, const std::string& request_id,
                       const base::Clock& clock);

// Locks the proposals of `ids` (LockProposalsInOrder: one statement, in id order),
// reads `clock` (after the locks, so no member's chain goes back in time), lets
// `decide` work out each one's transition at that time in the order of `ids`, and
// writes them all with `write` (default: ProposalRepository::ApplyTransitions;
// Pusdatin's decision passes ApplyAcceptedDecision, decisions.h) with one set of
// statements: thousands of members cost a few statements, not thousands. Answers
// the time the members moved at. A refusal fails the whole move, prefixed
// "member <proposal id>: ".
using MemberDecisionFn = std::function<absl::StatusOr<storage::PlannedTransition>(
    storage::ProposalRecord&, storage::TimePoint)>;
// Writes the transitions `planned` for the members as they leave them (`moved`).
using MemberWriteFn = std::function<absl::Status(
    storage::Tx&, const std::vector<storage::PlannedTransition>& planned,
    const std::vector<storage::ProposalRecord>& moved)>;
absl::StatusOr<storage::TimePoint> MoveMembers(storage::Tx& tx,
                                               const std::vector<std::string>& ids,
                                               const base::Clock& clock,
                                               const MemberDecisionFn& decide,
                                               const MemberWriteFn& write = nullptr);

// The ids of the members still climbing with the batch, sorted: the order in which
// every batch step locks them, so that two steps cannot deadlock.
std::vector<std::string> OpenMemberIds(const storage::BatchRecord& batch);


}  // namespace usulan::app
