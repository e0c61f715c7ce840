// Pusdatin's decisions written one way, whether a batch's members (DecideBatch) or
// a single proposal of a route that climbs no batch (DecideProposal): the decided
// transitions and, for every acceptance, its change of the register, in the
// decision's own transaction.
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "storage/records.h"
#include "storage/tx.h"

namespace usulan::app {

// Writes `planned` (ProposalRepository::ApplyTransitions: one set of statements
// however many) — the transitions a decision under `decree_number` worked out for
// `decided`, which holds the proposals as those transitions leave them (same order;
// a batch member may be returned instead of decided). Then every proposal of
// `decided` now ACCEPTED changes the register (register_effects.h), in entry-id
// order so that two decisions cannot deadlock on entries; a PBI_JK reactivation
// also joins its entry to the programme "PBI-JK". Every consequence of an
// acceptance belongs here and nowhere else, so that a batch and a single decision
// cannot drift apart. A failure names the member ("member <id>: ...") and is the
// caller's transaction's to roll back. Not thread-safe (a Tx is not).
absl::Status ApplyAcceptedDecision(storage::Tx& tx, const std::string& decree_number,
                                   const std::vector<storage::PlannedTransition>& planned,
                                   const std::vector<storage::ProposalRecord>& decided);

}  // namespace usulan::app
