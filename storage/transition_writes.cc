// Writing decided transitions, one or thousands per statement: the version-checked
// update of the proposals, their hash-chained audit rows, and the release of NIK
// claims; and the set-based row lock that comes before. A batch decision and a
// group commit (app/group_commit.h) write their transitions with the same few
// statements as a single RPC writes its one.
#include <pqxx/pqxx>

#include <map>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "audit/digest.h"
#include "storage/errors.h"
#include "storage/proposal_rows.h"
#include "storage/sql_util.h"
#include "storage/transition_rows.h"
#include "storage/tx.h"
#include "storage/not_found.h"

namespace usulan::storage {
namespace {

constexpr const char* kInsertTransitions = "transitions_insert";
constexpr const char* kPreviousHashes = "transitions_previous_hashes";
constexpr const char* kApplyTransitions = "proposals_apply_transitions";
constexpr const char* kProposalVersions = "proposals_versions";
constexpr const char* kReleaseNikClaims = "nik_claims_release";
constexpr const char* kLockProposals = "proposals_lock_many";
constexpr const char* kMembersOf = kMembersOfMany;

std::string Str(std::string_view s) { return std::string(s); }

// Microseconds since the epoch in column `column` as a timestamptz, exactly.
std::string TimestampOf(const std::string& column) {
  return absl::StrCat("('epoch'::timestamptz + ", column, " * interval '1 microsecond')");
}

std::string Lower(const std::string& id) { return absl::AsciiStrToLower(id); }

// Column-wise parameters of a multi-row statement: one text[] literal per column,
// unnested together in SQL. Per-row arrays travel as array literals themselves.
class Columns {
 public:
  explicit Columns(size_t count) : columns_(count) {}
  std::vector<std::string>& operator[](size_t i) { return columns_[i]; }
  std::string Literal(size_t i) const { return TextArrayLiteral(columns_[i]); }

