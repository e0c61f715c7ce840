#include "services/deceased_filing.h"

#include <optional>
#include <utility>
#include <vector>

#include "base/status_macros.h"
#include "base/string_view_compat.h"
#include "services/convert.h"
#include "services/proposal_creation.h"
#include "storage/tx.h"

namespace usulan::services {
namespace {

// The audited reason: the member's position and the date, never who.
std::string ReasonOf(int position, const std::string& death_date) {
  return base::Concat("Daftar kematian Dukcapil: anggota keluarga ke-", position,
                      " meninggal pada ", death_date,
                      "; Dinsos memastikan apakah keluarga keluar dari DTKS");
}

v1::CreateProposalRequest FilingRequest(const storage::RegisterEntryRecord& entry,
                                        const workflow::Household& household, int position,
                                        const std::string& death_date) {
  v1::CreateProposalRequest request;
  request.set_kind(v1::PROPOSAL_KIND_DEACTIVATION);
  request.set_route(v1::PROPOSAL_ROUTE_CENTRAL);
  request.set_deactivation_reason(v1::DEACTIVATION_REASON_DECEASED);
  request.set_reason(ReasonOf(position, death_date));
  request.set_register_entry_id(entry.id);
  ToProto(entry.region, request.mutable_region());
  ToProto(household, request.mutable_household());
  return request;
}

void Skip(v1::FileDeceasedChangesResponse* out, const storage::PersonEntryMatch& match,
          v1::DeceasedSkipReason reason, std::string detail) {
  v1::DeceasedSkip* skip = out->add_skipped();
  skip->set_entry_id(match.entry_id);
  skip->set_member_position(match.member_position);
  skip->set_reason(reason);
  skip->set_detail(std::move(detail));
}

// Files for one entry in its own transaction, or records why not.
absl::Status FileOne(const ServiceContext& ctx, const workflow::Actor& actor,
                     const std::string& request_id, const storage::PersonEntryMatch& match,
                     const workflow::DeathRecord& death, v1::FileDeceasedChangesResponse* out) {
  std::optional<std::pair<v1::DeceasedSkipReason, std::string>> skipped;
  v1::Proposal filed;
  absl::Status status = ctx.db.InTransaction([&](storage::Tx& tx) -> absl::Status {
    skipped.reset();
    USULAN_ASSIGN_OR_RETURN(std::string open, tx.register_entries().OpenProposalOf(
                                                  match.entry_id, workflow::Kind::kDeactivation));
    if (!open.empty()) {
      skipped.emplace(v1::DECEASED_SKIP_REASON_DEACTIVATION_OPEN,
                      base::Concat("deactivation ", open, " of this entry is open"));
      return absl::OkStatus();
    }
    USULAN_ASSIGN_OR_RETURN(std::string earlier, tx.register_entries().DeceasedFiling(
                                                     match.entry_id, death.nik, death.death_date));
    if (!earlier.empty()) {
      skipped.emplace(v1::DECEASED_SKIP_REASON_ALREADY_FILED,
                      base::Concat("proposal ", earlier, " filed this death already"));
      return absl::OkStatus();
    }
    USULAN_ASSIGN_OR_RETURN(storage::RegisterEntryRecord entry,
                            tx.register_entries().GetEntry(match.entry_id));
    if (entry.status != workflow::EntryStatus::kActive) {
      skipped.emplace(v1::DECEASED_SKIP_REASON_ENTRY_CHANGED, "the entry is no longer ACTIVE");
      return absl::OkStatus();
    }
    USULAN_ASSIGN_OR_RETURN(storage::ProposalRecord holder,
                            tx.proposals().GetProposal(entry.household_proposal));
    if (holder.household.members.empty()) {
      skipped.emplace(v1::DECEASED_SKIP_REASON_HOUSEHOLD_ERASED,
                      base::Concat("the household data of proposal ", holder.id,
                                   " has been erased"));
      return absl::OkStatus();
    }
    USULAN_ASSIGN_OR_RETURN(
        NewProposal proposal,
        PrepareCreation(actor, FilingRequest(entry, holder.household, match.member_position,
                                             death.death_date),
                        ctx.clock.Now(), ctx.household_key, workflow::Route::kCentral, {}));
    USULAN_RETURN_IF_ERROR(InsertCreation(tx, proposal, request_id, &filed));
    return tx.register_entries().RecordDeceasedFiling(filed.proposal_id(), entry.id, death.nik,
                                                      death.death_date);
  });
  // The creating transaction's refusals that a concurrent change explains: the
  // entry is skipped, the others filed.
  if (status.code() == absl::StatusCode::kAlreadyExists) {
    skipped.emplace(v1::DECEASED_SKIP_REASON_MEMBER_IN_OPEN_PROPOSAL,
                    std::string(base::AsStd(status.message())));
  } else if (status.code() == absl::StatusCode::kFailedPrecondition) {
    skipped.emplace(v1::DECEASED_SKIP_REASON_ENTRY_CHANGED,
                    std::string(base::AsStd(status.message())));
  } else if (!status.ok()) {
    return status;
  }
  if (skipped) {
    Skip(out, match, skipped->first, std::move(skipped->second));
    return absl::OkStatus();
  }
  v1::DeceasedFiling* filing = out->add_filed();
  filing->set_entry_id(match.entry_id);
  filing->set_proposal_id(filed.proposal_id());
  filing->set_member_position(match.member_position);
  filing->set_death_date(death.death_date);
  return absl::OkStatus();
}

}  // namespace

absl::Status FileDeceased(const ServiceContext& ctx, workflow::DeathList& deaths,
                          const workflow::Actor& actor, const std::string& request_id,
                          const std::string& since_date, const std::string& page_token,
                          const std::string& region_prefix, v1::FileDeceasedChangesResponse* out) {
  USULAN_ASSIGN_OR_RETURN(workflow::DeathPage page, deaths.Deaths(since_date, page_token));
  out->Clear();
  out->set_deaths_read(static_cast<int32_t>(page.deaths.size()));
  int32_t unmatched = 0;
  for (const workflow::DeathRecord& death : page.deaths) {
    std::vector<storage::PersonEntryMatch> matches;
    USULAN_RETURN_IF_ERROR(ctx.db.InTransaction([&](storage::Tx& tx) -> absl::Status {
      USULAN_ASSIGN_OR_RETURN(matches,
                              tx.register_entries().ActiveEntriesOfPerson(death.nik));
      return absl::OkStatus();
    }));
    bool any = false;
    for (const storage::PersonEntryMatch& match : matches) {
      if (!match.desa_code.starts_with(region_prefix)) continue;
      any = true;
      USULAN_RETURN_IF_ERROR(FileOne(ctx, actor, request_id, match, death, out));
    }
    if (!any) ++unmatched;
  }
  out->set_deaths_unmatched(unmatched);
  out->set_next_page_token(std::move(page.next_page_token));
  return absl::OkStatus();
}

}  // namespace usulan::services
