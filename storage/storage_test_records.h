// Records the storage tests build: proposals as operator-1 creates them, their
// members, the creation audit record, ids, NIKs and times. One builder, with
// parameters for what the tests vary.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "storage/records.h"
#include "workflow/household.h"

namespace usulan::storage::test_records {

inline constexpr char kDesa[] = "3201012001";  // kabupaten 3201, kecamatan 320101
inline constexpr char kKk[] = "3201010101000001";

// 2024-03-01T00:00:00Z plus `seconds` and `micros`.
TimePoint At(int64_t seconds, int64_t micros = 0);

// A version-4 UUID drawn from `random`.
std::string UuidFrom(std::mt19937_64& random);
// A version-4 UUID from a randomly seeded generator shared by all threads.
std::string NewId();

// A 16-digit NIK-shaped number, 320101150190 and four digits of `serial`.
std::string Nik(int serial);

// The only member of a one-person household: NIK 3201011501 and six digits of
// `serial`, named "Anggota", born 1990-01-15.
workflow::Member SerialHead(int serial);

// One member per NIK, the first the head and the rest children, named
// `name` + " 1", " 2", ...; every other field as in `like`.
std::vector<workflow::Member> MembersOf(const std::vector<std::string>& niks,
                                        const std::string& name, workflow::Member like = {});

// A DRAFT proposal that operator-1 created in `desa` at `created_at`.
ProposalRecord MakeProposalRecord(const std::string& id, const std::string& desa,
                                  TimePoint created_at, std::vector<workflow::Member> members,
                                  const std::string& kk_number = "");

// operator-1 submitting a draft at version 1 in `desa`.
workflow::Decision SubmitDecision(const std::string& desa = kDesa);

// The audit record of creating `p`.
workflow::AuditRecord Creation(const ProposalRecord& p);

}  // namespace usulan::storage::test_records
