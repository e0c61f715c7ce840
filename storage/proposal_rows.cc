#include "storage/proposal_rows.h"

#include <pqxx/pqxx>

#include "storage/sql_util.h"

namespace usulan::storage {

std::string SelectProposalColumnsSql() {
  return absl::StrCat(
      "SELECT p.id::text AS id, p.kind, p.state, p.version, p.province_code, "
      "p.kabupaten_code, p.kecamatan_code, p.desa_code, p.machine_version, p.route, "
      "p.reason, p.deactivation_reason, p.assigned_verifier, p.last_approver, "
      "p.nik_mismatch_members, p.created_by, p.cycle_id, p.audit_head, "
      "coalesce(p.register_entry_id::text, '') AS register_entry_id, ",
      MicrosOf("p.created_at"), " AS created_at_us, ", MicrosOf("p.state_since"),
      " AS state_since_us, ", MicrosOf("p.personal_data_erased_at"),
      " AS personal_data_erased_at_us, "
      "h.kk_number, h.address, h.floor_area_m2, h.floor_type, h.wall_type, h.roof_type, "
      "h.drinking_water_source, h.lighting_source, h.cooking_fuel, h.toilet_facility, "
      "h.monthly_expenditure_idr, h.monthly_income_idr, "
      "op.latitude AS objection_latitude, op.longitude AS objection_longitude "
      // LEFT JOIN: a household erased for privacy leaves the proposal readable;
      // only a citizen's objection has a point (and loses it with the household).
      "FROM proposals p LEFT JOIN households h ON h.proposal_id = p.id "
      "LEFT JOIN objection_points op ON op.proposal_id = p.id");
}

ProposalRecord ReadProposalRow(const pqxx::row& row) {
  ProposalRecord p;
  p.id = row["id"].as<std::string>();
  p.kind = Require(workflow::ParseKind(row["kind"].as<std::string>()), "kind");
  p.state = Require(workflow::ParseState(row["state"].as<std::string>()), "state");
  p.version = row["version"].as<int64_t>();
  p.region.province_code = row["province_code"].as<std::string>();
  p.region.kabupaten_code = row["kabupaten_code"].as<std::string>();
  p.region.kecamatan_code = row["kecamatan_code"].as<std::string>();
  p.region.desa_code = row["desa_code"].as<std::string>();
  p.machine_version = row["machine_version"].as<int>();
  p.route = Require(workflow::ParseRoute(row["route"].as<std::string>()), "route");
  p.reason = row["reason"].as<std::string>();
  p.deactivation_reason = Require(
      workflow::ParseDeactivationReason(row["deactivation_reason"].as<std::string>()),
      "deactivation reason");
  p.assigned_verifier = row["assigned_verifier"].as<std::string>();
  p.cycle_id = row["cycle_id"].as<std::string>();
  p.register_entry_id = row["register_entry_id"].as<std::string>();
  p.last_approver = row["last_approver"].as<std::string>();
  p.nik_mismatch_members = ReadIntArray(row["nik_mismatch_members"]);
  p.created_by = row["created_by"].as<std::string>();
  p.created_at = FromMicros(row["created_at_us"].as<int64_t>());
  p.state_since = FromMicros(row["state_since_us"].as<int64_t>());
  if (!row["personal_data_erased_at_us"].is_null()) {
    p.personal_data_erased_at = FromMicros(row["personal_data_erased_at_us"].as<int64_t>());
  }

  if (!row["kk_number"].is_null()) {
    workflow::Household& h = p.household;
    h.kk_number = row["kk_number"].as<std::string>();
    h.address = row["address"].as<std::string>();
    workflow::SocioEconomic& se = h.socio_economic;
    se.floor_area_m2 = row["floor_area_m2"].as<int32_t>();
    se.floor_type = row["floor_type"].as<std::string>();
    se.wall_type = row["wall_type"].as<std::string>();
    se.roof_type = row["roof_type"].as<std::string>();
    se.drinking_water_source = row["drinking_water_source"].as<std::string>();
    se.lighting_source = row["lighting_source"].as<std::string>();
    se.cooking_fuel = row["cooking_fuel"].as<std::string>();
    se.toilet_facility = row["toilet_facility"].as<std::string>();
    se.monthly_expenditure_idr = row["monthly_expenditure_idr"].as<int64_t>();
    se.monthly_income_idr = row["monthly_income_idr"].as<int64_t>();
  }
  if (!row["objection_latitude"].is_null()) {
    p.objection_point = workflow::GeoPoint{row["objection_latitude"].as<double>(),
                                           row["objection_longitude"].as<double>()};
  }
  return p;
}

std::string MemberColumnsSql() {
  return "nik, name, relationship, sex, "
         "coalesce(to_char(birth_date, 'YYYY-MM-DD'), '') AS birth_date, occupation, "
         "has_disability";
}

workflow::Member ReadMemberRow(const pqxx::row& m) {
  using workflow::Relationship;
  using workflow::Sex;
  workflow::Member member;
  member.nik = m["nik"].as<std::string>();
  member.name = m["name"].as<std::string>();
  member.relationship = ParseByName(
      m["relationship"].as<std::string>(),
      {Relationship::kUnspecified, Relationship::kHead, Relationship::kSpouse,
       Relationship::kChild, Relationship::kParent, Relationship::kOtherRelative,
       Relationship::kOther},
      "relationship");
  member.sex = ParseByName(m["sex"].as<std::string>(),
                           {Sex::kUnspecified, Sex::kMale, Sex::kFemale}, "sex");
  member.birth_date = m["birth_date"].as<std::string>();
  member.occupation = m["occupation"].as<std::string>();
  member.has_disability = m["has_disability"].as<bool>();
  return member;
}

}  // namespace usulan::storage
