#include "storage/storage_test_records.h"

#include "workflow/region.h"

#include <chrono>
#include <cstdio>
#include <mutex>
#include <utility>

namespace usulan::storage::test_records {

TimePoint At(int64_t seconds, int64_t micros) {
  return TimePoint(std::chrono::microseconds(1709251200000000 + seconds * 1000000 + micros));
}

std::string UuidFrom(std::mt19937_64& random) {
  const uint64_t a = random(), b = random();
  char out[37];
  std::snprintf(out, sizeof out, "%08x-%04x-4%03x-%04x-%012llx", static_cast<unsigned>(a >> 32),
                static_cast<unsigned>((a >> 16) & 0xffff), static_cast<unsigned>(a & 0xfff),
                static_cast<unsigned>(0x8000 | ((b >> 48) & 0x3fff)),
                static_cast<unsigned long long>(b & 0xffffffffffffULL));
  return out;
}

std::string NewId() {
  static std::mt19937_64 random{std::random_device{}()};
  static std::mutex mutex;
  std::lock_guard lock(mutex);
  return UuidFrom(random);
}

std::string Nik(int serial) {
  char out[32];
  std::snprintf(out, sizeof out, "320101150190%04d", serial % 10000);
  return out;
}

workflow::Member SerialHead(int serial) {
  char nik[17];
  std::snprintf(nik, sizeof nik, "3201011501%06d", serial);
  return {.nik = nik,
          .name = "Anggota",
          .relationship = workflow::Relationship::kHead,
          .birth_date = "1990-01-15"};
}

std::vector<workflow::Member> MembersOf(const std::vector<std::string>& niks,
                                        const std::string& name, workflow::Member like) {
  std::vector<workflow::Member> members;
  for (size_t i = 0; i < niks.size(); ++i) {
    workflow::Member m = like;
    m.nik = niks[i];
    m.name = name + " " + std::to_string(i + 1);
    m.relationship = i == 0 ? workflow::Relationship::kHead : workflow::Relationship::kChild;
    members.push_back(std::move(m));
  }
  return members;
}

ProposalRecord MakeProposalRecord(const std::string& id, const std::string& desa,
                                  TimePoint created_at, std::vector<workflow::Member> members,
                                  const std::string& kk_number) {
  ProposalRecord p;
  p.id = id;
  p.region = workflow::RegionOfDesa(desa);
  p.created_by = "operator-1";
  p.created_at = created_at;
  p.state_since = created_at;
  p.household.kk_number = kk_number;
  p.household.members = std::move(members);
  return p;
}

workflow::Decision SubmitDecision(const std::string& desa) {
  workflow::Decision d;
  d.next_state = workflow::State::kSubmitted;
  d.next_version = 2;
  d.audit.from = workflow::State::kDraft;
  d.audit.to = workflow::State::kSubmitted;
  d.audit.event = "submit";
  d.audit.actor_id = "operator-1";
  d.audit.role = workflow::Role::kVillageOperator;
  d.audit.region = desa;
  return d;
}

workflow::AuditRecord Creation(const ProposalRecord& p) {
  workflow::AuditRecord a;
  a.to = workflow::State::kDraft;
  a.event = "create";
  a.actor_id = p.created_by;
  a.role = workflow::Role::kVillageOperator;
  a.region = p.region.desa_code;
  a.reason = p.reason;
  return a;
}

}  // namespace usulan::storage::test_records