 private:
  std::vector<std::vector<std::string>> columns_;
};

// The transitions of one proposal within a call, in order.
struct ProposalRun {
  std::string id;  // lower case
  std::vector<const PlannedTransition*> steps;
};

// Groups `planned` per proposal (in order of first appearance) and checks that
// each proposal's steps follow its version one by one. INTERNAL otherwise: the
// audit sequence must have no gaps, so this is a caller bug, not a race.
absl::StatusOr<std::vector<ProposalRun>> GroupByProposal(
    const std::vector<PlannedTransition>& planned) {
  std::vector<ProposalRun> runs;
  std::map<std::string, size_t> index;
  for (const PlannedTransition& step : planned) {
    if (!IsUuid(step.proposal_id)) return ProposalNotFound(step.proposal_id);
    if (step.decision.next_version != step.current_version + 1) {
      return absl::InternalError("transition version does not follow the proposal version");
    }
    const std::string id = Lower(step.proposal_id);
    auto [it, inserted] = index.emplace(id, runs.size());
    if (inserted) {
      runs.push_back({id, {}});
    } else if (runs[it->second].steps.back()->decision.next_version != step.current_version) {
      return absl::InternalError("transitions of one proposal do not follow each other");
    }
    runs[it->second].steps.push_back(&step);
  }
  return runs;
}

}  // namespace

audit::TransitionFields TransitionFieldsOf(const std::string& proposal_id, int64_t sequence,
                                           const workflow::AuditRecord& audit,
                                           const std::string& request_id, TimePoint at) {
  audit::TransitionFields fields;
  fields.proposal_id = Lower(proposal_id);
  fields.sequence = sequence;
  fields.from_state = audit.from ? Str(workflow::Name(*audit.from)) : std::string();
  fields.to_state = Str(workflow::Name(audit.to));
  fields.event = audit.event;
  fields.actor_id = audit.actor_id;
  fields.role = Str(workflow::Name(audit.role));
  fields.region_code = audit.region;
  fields.reason = audit.reason;
  fields.evidence_hashes = audit.evidence_hashes;
  fields.attributes = audit.attributes;
  fields.request_id = request_id;
  fields.at_us = ToMicros(at);
  fields.machine_version = audit.machine_version;
  return fields;
}

void InsertTransitionRows(pqxx::transaction_base& work,
                          const std::vector<audit::StoredRow>& rows) {
  enum { kId, kSeq, kFrom, kTo, kEvent, kActor, kRole, kRegion, kReason, kEvidence, kKeys,
         kValues, kRequest, kAt, kMachine, kPrev, kHash, kCount };
  Columns c(kCount);
  for (const auto& [f, hash] : rows) {
    std::vector<std::string> keys, values;
    for (const auto& [key, value] : f.attributes) {
      keys.push_back(key);
      values.push_back(value);
    }
    c[kId].push_back(f.proposal_id);
    c[kSeq].push_back(std::to_string(f.sequence));
    c[kFrom].push_back(f.from_state);
    c[kTo].push_back(f.to_state);
    c[kEvent].push_back(f.event);
    c[kActor].push_back(f.actor_id);
    c[kRole].push_back(f.role);
    c[kRegion].push_back(f.region_code);
    c[kReason].push_back(f.reason);
    c[kEvidence].push_back(TextArrayLiteral(f.evidence_hashes));
    c[kKeys].push_back(TextArrayLiteral(keys));
    c[kValues].push_back(TextArrayLiteral(values));
    c[kRequest].push_back(f.request_id);
    c[kAt].push_back(std::to_string(f.at_us));
    c[kMachine].push_back(std::to_string(f.machine_version));
    c[kPrev].push_back(f.prev_hash);
    c[kHash].push_back(hash);
  }
  work.exec_prepared(kInsertTransitions, kTransitionWritersLockKey, c.Literal(kId),
                     c.Literal(kSeq), c.Literal(kFrom), c.Literal(kTo), c.Literal(kEvent),
                     c.Literal(kActor), c.Literal(kRole), c.Literal(kRegion), c.Literal(kReason),
                     c.Literal(kEvidence), c.Literal(kKeys), c.Literal(kValues),
                     c.Literal(kRequest), c.Literal(kAt), c.Literal(kMachine), c.Literal(kPrev),
                     c.Literal(kHash));
}

const std::vector<Statement>& TransitionStatements() {
  static const std::vector<Statement> statements = {
      // The writers' lock is read in the same statement, before any row exists
      // to draw a log_index: no output row can be formed before both inputs of
      // the join are read. ORDER BY keeps log_index in the caller's order.
      {kInsertTransitions,
       absl::StrCat(
           "WITH writers AS MATERIALIZED (SELECT pg_advisory_xact_lock_shared($1) AS locked) "
           "INSERT INTO transitions (proposal_id, sequence, from_state, to_state, event, "
           "actor_id, role, region_code, reason, evidence_hashes, attributes, request_id, "
           "at, machine_version, prev_hash, hash) "
           "SELECT u.proposal_id, u.sequence, NULLIF(u.from_state, ''), u.to_state, u.event, "
           "u.actor_id, u.role, u.region_code, u.reason, u.evidence::text[], "
           // Attributes become a JSON object built by the server from two arrays.
           "jsonb_object(u.keys::text[], u.vals::text[]), u.request_id, ",
           TimestampOf("u.at_us"),
           ", u.machine_version, u.prev_hash, u.hash "
           "FROM writers, unnest($2::uuid[], $3::bigint[], $4::text[], $5::text[], $6::text[], "
           "$7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], "
           "$13::text[], $14::text[], $15::bigint[], $16::int[], $17::text[], $18::text[]) "
           "WITH ORDINALITY AS u(proposal_id, sequence, from_state, to_state, event, actor_id, "
           "role, region_code, reason, evidence, keys, vals, request_id, at_us, "
           "machine_version, prev_hash, hash, ord) "
           "ORDER BY u.ord")},
      {kPreviousHashes,
       "SELECT u.proposal_id::text AS proposal_id, t.hash "
       "FROM unnest($1::uuid[], $2::bigint[]) AS u(proposal_id, sequence) "
       "JOIN transitions t ON t.proposal_id = u.proposal_id AND t.sequence = u.sequence"},
      // state_since moves only when the state does: an audited edit of a draft
      // leaves it a draft since the same moment.
      {kApplyTransitions,
       absl::StrCat(
           "UPDATE proposals p SET state = u.state, version = u.version, "
           "assigned_verifier = u.verifier, last_approver = u.approver, "
           "state_since = CASE WHEN u.moved THEN ", TimestampOf("u.at_us"),
           " ELSE p.state_since END, nik_mismatch_members = u.mismatch::int[], "
           "updated_at = ", TimestampOf("u.at_us"), ", cycle_id = u.cycle_id, "
           "audit_head = u.head "
           "FROM unnest($1::uuid[], $2::text[], $3::bigint[], $4::text[], $5::text[], "
           "$6::bigint[], $7::boolean[], $8::text[], $9::text[], $10::bigint[], $11::text[]) "
           "AS u(id, state, version, verifier, approver, at_us, moved, mismatch, cycle_id, "
           "current_version, head) "
           "WHERE p.id = u.id AND p.version = u.current_version RETURNING p.id::text")},
      {kProposalVersions,
       "SELECT id::text, version FROM proposals WHERE id = ANY ($1::uuid[])"},
      {kReleaseNikClaims, "DELETE FROM nik_claims WHERE proposal_id = ANY ($1::uuid[])"},
      // LockRows sits above the sort: the rows are locked in id order.
      {kLockProposals, absl::StrCat(SelectProposalColumnsSql(),
                                    " WHERE p.id = ANY ($1::uuid[]) ORDER BY p.id FOR UPDATE OF p")},
      {kMembersOf, absl::StrCat("SELECT proposal_id::text AS proposal_id, ", MemberColumnsSql(),
                                " FROM members WHERE proposal_id = ANY ($1::uuid[]) "
                                "ORDER BY proposal_id, position")},
  };
  return statements;
}

absl::Status ProposalRepository::ApplyTransition(const std::string& id, int64_t current_version,
                                 const workflow::Decision& decision,
                                 const std::string& request_id, TimePoint at,
                                 const std::vector<int>& nik_mismatch_members) {
  return ApplyTransitions({{.proposal_id = id,
                            .current_version = current_version,
                            .decision = decision,
                            .request_id = request_id,
                            .at = at,
                            .nik_mismatch_members = nik_mismatch_members}});
}

namespace {

// Why the proposals of `runs` that are not in `done` could not be written: the
// first one's NOT_FOUND or ABORTED (a stale version), or OK if each is at the
// version its run expects.
absl::Status Refusal(pqxx::transaction_base& work, const std::vector<ProposalRun>& runs,
                     const std::vector<std::string>& ids, const std::set<std::string>& done) {
  std::map<std::string, int64_t> stored;
  for (const auto& row : work.exec_prepared(kProposalVersions, TextArrayLiteral(ids))) {
    stored[row[0].as<std::string>()] = row[1].as<int64_t>();
  }
  for (const ProposalRun& run : runs) {
    if (done.count(run.id) > 0) continue;
    const PlannedTransition& first = *run.steps.front();
    auto found = stored.find(run.id);
    if (found == stored.end()) return ProposalNotFound(first.proposal_id);
    if (found->second != first.current_version) {
      return absl::AbortedError(absl::StrCat("proposal ", first.proposal_id,
                                             " changed concurrently (version ", found->second,
                                             ", expected ", first.current_version, ")"));
    }
  }
  return absl::OkStatus();
}

// The hash of the audit row at `sequences[i]` of proposal `ids[i]`, by id; absent
// when there is none.
void ReadPreviousHashes(pqxx::transaction_base& work, const std::vector<std::string>& ids,
                        const std::vector<std::string>& sequences,
                        std::map<std::string, std::string>& previous) {
  for (const auto& row : work.exec_prepared(kPreviousHashes, TextArrayLiteral(ids),
                                            TextArrayLiteral(sequences))) {
    previous[row["proposal_id"].as<std::string>()] = row["hash"].as<std::string>();
  }
}

}  // namespace

absl::Status ProposalRepository::ApplyTransitions(const std::vector<PlannedTransition>& planned) {
  if (planned.empty()) return absl::OkStatus();
  auto runs = GroupByProposal(planned);
  if (!runs.ok()) return runs.status();
  try {
    std::vector<std::string> ids;
    for (const ProposalRun& run : *runs) ids.push_back(run.id);
    // Each chain continues from the head read under this transaction's lock, or
    // else from the audit row at the expected version: a stale version still
    // finds one, and the version-checked UPDATE below refuses it.
    std::map<std::string, std::string> previous;
    std::vector<std::string> unknown, sequences;
    for (const ProposalRun& run : *runs) {
      const int64_t version = run.steps.front()->current_version;
      auto head = tx_.chain_heads_.find(run.id);
      if (head != tx_.chain_heads_.end() && head->second.version == version) {
        previous[run.id] = head->second.hash;
      } else {
        unknown.push_back(run.id);
        sequences.push_back(std::to_string(version));
      }
    }
    if (!unknown.empty()) ReadPreviousHashes(tx_.work_, unknown, sequences, previous);
    if (previous.size() != runs->size()) {
      std::set<std::string> done;
      for (const auto& [id, hash] : previous) done.insert(id);
      absl::Status refused = Refusal(tx_.work_, *runs, ids, done);
      if (!refused.ok()) return refused;  // nothing written yet: the Tx stays usable
      return tx_.Fail(absl::InternalError("the audit trail of a proposal ends before its version"));
    }

    // Each proposal's audit rows, chained from its head, and its new head.
    std::vector<audit::StoredRow> rows;
    rows.reserve(planned.size());
    std::vector<std::string> heads;
    for (const ProposalRun& run : *runs) {
      std::string prev_hash = previous.at(run.id);
      for (const PlannedTransition* step : run.steps) {
        audit::TransitionFields fields =
            TransitionFieldsOf(run.id, step->decision.next_version, step->decision.audit,
                               step->request_id, step->at);
        fields.prev_hash = std::move(prev_hash);
        prev_hash = audit::TransitionHash(fields);
        rows.push_back({std::move(fields), prev_hash});
      }
      heads.push_back(std::move(prev_hash));
    }

    enum { kId, kState, kVersion, kVerifier, kApprover, kAt, kMoved, kMismatch, kCycle,
           kCurrent, kHead, kCount };
    Columns c(kCount);
    std::vector<std::string> terminal;
    for (size_t i = 0; i < runs->size(); ++i) {
      const ProposalRun& run = (*runs)[i];
      const PlannedTransition& first = *run.steps.front();
      const PlannedTransition& last = *run.steps.back();
      bool moved = false;
      for (const PlannedTransition* step : run.steps) {
        moved = moved || step->decision.audit.from != step->decision.next_state;
      }
      c[kId].push_back(run.id);
      c[kState].push_back(Str(workflow::Name(last.decision.next_state)));
      c[kVersion].push_back(std::to_string(last.decision.next_version));
      c[kVerifier].push_back(last.decision.assigned_verifier);
      c[kApprover].push_back(last.decision.last_approver);
      c[kAt].push_back(std::to_string(ToMicros(last.at)));
      c[kMoved].push_back(moved ? "t" : "f");
      c[kMismatch].push_back(IntArrayLiteral(last.nik_mismatch_members));
      c[kCycle].push_back(last.decision.cycle_id);
      c[kCurrent].push_back(std::to_string(first.current_version));
      c[kHead].push_back(heads[i]);
      if (workflow::IsTerminal(last.decision.next_state)) terminal.push_back(run.id);
    }

    const pqxx::result updated = tx_.work_.exec_prepared(
        kApplyTransitions, c.Literal(kId), c.Literal(kState), c.Literal(kVersion),
        c.Literal(kVerifier), c.Literal(kApprover), c.Literal(kAt), c.Literal(kMoved),
        c.Literal(kMismatch), c.Literal(kCycle), c.Literal(kCurrent), c.Literal(kHead));
    if (updated.size() != runs->size()) {
      std::set<std::string> done;
      for (const auto& row : updated) done.insert(row[0].as<std::string>());
      absl::Status refused = Refusal(tx_.work_, *runs, ids, done);
      if (refused.ok()) refused = absl::InternalError("proposal update lost a row");
      // Nothing written when no row was updated: the transaction stays usable.
      return updated.empty() ? refused : tx_.Fail(refused);
    }
    InsertTransitionRows(tx_.work_, rows);
    if (!terminal.empty()) {
      // A closed proposal no longer blocks its members from a new one.
      tx_.work_.exec_prepared(kReleaseNikClaims, TextArrayLiteral(terminal));
    }
    for (size_t i = 0; i < runs->size(); ++i) {
      const ProposalRun& run = (*runs)[i];
      tx_.chain_heads_[run.id] = {run.steps.back()->decision.next_version, std::move(heads[i])};
    }
    return absl::OkStatus();
  } catch (const std::exception& e) {
    return tx_.Fail(e, kApplyTransitions);
  }
}

absl::StatusOr<std::vector<ProposalRecord>> ProposalRepository::LockProposals(
    const std::vector<std::string>& ids, bool with_members) {
  std::vector<std::string> wanted;
  for (const std::string& id : ids) {
    if (IsUuid(id)) wanted.push_back(id);
  }
  std::vector<ProposalRecord> out;
  if (wanted.empty()) return out;
  try {
    std::map<std::string, size_t> position;
    for (const auto& row : tx_.work_.exec_prepared(kLockProposals, TextArrayLiteral(wanted))) {
      position[row["id"].as<std::string>()] = out.size();
      out.push_back(ReadProposalRow(row));
      tx_.chain_heads_[out.back().id] = {out.back().version, row["audit_head"].as<std::string>()};
    }
    if (with_members && !out.empty()) {
      for (const auto& row : tx_.work_.exec_prepared(kMembersOf, TextArrayLiteral(wanted))) {
        out[position.at(row["proposal_id"].as<std::string>())].household.members.push_back(
            ReadMemberRow(row));
      }
    }
    return out;
  } catch (const std::exception& e) {
    return tx_.Fail(e, kLockProposals);
  }
}

}  // namespace usulan::storage
