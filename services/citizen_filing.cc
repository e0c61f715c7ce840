#include "services/citizen_filing.h"

#include "base/status_macros.h"
#include "base/string_view_compat.h"
#include "services/citizen_photos.h"
#include "services/convert.h"
#include "workflow/citizen_status.h"

namespace usulan::services {

v1::RegionRef RegionOfDesa(const std::string& desa) {
  v1::RegionRef region;
  region.set_province_code(desa.substr(0, 2));
  region.set_kabupaten_code(desa.substr(0, 4));
  region.set_kecamatan_code(desa.substr(0, 6));
  region.set_desa_code(desa);
  return region;
}

bool IsOwnHousehold(const storage::ProposalRecord& proposal, std::string_view token_kk) {
  return !token_kk.empty() && proposal.household.kk_number == token_kk;
}

void ToFiling(const storage::ProposalRecord& proposal,
              const std::vector<storage::TransitionRecord>& trail, std::string_view token_kk,
              bool with_names, v1::Filing* out) {
  std::vector<workflow::AuditRecord> records;
  records.reserve(trail.size());
  for (const storage::TransitionRecord& transition : trail) records.push_back(transition.audit);
  std::optional<workflow::Event> last_event;
  if (!records.empty()) last_event = workflow::ParseEvent(records.back().event);
  out->set_proposal_id(proposal.id);
  out->set_kind(ToProto(proposal.kind));
  out->set_route(ToProto(proposal.route));
  out->set_state(ToProto(proposal.state));
  out->set_status_text(std::string(
      workflow::CitizenStatusText(proposal.route, proposal.kind, proposal.state, last_event)));
  const bool own = IsOwnHousehold(proposal, token_kk);
  // The office's words about another household are not the filer's to read.
  out->set_reason_text(
      workflow::CitizenReasonText(records, workflow::ReasonWordsFor(proposal.route, own)));
  ToProto(proposal.created_at, out->mutable_filed_at());
  ToProto(proposal.state_since, out->mutable_changed_at());
  out->set_desa_code(proposal.region.desa_code);
  out->set_own_household(own);
  out->set_household_erased(proposal.personal_data_erased_at.has_value());
  if (own && with_names) {
    for (const workflow::Member& member : proposal.household.members) {
      out->add_member_names(member.name);
    }
  }
}

absl::Status InsertFiling(storage::Tx& tx, const NewProposal& proposal,
                          const google::protobuf::RepeatedPtrField<std::string>& photos,
                          const std::string& request_id, std::string_view token_kk,
                          v1::Filing* out) {
  USULAN_RETURN_IF_ERROR(CheckPhotosUploaded(tx, proposal.actor.subject, photos));
  v1::Proposal created;
  USULAN_RETURN_IF_ERROR(InsertCreation(tx, proposal, request_id, &created));
  USULAN_RETURN_IF_ERROR(MarkPhotosCited(tx, proposal.actor.subject, photos, proposal.record.id));
  storage::TransitionRecord creation;
  creation.audit = proposal.creation;
  ToFiling(proposal.record, {creation}, token_kk, /*with_names=*/false, out);
  return absl::OkStatus();
}

absl::Status ReadFiling(storage::Tx& tx, const std::string& id, std::string_view subject,
                        std::string_view token_kk, v1::Filing* out) {
  const absl::Status not_found = absl::NotFoundError(base::Concat("proposal ", id, " not found"));
  absl::StatusOr<storage::ProposalRecord> proposal = tx.proposals().GetProposal(id);
  if (absl::IsNotFound(proposal.status())) return not_found;
  USULAN_RETURN_IF_ERROR(proposal.status());
  if (proposal->created_by != subject) return not_found;
  USULAN_ASSIGN_OR_RETURN(std::vector<storage::TransitionRecord> trail,
                          tx.proposals().GetHistory(id));
  ToFiling(*proposal, trail, token_kk, /*with_names=*/true, out);
  return absl::OkStatus();
}

}  // namespace usulan::services
