#include "app/chain_verification.h"

#include <optional>
#include <set>

#include "base/status_macros.h"
#include "storage/tx.h"

namespace usulan::app {
namespace {

constexpr int kProposalPage = 500;
constexpr int kCheckpointPage = 1000;

class Walk {
 public:
  Walk(storage::Database& db, const std::vector<audit::VerifyingKey>& trusted, size_t max_findings,
       const std::function<bool()>& cancelled)
      : db_(db), trusted_(trusted), max_findings_(max_findings), cancelled_(cancelled) {}

  // Asked before every page: a caller that went away stops the walk there.
  absl::Status CheckNotCancelled() const {
    if (cancelled_()) return absl::CancelledError("the chain verification was cancelled");
    return absl::OkStatus();
  }

  absl::Status Proposals(const std::vector<storage::ProposalVersion>& versions) {
    USULAN_RETURN_IF_ERROR(CheckNotCancelled());
    std::vector<std::string> ids;
    for (const auto& v : versions) ids.push_back(v.id);
    std::vector<storage::StoredTransition> rows;
    USULAN_RETURN_IF_ERROR(db_.InTransaction([&](storage::Tx& tx) -> absl::Status {
      USULAN_ASSIGN_OR_RETURN(rows, tx.audit_log().GetStoredTransitions(ids));
      return absl::OkStatus();
    }));
    // Rows come ordered by (proposal id, sequence), as are `versions` (by id).
    size_t next = 0;
    for (const auto& version : versions) {
      std::vector<audit::StoredRow> chain;
      while (next < rows.size() && rows[next].row.fields.proposal_id < version.id) ++next;
      while (next < rows.size() && rows[next].row.fields.proposal_id == version.id) {
        const storage::StoredTransition& row = rows[next++];
        if (row.checkpoint > 0) {
          referenced_.insert(row.checkpoint);
        } else {
          ++report_.transitions_not_checkpointed;
        }
        chain.push_back(row.row);
      }
      report_.transitions_checked += static_cast<int64_t>(chain.size());
      ++report_.proposals_checked;
      Add(audit::VerifyProposalChain(version.id, chain, version.version));
    }
    return absl::OkStatus();
  }

  // Rows whose proposal does not exist: each such proposal is one finding, and its
  // rows still count towards the checkpoints they claim.
  absl::Status Orphans(const std::vector<std::string>& ids) {
    std::vector<storage::StoredTransition> rows;
    USULAN_RETURN_IF_ERROR(db_.InTransaction([&](storage::Tx& tx) -> absl::Status {
      USULAN_ASSIGN_OR_RETURN(rows, tx.audit_log().GetStoredTransitions(ids));
      return absl::OkStatus();
    }));
    std::string previous;
    for (const storage::StoredTransition& row : rows) {
      ++report_.transitions_checked;
      if (row.checkpoint > 0) referenced_.insert(row.checkpoint);
      const audit::TransitionFields& f = row.row.fields;
      if (f.proposal_id == previous) continue;
      previous = f.proposal_id;
      Add({audit::Finding{audit::FindingKind::kRowUnexpected, f.proposal_id, f.sequence, 0,
                          "the trail holds rows of proposal " + f.proposal_id +
                              ", which does not exist: inserted, or its proposal removed"}});
    }
    return absl::OkStatus();
  }

