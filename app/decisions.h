// Pusdatin's decisions written one way, whether a batch's members (DecideBatch) or
// a single proposal of a route that climbs no batch (DecideProposal): the decided
// transitions and, for every acceptance, what it changes beyond the proposal, in the
// decision's own transaction.
#pragma once

#include <vector>

#include "absl/status/status.h"
#include "storage/records.h"
#include "storage/tx.h"

namespace usulan::app {

// Writes `planned` (ProposalRepository::ApplyTransitions: one set of statements
// however many) — the transitions a decision worked out for `decided`, which holds
// the proposals as those transitions leave them (same order; a batch member may be
// returned instead of decided). Every consequence of an acceptance belongs here and
// nowhere else, so that a batch and a single decision cannot drift apart: today an
// acceptance moves only the proposal (to ACCEPTED); the register's change of issue
// 15 (a NEW proposal lists its household, a DEACTIVATION makes the entry INACTIVE,
// ...) hooks in here, for the proposals of `decided` in state ACCEPTED. A failure
// is the caller's transaction's to roll back. Not thread-safe (a Tx is not).
absl::Status ApplyAcceptedDecision(storage::Tx& tx,
                                   const std::vector<storage::PlannedTransition>& planned,
                                   const std::vector<storage::ProposalRecord>& decided);

}  // namespace usulan::app
