#include "services/convert.h"

#include <string>

#include "base/string_view_compat.h"

namespace usulan::services {

v1::EntryStatus ToProto(workflow::EntryStatus status) {
  return status == workflow::EntryStatus::kActive ? v1::ENTRY_STATUS_ACTIVE
                                                  : v1::ENTRY_STATUS_INACTIVE;
}

v1::RegisterChange ToProto(workflow::RegisterChange change) {
  switch (change) {
    case workflow::RegisterChange::kListed:
      return v1::REGISTER_CHANGE_LISTED;
    case workflow::RegisterChange::kCorrected:
      return v1::REGISTER_CHANGE_CORRECTED;
    case workflow::RegisterChange::kDeactivated:
      return v1::REGISTER_CHANGE_DEACTIVATED;
    case workflow::RegisterChange::kReactivated:
      return v1::REGISTER_CHANGE_REACTIVATED;
    case workflow::RegisterChange::kDesilChanged:
      return v1::REGISTER_CHANGE_DESIL_CHANGED;
    case workflow::RegisterChange::kProgrammeJoined:
      return v1::REGISTER_CHANGE_PROGRAMME_JOINED;
  }
  return v1::REGISTER_CHANGE_UNSPECIFIED;
}
namespace {

// Maps a domain enum to the proto enum whose value name is prefix + domain name.
template <typename ProtoEnum, typename DomainEnum>
ProtoEnum ByName(DomainEnum value, std::string_view prefix,
                 bool (*parse)(const std::string&, ProtoEnum*)) {
  ProtoEnum out{};
  parse(base::Concat(prefix, workflow::Name(value)), &out);
  return out;
}

// The inverse: strips the prefix and parses the domain name.
template <typename DomainEnum, typename ProtoEnum, typename Parser>
std::optional<DomainEnum> FromName(ProtoEnum value, std::string_view prefix,
                                   const std::string& (*name)(ProtoEnum), Parser parse) {
  const std::string& full = name(value);
  if (full.size() <= prefix.size() || full.compare(0, prefix.size(), prefix) != 0) {
    return std::nullopt;
  }
  return parse(std::string_view(full).substr(prefix.size()));
}

}  // namespace

v1::ProposalState ToProto(workflow::State state) {
  return ByName(state, "PROPOSAL_STATE_", &v1::ProposalState_Parse);
}
v1::ProposalKind ToProto(workflow::Kind kind) {
  return ByName(kind, "PROPOSAL_KIND_", &v1::ProposalKind_Parse);
}
v1::ProposalRoute ToProto(workflow::Route route) {
  return ByName(route, "PROPOSAL_ROUTE_", &v1::ProposalRoute_Parse);
}
v1::DeactivationReason ToProto(workflow::DeactivationReason reason) {
  if (reason == workflow::DeactivationReason::kNone) {
    return v1::DEACTIVATION_REASON_UNSPECIFIED;
  }
  return ByName(reason, "DEACTIVATION_REASON_", &v1::DeactivationReason_Parse);
}
v1::DeliberationKind ToProto(workflow::DeliberationKind kind) {
  return ByName(kind, "DELIBERATION_KIND_", &v1::DeliberationKind_Parse);
}
v1::DeliberationStatus ToProto(workflow::DeliberationStatus status) {
  return ByName(status, "DELIBERATION_STATUS_", &v1::DeliberationStatus_Parse);
}
v1::AgendaOutcome ToProto(workflow::AgendaOutcome outcome) {
  if (outcome == workflow::AgendaOutcome::kPending) return v1::AGENDA_OUTCOME_UNSPECIFIED;
  return ByName(outcome, "AGENDA_OUTCOME_", &v1::AgendaOutcome_Parse);
}

std::optional<workflow::State> FromProto(v1::ProposalState state) {
  return FromName<workflow::State>(state, "PROPOSAL_STATE_", &v1::ProposalState_Name<v1::ProposalState>,
                                   workflow::ParseState);
}
std::optional<workflow::Kind> FromProto(v1::ProposalKind kind) {
  return FromName<workflow::Kind>(kind, "PROPOSAL_KIND_", &v1::ProposalKind_Name<v1::ProposalKind>,
                                  workflow::ParseKind);
}
std::optional<workflow::Route> FromProto(v1::ProposalRoute route) {
  return FromName<workflow::Route>(route, "PROPOSAL_ROUTE_",
                                   &v1::ProposalRoute_Name<v1::ProposalRoute>,
                                   workflow::ParseRoute);
}
std::optional<workflow::DeactivationReason> FromProto(v1::DeactivationReason reason) {
  if (reason == v1::DEACTIVATION_REASON_UNSPECIFIED) return workflow::DeactivationReason::kNone;
  return FromName<workflow::DeactivationReason>(
      reason, "DEACTIVATION_REASON_", &v1::DeactivationReason_Name<v1::DeactivationReason>,
      workflow::ParseDeactivationReason);
}
std::optional<workflow::DeliberationKind> FromProto(v1::DeliberationKind kind) {
  return FromName<workflow::DeliberationKind>(
      kind, "DELIBERATION_KIND_", &v1::DeliberationKind_Name<v1::DeliberationKind>,
      workflow::ParseDeliberationKind);
}
std::optional<workflow::DeliberationStatus> FromProto(v1::DeliberationStatus status) {
  return FromName<workflow::DeliberationStatus>(
      status, "DELIBERATION_STATUS_", &v1::DeliberationStatus_Name<v1::DeliberationStatus>,
      workflow::ParseDeliberationStatus);
}
std::optional<workflow::AgendaOutcome> FromProto(v1::AgendaOutcome outcome) {
  if (outcome == v1::AGENDA_OUTCOME_UNSPECIFIED) return std::nullopt;
  return FromName<workflow::AgendaOutcome>(outcome, "AGENDA_OUTCOME_",
                                           &v1::AgendaOutcome_Name<v1::AgendaOutcome>,
                                           workflow::ParseAgendaOutcome);
}

workflow::Household FromProto(const v1::Household& household) {
  workflow::Household out;
  out.kk_number = household.kk_number();
  out.address = household.address();
  for (const v1::Member& m : household.members()) {
    workflow::Member member;
    member.nik = m.nik();
    member.name = m.name();
    // Values unknown to this build become UNSPECIFIED, which validation refuses.
    member.relationship = v1::Relationship_IsValid(m.relationship())
                              ? static_cast<workflow::Relationship>(m.relationship())
                              : workflow::Relationship::kUnspecified;
    member.sex = v1::Sex_IsValid(m.sex()) ? static_cast<workflow::Sex>(m.sex())
                                          : workflow::Sex::kUnspecified;
    member.birth_date = m.birth_date();
    member.occupation = m.occupation();
    member.has_disability = m.has_disability();
    out.members.push_back(std::move(member));
  }
  const v1::SocioEconomic& s = household.socio_economic();
  out.socio_economic = {s.floor_area_m2(),   s.floor_type(),          s.wall_type(),
                        s.roof_type(),       s.drinking_water_source(), s.lighting_source(),
                        s.cooking_fuel(),    s.toilet_facility(),     s.monthly_expenditure_idr(),
                        s.monthly_income_idr()};
  return out;
}

void ToProto(const workflow::Household& household, v1::Household* out) {
  out->set_kk_number(household.kk_number);
  out->set_address(household.address);
  for (const workflow::Member& m : household.members) {
    v1::Member* member = out->add_members();
    member->set_nik(m.nik);
    member->set_name(m.name);
    member->set_relationship(static_cast<v1::Relationship>(m.relationship));
    member->set_sex(static_cast<v1::Sex>(m.sex));
    member->set_birth_date(m.birth_date);
    member->set_occupation(m.occupation);
    member->set_has_disability(m.has_disability);
  }
  const workflow::SocioEconomic& s = household.socio_economic;
  v1::SocioEconomic* se = out->mutable_socio_economic();
  se->set_floor_area_m2(s.floor_area_m2);
  se->set_floor_type(s.floor_type);
  se->set_wall_type(s.wall_type);
  se->set_roof_type(s.roof_type);
  se->set_drinking_water_source(s.drinking_water_source);
  se->set_lighting_source(s.lighting_source);
  se->set_cooking_fuel(s.cooking_fuel);
  se->set_toilet_facility(s.toilet_facility);
  se->set_monthly_expenditure_idr(s.monthly_expenditure_idr);
  se->set_monthly_income_idr(s.monthly_income_idr);
}

workflow::RegionRef FromProto(const v1::RegionRef& region) {
  return {region.province_code(), region.kabupaten_code(), region.kecamatan_code(),
          region.desa_code()};
}

void ToProto(const workflow::RegionRef& region, v1::RegionRef* out) {
  out->set_province_code(region.province_code);
  out->set_kabupaten_code(region.kabupaten_code);
  out->set_kecamatan_code(region.kecamatan_code);
  out->set_desa_code(region.desa_code);
}

void ToProto(storage::TimePoint time, google::protobuf::Timestamp* out) {
  int64_t micros = time.time_since_epoch().count();
  int64_t seconds = micros / 1'000'000;
  int64_t rest = micros % 1'000'000;
  if (rest < 0) {
    rest += 1'000'000;
    --seconds;
  }
  out->set_seconds(seconds);
  out->set_nanos(static_cast<int32_t>(rest * 1000));
}

absl::StatusOr<storage::TimePoint> TimeFromProto(std::string_view field,
                                                 const google::protobuf::Timestamp& time) {
  constexpr int64_t kMinSeconds = -62'135'596'800;  // 0001-01-01T00:00:00Z
  constexpr int64_t kMaxSeconds = 253'402'300'799;  // 9999-12-31T23:59:59Z
  if (time.seconds() < kMinSeconds || time.seconds() > kMaxSeconds || time.nanos() < 0 ||
      time.nanos() > 999'999'999) {
    return absl::InvalidArgumentError(base::Concat(field, " is not a valid timestamp"));
  }
  return storage::TimePoint(std::chrono::seconds(time.seconds()) +
                            std::chrono::microseconds(time.nanos() / 1000));
}

absl::StatusOr<TimeRange> TimeRangeFromProto(const google::protobuf::Timestamp* from,
                                             const google::protobuf::Timestamp* to) {
  TimeRange range;
  if (from != nullptr) {
    absl::StatusOr<storage::TimePoint> time = TimeFromProto("from", *from);
    if (!time.ok()) return time.status();
    range.from = *time;
  }
  if (to != nullptr) {
    absl::StatusOr<storage::TimePoint> time = TimeFromProto("to", *to);
    if (!time.ok()) return time.status();
    range.to = *time;
  }
  if (range.from && range.to && *range.to <= *range.from) {
    return absl::InvalidArgumentError("to must be later than from");
  }
  return range;
}

void ToProto(const storage::ProposalRecord& proposal, v1::Proposal* out) {
  out->set_proposal_id(proposal.id);
  out->set_kind(ToProto(proposal.kind));
  out->set_state(ToProto(proposal.state));
  out->set_version(proposal.version);
  ToProto(proposal.region, out->mutable_region());
  out->set_machine_version(proposal.machine_version);
  out->set_route(ToProto(proposal.route));
  out->set_reason(proposal.reason);
  out->set_deactivation_reason(ToProto(proposal.deactivation_reason));
  if (proposal.personal_data_erased_at) {
    ToProto(*proposal.personal_data_erased_at, out->mutable_personal_data_erased_at());
  } else {
    ToProto(proposal.household, out->mutable_household());
    // Erased with the household (0016_objection_points.sql); the reader's role
    // decides whether the answer keeps it (filer_privacy.h).
    if (proposal.objection_point) {
      out->mutable_objection_point()->set_latitude(proposal.objection_point->latitude);
      out->mutable_objection_point()->set_longitude(proposal.objection_point->longitude);
    }
  }
  out->set_created_by(proposal.created_by);
  out->set_register_entry_id(proposal.register_entry_id);
  ToProto(proposal.created_at, out->mutable_created_at());
  ToProto(proposal.state_since, out->mutable_state_since());
  for (int position : proposal.nik_mismatch_members) out->add_nik_mismatch_members(position);
}

void ToProto(const storage::ProposalSummaryRecord& summary, v1::ProposalSummary* out) {
  out->set_proposal_id(summary.id);
  out->set_kind(ToProto(summary.kind));
  out->set_state(ToProto(summary.state));
  out->set_version(summary.version);
  out->set_desa_code(summary.desa_code);
  out->set_route(ToProto(summary.route));
  out->set_member_count(summary.member_count);
  ToProto(summary.state_since, out->mutable_state_since());
  ToProto(summary.created_at, out->mutable_created_at());
}

void ToProto(const storage::TransitionRecord& transition, v1::Transition* out) {
  const workflow::AuditRecord& audit = transition.audit;
  out->set_proposal_id(transition.proposal_id);
  out->set_sequence(transition.sequence);
  if (audit.from) out->set_from_state(ToProto(*audit.from));
  out->set_to_state(ToProto(audit.to));
  out->set_event(audit.event);
  out->set_actor_id(audit.actor_id);
  out->set_role(std::string(workflow::Name(audit.role)));
  out->set_region_code(audit.region);
  out->set_reason(audit.reason);
  for (const std::string& hash : audit.evidence_hashes) out->add_evidence_hashes(hash);
  for (const auto& [key, value] : audit.attributes) (*out->mutable_attributes())[key] = value;
  out->set_request_id(transition.request_id);
  ToProto(transition.at, out->mutable_at());
  out->set_machine_version(audit.machine_version);
}

void ToProto(const storage::DeliberationRecord& deliberation, v1::Deliberation* out) {
  out->set_deliberation_id(deliberation.id);
  out->set_kind(ToProto(deliberation.kind));
  out->set_desa_code(deliberation.desa_code);
  out->set_meeting_date(deliberation.meeting_date);
  out->set_status(ToProto(deliberation.status));
  out->set_version(deliberation.version);
  for (const workflow::AgendaItem& item : deliberation.agenda) {
    v1::AgendaItem* agenda = out->add_agenda();
    agenda->set_proposal_id(item.proposal_id);
    agenda->set_outcome(ToProto(item.outcome));
    agenda->set_reason(item.reason);
  }
  out->set_opened_by(deliberation.opened_by);
  ToProto(deliberation.opened_at, out->mutable_opened_at());
  out->set_attendance(deliberation.attendance);
  out->set_quorum(deliberation.quorum);
  out->set_minutes_sha256(deliberation.minutes_sha256);
  out->set_closed_by(deliberation.closed_by);
  if (deliberation.closed_at) ToProto(*deliberation.closed_at, out->mutable_closed_at());
}

}  // namespace usulan::services