  absl::Status Checkpoints(bool recompute_all) {
    std::optional<storage::CheckpointRecord> previous;
    int64_t after = 0;
    for (;;) {
      USULAN_RETURN_IF_ERROR(CheckNotCancelled());
      std::vector<storage::CheckpointRecord> page;
      USULAN_RETURN_IF_ERROR(db_.InTransaction([&](storage::Tx& tx) -> absl::Status {
        USULAN_ASSIGN_OR_RETURN(page, tx.audit_log().ListCheckpoints(after, kCheckpointPage));
        return absl::OkStatus();
      }));
      for (const storage::CheckpointRecord& record : page) {
        const int64_t sequence = record.checkpoint.fields.sequence;
        std::optional<audit::Coverage> coverage;
        if (recompute_all || referenced_.count(sequence) > 0) {
          USULAN_RETURN_IF_ERROR(CheckNotCancelled());
          USULAN_RETURN_IF_ERROR(db_.InTransaction([&](storage::Tx& tx) -> absl::Status {
            USULAN_ASSIGN_OR_RETURN(coverage, tx.audit_log().CheckpointCoverage(record));
            return absl::OkStatus();
          }));
          ++report_.checkpoint_roots_recomputed;
        }
        Add(audit::VerifyCheckpoint(record.checkpoint, previous ? &previous->checkpoint : nullptr,
                                    trusted_, coverage));
        ++report_.checkpoints_checked;
        previous = record;
        after = sequence;
      }
      if (page.size() < static_cast<size_t>(kCheckpointPage)) return absl::OkStatus();
    }
  }

  VerificationReport& report() { return report_; }

 private:
  void Add(std::vector<audit::Finding> findings) {
    for (audit::Finding& finding : findings) {
      if (report_.findings.size() < max_findings_) {
        report_.findings.push_back(std::move(finding));
      } else {
        report_.findings_truncated = true;
      }
    }
  }

  storage::Database& db_;
  const std::vector<audit::VerifyingKey>& trusted_;
  const size_t max_findings_;
  const std::function<bool()>& cancelled_;
  std::set<int64_t> referenced_;
  VerificationReport report_;
};

}  // namespace

absl::StatusOr<VerificationReport> VerifyAuditTrail(
    storage::Database& db, const VerificationScope& scope,
    const std::vector<audit::VerifyingKey>& trusted, size_t max_findings,
    const std::function<bool()>& cancelled) {
  Walk walk(db, trusted, max_findings, cancelled);
  if (!scope.proposal_id.empty()) {
    storage::ProposalVersion version;
    USULAN_RETURN_IF_ERROR(db.InTransaction([&](storage::Tx& tx) -> absl::Status {
      USULAN_ASSIGN_OR_RETURN(storage::ProposalRecord proposal, tx.proposals().GetProposal(scope.proposal_id));
      version = {proposal.id, proposal.version};
      return absl::OkStatus();
    }));
    USULAN_RETURN_IF_ERROR(walk.Proposals({version}));
  } else {
    std::string after;
    for (;;) {
      USULAN_RETURN_IF_ERROR(walk.CheckNotCancelled());
      std::vector<storage::ProposalVersion> page;
      USULAN_RETURN_IF_ERROR(db.InTransaction([&](storage::Tx& tx) -> absl::Status {
        USULAN_ASSIGN_OR_RETURN(page,
                                tx.audit_log().ListProposalVersions(scope.region_prefix, after, kProposalPage));
        return absl::OkStatus();
      }));
      if (page.empty()) break;
      USULAN_RETURN_IF_ERROR(walk.Proposals(page));
      after = page.back().id;
      if (page.size() < static_cast<size_t>(kProposalPage)) break;
    }
  }
  const bool everything = scope.proposal_id.empty() && scope.region_prefix.empty();
  if (everything) {
    // Rows of proposals that do not exist are in no proposal's walk above.
    std::vector<std::string> orphans;
    USULAN_RETURN_IF_ERROR(db.InTransaction([&](storage::Tx& tx) -> absl::Status {
      USULAN_ASSIGN_OR_RETURN(orphans, tx.audit_log().OrphanTransitionProposals(kProposalPage));
      return absl::OkStatus();
    }));
    if (!orphans.empty()) USULAN_RETURN_IF_ERROR(walk.Orphans(orphans));
  }
  USULAN_RETURN_IF_ERROR(walk.Checkpoints(everything));
  return std::move(walk.report());
}

}  // namespace usulan::app
