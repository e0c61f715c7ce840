// CitizenService.GetMyHousehold: the register entry of the token's KK, as the
// household reads it (docs/citizens.md, "The household's own view").
#include "base/status_macros.h"
#include "services/call_start.h"
#include "services/citizen_service.h"
#include "services/convert.h"
#include "services/rpc_log.h"
#include "storage/tx.h"
#include "workflow/citizen_status.h"
#include "workflow/person_name.h"

namespace usulan::services {
namespace {

// The entry, its members' names masked (never a NIK) and its changes.
absl::Status FillHousehold(storage::Tx& tx, const storage::RegisterEntryRecord& entry,
                           v1::MyHousehold* out) {
  out->set_entry_id(entry.id);
  out->set_desa_code(entry.region.desa_code);
  out->set_status(ToProto(entry.status));
  out->set_status_text(std::string(workflow::CitizenEntryStatusText(entry.status)));
  for (const std::string& programme : entry.programmes) out->add_programmes(programme);
  out->set_desil(entry.desil.value_or(0));
  out->set_since_cycle(entry.since_cycle);
  out->set_listed_decree(entry.listed_decree);
  USULAN_ASSIGN_OR_RETURN(storage::ProposalRecord listed,
                          tx.proposals().GetProposal(entry.household_proposal));
  for (const workflow::Member& member : listed.household.members) {
    out->add_masked_names(workflow::MaskName(workflow::NormalizeName(member.name)));
  }
  USULAN_ASSIGN_OR_RETURN(std::vector<storage::RegisterHistoryRecord> history,
                          tx.register_entries().GetHistory(entry.id));
  for (const storage::RegisterHistoryRecord& row : history) {
    v1::MyHouseholdChange* change = out->add_changes();
    change->set_change(ToProto(row.change));
    change->set_cycle(row.cycle);
    change->set_decree_number(row.decree_number);
    change->set_status_after(ToProto(row.status_after));
    ToProto(row.at, change->mutable_at());
  }
  return absl::OkStatus();
}

}  // namespace

grpc::Status CitizenServiceImpl::GetMyHousehold(grpc::ServerContext* context,
                                                const v1::GetMyHouseholdRequest* request,
                                                v1::MyHousehold* response) {
  RpcLog log("GetMyHousehold");
  auto run = [&]() -> absl::Status {
    USULAN_ASSIGN_OR_RETURN(auth::Identity citizen,
                            AuthenticateCitizenCall(ctx_.authenticator, *context, *request, log));
    // Open proposals about the entry are not shown: an objection open against the
    // household would tell it that a neighbour objected before anyone verified
    // the objection, and in a desa the timing alone can name the neighbour.
    return ctx_.db.InTransaction([&](storage::Tx& tx) -> absl::Status {
      response->Clear();
      // In any desa: the token's KK is the household's own (the identity
      // provider proofed it), and a family that moved is still the one its old
      // desa's entry lists; the token's desa only comes first.
      USULAN_ASSIGN_OR_RETURN(std::optional<storage::RegisterEntryRecord> entry,
                              tx.register_entries().EntryOfKk(citizen.kk, citizen.actor.region));
      if (!entry) return absl::NotFoundError(std::string(workflow::kHouseholdNotListedText));
      log.set_subject_id("entry_id", entry->id);
      return FillHousehold(tx, *entry, response);
    });
  };
  return log.Finish(run());
}

}  // namespace usulan::services
