#include "app/register_verification.h"

#include "base/status_macros.h"
#include "storage/register_repository.h"
#include "workflow/register_change.h"

namespace usulan::app {
namespace {

audit::EntryRowState StateOf(const storage::RegisterEntryRecord& e) {
  audit::EntryRowState s;
  s.entry_id = e.id;
  s.status = std::string(workflow::Name(e.status));
  s.desil = e.desil;
  s.desil_date = e.desil_date;
  s.programmes = e.programmes;
  s.household_proposal = e.household_proposal;
  s.version = e.version;
  s.history_head = e.history_head;
  return s;
}

}  // namespace

absl::StatusOr<std::vector<EntryChainReport>> VerifyEntryChains(
    storage::Tx& tx, const std::vector<std::string>& entry_ids) {
  USULAN_ASSIGN_OR_RETURN(std::vector<storage::EntryWithHistory> read,
                          tx.register_entries().EntriesWithHistory(entry_ids));
  std::vector<EntryChainReport> out;
  out.reserve(read.size());
  for (const storage::EntryWithHistory& one : read) {
    std::vector<audit::StoredRegisterRow> rows;
    rows.reserve(one.history.size());
    for (const storage::RegisterHistoryRecord& h : one.history) {
      rows.push_back({storage::RowFieldsOf(h), h.hash});
    }
    out.push_back({one.entry.id, static_cast<int64_t>(rows.size()),
                   audit::VerifyRegisterEntry(StateOf(one.entry), rows)});
  }
  return out;
}

}  // namespace usulan::app
