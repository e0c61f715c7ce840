// Households whose personal data cannot appear in a log by accident: 16-digit
// NIKs and KK numbers of their own, and names of unusual words carrying the
// seed, with the characters that break naive logging (quotes, backslash,
// newline, tab, braces and printf/fmt directives, non-ASCII letters).
#pragma once

#include <filesystem>
#include <vector>

#include "usulan/v1/common.pb.h"

namespace usulan::testing {

// Seeds of the log-scan scenario, by the role each household plays.
inline constexpr int kAccepted1 = 501;
inline constexpr int kAccepted2 = 502;
inline constexpr int kRejectedByPusdatin = 503;
inline constexpr int kReturnedByPusdatin = 504;
inline constexpr int kBatchReturned1 = 505;
inline constexpr int kBatchReturned2 = 506;
inline constexpr int kReturnedByDinsos = 507;
inline constexpr int kMistyped = 508;        // the proposal mistypes member 3's NIK
inline constexpr int kOtherFamily = 509;     // member 3 registered under another KK
inline constexpr int kDeceasedSpouse = 510;  // member 2 registered as deceased
inline constexpr int kUnregistered = 511;    // unknown to the civil registry
inline constexpr int kDraftWithdrawn = 512;
inline constexpr int kImported = 513;
inline constexpr int kNotEligible = 514;
inline constexpr int kRejectedInMusdes = 515;
inline constexpr int kImportRefused = 516;
inline constexpr int kRefusedEntry = 517;
inline constexpr int kSharesANik = 518;      // member 2 is kAccepted2's member 2
inline constexpr int kRace = 519;            // created by several callers at once
inline constexpr int kPbiJkSick = 520;       // PBI-JK reactivation, decided alone
inline constexpr int kCentralDeath = 521;    // Pusdatin's deceased deactivation
inline constexpr int kCitizenTakenUp = 522;  // a citizen's proposal the village takes up
inline constexpr int kCitizenDeclined = 523;  // one it declines
inline constexpr int kLastRegistered = kCitizenDeclined;  // the scenario registry's last seed
inline constexpr int kCitizenOwn = 524;      // a citizen's own household (their token's KK)
inline constexpr int kCitizenOther = 525;    // another household the citizen files for

// Head, spouse and two children in desa `desa_code`.
v1::Household DistinctHousehold(const std::string& desa_code, int seed);

// The simulator's registry file (nik,kk_number,name,birth_date,status) for
// every scenario household of desa `desa_code` except kUnregistered.
void WriteScenarioRegistryCsv(const std::filesystem::path& path, const std::string& desa_code);

// The deceased spouse's date of death in that file (on the death list from it).
constexpr char kScenarioDeathDate[] = "2026-11-20";
// Writes BPS's ranking kScenarioRankingId of two of those households (a
// --ranking-csv for usulan-registry-sim).
constexpr char kScenarioRankingId[] = "2026-Q4";
void WriteScenarioRankingCsv(const std::filesystem::path& path, const std::string& desa_code);

}  // namespace usulan::testing
