// The citizen's texts: one for every (route, kind, state), the ones the issue
// names word for word, and the reason read from the trail.
#include "workflow/citizen_status.h"

#include <gtest/gtest.h>

#include <map>

namespace usulan::workflow {
namespace {

TEST(CitizenStatusTest, EveryStateOfEveryRouteAndKindHasAText) {
  for (Route route : kAllRoutes) {
    for (Kind kind : kAllKinds) {
      for (State state : kAllStates) {
        for (std::optional<Event> last : {std::optional<Event>(), std::optional(Event::kLapse),
                                          std::optional(Event::kWithdraw)}) {
          const std::string_view text = CitizenStatusText(route, kind, state, last);
          EXPECT_FALSE(text.empty()) << Name(route) << " " << Name(kind) << " " << Name(state);
          EXPECT_NE(text, "Sedang diproses") << Name(state) << " fell through the switch";
        }
      }
    }
  }
}

// Distinct states read differently (on the citizen's route), so a citizen can
// tell where their proposal is.
TEST(CitizenStatusTest, StatesOfTheCitizenRouteReadDifferently) {
  std::map<std::string_view, State> seen;
  for (State state : kAllStates) {
    const std::string_view text =
        CitizenStatusText(Route::kCitizenProposal, Kind::kNew, state, std::nullopt);
    auto [where, fresh] = seen.emplace(text, state);
    EXPECT_TRUE(fresh) << Name(state) << " reads like " << Name(where->second) << ": " << text;
  }
}

TEST(CitizenStatusTest, TheTextsTheIssueNames) {
  struct Case {
    Route route;
    Kind kind;
    State state;
    std::optional<Event> last;
    std::string_view text;
  };
  const Route c = Route::kCitizenProposal;
  const Case cases[] = {
      {c, Kind::kNew, State::kCitizenProposed, std::nullopt, "Menunggu diperiksa operator desa"},
      {c, Kind::kNew, State::kPrelist, Event::kNikChecked, "Masuk daftar untuk musyawarah desa"},
      {c, Kind::kNew, State::kDeclined, Event::kDecline, "Tidak ditindaklanjuti oleh operator desa"},
      {c, Kind::kNew, State::kReturned, Event::kReturn, "Dikembalikan untuk diperbaiki"},
      {c, Kind::kNew, State::kAccepted, Event::kDecide, "Ditetapkan masuk DTSEN"},
      {c, Kind::kNew, State::kRejected, Event::kDecide, "Tidak ditetapkan"},
      {Route::kCitizenObjection, Kind::kObjection, State::kObjectionFiled, std::nullopt,
       "Sanggahan diajukan; menunggu verifikasi Dinas Sosial"},
      {Route::kCitizenObjection, Kind::kObjection, State::kVerified, Event::kRecordVisit,
       "Sanggahan terbukti saat verifikasi; menunggu pemeriksaan Dinas Sosial"},
      {Route::kCitizenObjection, Kind::kObjection, State::kNotEligible, Event::kRecordVisit,
       "Sanggahan ditolak: tidak terbukti saat verifikasi lapangan"},
      {Route::kCitizenObjection, Kind::kObjection, State::kAccepted, Event::kDecide,
       "Sanggahan dikabulkan: rumah tangga ditetapkan keluar dari DTSEN"},
      {Route::kCitizenObjection, Kind::kObjection, State::kDistrictReview, Event::kOpenReview,
       "Sedang diperiksa Dinas Sosial kabupaten/kota"},
      {Route::kCitizenObjection, Kind::kObjection, State::kWithdrawn, Event::kLapse,
       "Kedaluwarsa: tidak diverifikasi dalam 14 hari"},
      {Route::kCitizenObjection, Kind::kObjection, State::kWithdrawn, Event::kWithdraw,
       "Dibatalkan"},
      {Route::kVillage, Kind::kDeactivation, State::kAccepted, Event::kDecide,
       "Ditetapkan keluar dari DTSEN"},
      {Route::kCentral, Kind::kDeactivation, State::kDeclined, Event::kConfirm,
       "Tidak dikonfirmasi Dinas Sosial"},
  };
  for (const Case& k : cases) {
    EXPECT_EQ(CitizenStatusText(k.route, k.kind, k.state, k.last), k.text) << Name(k.state);
  }
}

constexpr ReasonWords kOffice = ReasonWords::kOffice;
constexpr ReasonWords kFixed = ReasonWords::kFixed;

AuditRecord Step(std::optional<State> from, State to, std::string event, std::string reason) {
  AuditRecord record;
  record.from = from;
  record.to = to;
  record.event = std::move(event);
  record.reason = std::move(reason);
  return record;
}

TEST(CitizenReasonTest, TheLatestTurnDownsReasonOnly) {
  std::vector<AuditRecord> trail = {
      Step(std::nullopt, State::kCitizenProposed, "create", "rumah rusak"),
      Step(State::kCitizenProposed, State::kSubmitted, "take_up", "dilengkapi"),
      Step(State::kSubmitted, State::kPrelist, "nik_checked", ""),
  };
  // Neither the filing's own reason nor a take-up is a refusal.
  EXPECT_EQ(CitizenReasonText(trail, kOffice), "");
  trail.push_back(Step(State::kPrelist, State::kReturned, "return", "foto rumah buram"));
  EXPECT_EQ(CitizenReasonText(trail, kOffice), "foto rumah buram");
  trail.push_back(Step(State::kReturned, State::kPrelist, "rework", "foto baru"));
  trail.push_back(Step(State::kPrelist, State::kRejectedInDeliberation, "deliberate",
                       "sudah menerima bantuan lain"));
  EXPECT_EQ(CitizenReasonText(trail, kOffice), "sudah menerima bantuan lain");
}

TEST(CitizenReasonTest, DeclineAndNotEligibleVisitAreRead) {
  EXPECT_EQ(CitizenReasonText({Step(std::nullopt, State::kCitizenProposed, "create", ""),
                               Step(State::kCitizenProposed, State::kDeclined, "decline",
                                    "rumah tangga sudah terdaftar")},
                              kOffice),
            "rumah tangga sudah terdaftar");
  EXPECT_EQ(CitizenReasonText({Step(State::kInVerification, State::kNotEligible, "record_visit",
                                    "rumah layak huni")},
                              kOffice),
            "rumah layak huni");
  // An erasure of personal data is a self-loop on a terminal state, not a refusal.
  EXPECT_EQ(CitizenReasonText({Step(State::kRejected, State::kRejected, "erase_personal_data",
                                    "retensi")},
                              kOffice),
            "");
}

TEST(CitizenReasonTest, ALapseReadsAsTheFourteenDayRuleInBahasaIndonesia) {
  AuditRecord lapse = Step(State::kObjectionFiled, State::kWithdrawn, "lapse",
                           "objection not verified within 14 days of filing");
  lapse.attributes["deadline"] = "2026-11-15T17:00:00Z";
  for (ReasonWords words : {kOffice, kFixed}) {
    EXPECT_EQ(CitizenReasonText(
                  {Step(std::nullopt, State::kObjectionFiled, "create", "rumah mewah"), lapse},
                  words),
              "Tidak diverifikasi Dinas Sosial dalam 14 hari sejak diajukan "
              "(batas 2026-11-15T17:00:00Z)");
  }
}

// Only the filer's own household reads the office's words; an usul mandiri for
// another household and every objection read the fixed texts.
TEST(CitizenReasonTest, OfficeWordsOnlyForTheFilersOwnHousehold) {
  EXPECT_EQ(ReasonWordsFor(Route::kCitizenProposal, /*own_household=*/true), kOffice);
  EXPECT_EQ(ReasonWordsFor(Route::kCitizenProposal, /*own_household=*/false), kFixed);
  // An objection is about a neighbour even if the KK compared equal.
  EXPECT_EQ(ReasonWordsFor(Route::kCitizenObjection, /*own_household=*/true), kFixed);
  EXPECT_EQ(ReasonWordsFor(Route::kCitizenObjection, /*own_household=*/false), kFixed);
}

// Every turn-down, by the state it reaches and its code, reads as a fixed text
// that holds nothing of the office's prose (which names the household's people
// and circumstances here, as a verifier's would).
TEST(CitizenReasonTest, AnotherHouseholdsTurnDownsReadAsFixedTextsPerOutcome) {
  const std::string prose = "Pak Joko sakit stroke, anak bekerja di Malaysia, punya mobil";
  struct Case {
    State to;
    const char* event;
    const char* key;   // the code's attribute, or nullptr
    const char* code;
    std::string_view text;
  };
  const Case cases[] = {
      {State::kNotEligible, "record_visit", "outcome_code", "COMPLETED",
       "Tidak sesuai dengan keadaan yang ditemukan petugas saat verifikasi lapangan"},
      {State::kNotEligible, "record_visit", "outcome_code", "HOUSEHOLD_NOT_FOUND",
       "Rumah tangga tidak ditemukan saat verifikasi lapangan"},
      {State::kNotEligible, "record_visit", "outcome_code", "MOVED",
       "Rumah tangga sudah pindah atau bangunannya tidak ada lagi"},
      {State::kNotEligible, "record_visit", "outcome_code", "PART_OF_OTHER_HOUSEHOLD",
       "Termasuk rumah tangga lain yang sudah terdaftar"},
      {State::kNotEligible, "record_visit", "outcome_code", "DUPLICATE",
       "Data ganda: rumah tangga sudah diusulkan atau terdaftar"},
      {State::kRejected, "decide", "reason_code", "DUPLICATE",
       "Data ganda: rumah tangga sudah diusulkan atau terdaftar"},
      {State::kRejected, "decide", "reason_code", "INCOMPLETE_DATA", "Data usulan tidak lengkap"},
      {State::kRejected, "decide", "reason_code", "OUT_OF_QUOTA",
       "Melebihi kuota penetapan periode ini"},
      // Codes that would tell something of the people read as the criterion.
      {State::kRejected, "decide", "reason_code", "DECEASED",
       "Tidak memenuhi kriteria DTSEN menurut pemeriksaan Kementerian Sosial"},
      {State::kRejected, "decide", "reason_code", "INELIGIBLE_OCCUPATION",
       "Tidak memenuhi kriteria DTSEN menurut pemeriksaan Kementerian Sosial"},
      {State::kRejected, "decide", "reason_code", "NOT_POOR",
       "Tidak memenuhi kriteria DTSEN menurut pemeriksaan Kementerian Sosial"},
      {State::kReturned, "return", nullptr, nullptr,
       "Dikembalikan kepada operator desa untuk diperbaiki"},
      {State::kRejectedInDeliberation, "deliberate", nullptr, nullptr,
       "Tidak disetujui dalam musyawarah desa/kelurahan"},
      {State::kDeclined, "decline", nullptr, nullptr,
       "Tidak ditindaklanjuti; keterangan dapat ditanyakan ke kantor desa/kelurahan"},
  };
  for (const Case& c : cases) {
    AuditRecord turn_down = Step(State::kInVerification, c.to, c.event, prose);
    if (c.key != nullptr) turn_down.attributes[c.key] = c.code;
    const std::vector<AuditRecord> trail = {
        Step(std::nullopt, State::kCitizenProposed, "create", ""), turn_down};
    const std::string fixed = CitizenReasonText(trail, kFixed);
    EXPECT_EQ(fixed, c.text) << Name(c.to) << " " << (c.code ? c.code : "");
    EXPECT_EQ(fixed.find("Joko"), std::string::npos);
    // The control: the same trail read in the office's words is the prose.
    EXPECT_EQ(CitizenReasonText(trail, kOffice), prose);
  }
}

}  // namespace
}  // namespace usulan::workflow
