#include "workflow/citizen_status.h"

namespace usulan::workflow {
namespace {

// ACCEPTED means "in the register" only for a proposal that puts a household in.
std::string_view AcceptedText(Kind kind) {
  switch (kind) {
    case Kind::kNew:
    case Kind::kReactivation:
      return "Ditetapkan masuk DTSEN";
    case Kind::kDeactivation:
      return "Ditetapkan keluar dari DTSEN";
    case Kind::kCorrection:
      return "Perbaikan data ditetapkan";
    case Kind::kObjection:
      return "Sanggahan diterima";
  }
  return "Ditetapkan";
}

constexpr std::string_view kLapseReason =
    "Tidak diverifikasi Dinas Sosial dalam 14 hari sejak diajukan";

// DECLINED is reached from two waiting states, by two different offices.
std::string_view DeclinedText(Route route) {
  return route == Route::kCentral ? "Tidak dikonfirmasi Dinas Sosial"
                                  : "Tidak ditindaklanjuti oleh operator desa";
}

// The states whose arrival carries a refusal or a return the citizen should read.
bool TurnsDown(State to) {
  switch (to) {
    case State::kDeclined:
    case State::kReturned:
    case State::kRejected:
    case State::kRejectedInDeliberation:
    case State::kNotEligible:
      return true;
    default:
      return false;
  }
}

// An objection goes to the district, not the village, and its outcome is the
// objection's, not the household's: the states it passes read as what became of
// the objection (diajukan, diverifikasi, dikabulkan/ditolak). nullopt: the
// general text applies (e.g. the ladder's states, or a lapse).
std::optional<std::string_view> ObjectionText(State state) {
  switch (state) {
    case State::kObjectionFiled:
      return "Sanggahan diajukan; menunggu verifikasi Dinas Sosial";
    case State::kInVerification:
      return "Sanggahan sedang diverifikasi petugas lapangan";
    case State::kVerified:
      return "Sanggahan terbukti saat verifikasi; menunggu pemeriksaan Dinas Sosial";
    case State::kNotEligible:
      return "Sanggahan ditolak: tidak terbukti saat verifikasi lapangan";
    case State::kAccepted:
      return "Sanggahan dikabulkan: rumah tangga ditetapkan keluar dari DTSEN";
    case State::kRejected:
      return "Sanggahan ditolak Kementerian Sosial";
    default:
      return std::nullopt;
  }
}

// What a filer who may not read the office's words reads instead: the outcome,
// never the household's circumstances. A code that would tell something of the
// people (deceased, an occupation, not poor) reads as the general criterion.
std::string_view FixedReasonText(const AuditRecord& turn_down) {
  auto code_of = [&turn_down](const char* key) {
    auto found = turn_down.attributes.find(key);
    return found == turn_down.attributes.end() ? std::string_view() : found->second;
  };
  switch (turn_down.to) {
    case State::kNotEligible: {
      const std::string_view outcome = code_of("outcome_code");
      if (outcome == "HOUSEHOLD_NOT_FOUND") {
        return "Rumah tangga tidak ditemukan saat verifikasi lapangan";
      }
      if (outcome == "MOVED") {
        return "Rumah tangga sudah pindah atau bangunannya tidak ada lagi";
      }
      if (outcome == "PART_OF_OTHER_HOUSEHOLD") {
        return "Termasuk rumah tangga lain yang sudah terdaftar";
      }
      if (outcome == "DUPLICATE") return "Data ganda: rumah tangga sudah diusulkan atau terdaftar";
      return "Tidak sesuai dengan keadaan yang ditemukan petugas saat verifikasi lapangan";
    }
    case State::kRejected: {
      const std::string_view code = code_of("reason_code");
      if (code == "DUPLICATE") return "Data ganda: rumah tangga sudah diusulkan atau terdaftar";
      if (code == "INCOMPLETE_DATA") return "Data usulan tidak lengkap";
      if (code == "OUT_OF_QUOTA") return "Melebihi kuota penetapan periode ini";
      return "Tidak memenuhi kriteria DTSEN menurut pemeriksaan Kementerian Sosial";
    }
    case State::kReturned:
      return "Dikembalikan kepada operator desa untuk diperbaiki";
    case State::kRejectedInDeliberation:
      return "Tidak disetujui dalam musyawarah desa/kelurahan";
    case State::kDeclined:
      return "Tidak ditindaklanjuti; keterangan dapat ditanyakan ke kantor desa/kelurahan";
    default:
      return "Tidak dilanjutkan";
  }
}

}  // namespace

ReasonWords ReasonWordsFor(Route route, bool own_household) {
  return own_household && route != Route::kCitizenObjection ? ReasonWords::kOffice
                                                            : ReasonWords::kFixed;
}

std::string_view CitizenStatusText(Route route, Kind kind, State state,
                                   std::optional<Event> last_event) {
  if (route == Route::kCitizenObjection) {
    if (std::optional<std::string_view> text = ObjectionText(state)) return *text;
  }
  switch (state) {
    case State::kDraft:
      return "Sedang dilengkapi operator desa";
    case State::kCitizenProposed:
      return "Menunggu diperiksa operator desa";
    case State::kObjectionFiled:
      return "Sanggahan menunggu diverifikasi Dinas Sosial";
    case State::kSubmitted:
      return "Data sedang dicocokkan dengan Dukcapil";
    case State::kNikMismatch:
      return "NIK tidak cocok dengan data Dukcapil; sedang diperbaiki operator desa";
    case State::kPrelist:
      return "Masuk daftar untuk musyawarah desa";
    case State::kAgreed:
      return "Disetujui musyawarah desa; menunggu verifikasi lapangan";
    case State::kRejectedInDeliberation:
      return "Tidak disetujui musyawarah desa";
    case State::kAwaitingVisit:
      return "Menunggu kunjungan petugas lapangan";
    case State::kInVerification:
      return "Sedang diverifikasi petugas lapangan";
    case State::kVerified:
      return "Sudah diverifikasi; menunggu pengesahan desa";
    case State::kNotEligible:
      return "Tidak memenuhi syarat menurut verifikasi lapangan";
    case State::kVillageFinal:
      return "Disahkan desa; menunggu pemeriksaan Dinas Sosial";
    case State::kAwaitingConfirmation:
      return "Menunggu konfirmasi Dinas Sosial";
    case State::kDistrictReview:
      return "Sedang diperiksa Dinas Sosial kabupaten/kota";
    case State::kReturned:
      return "Dikembalikan untuk diperbaiki";
    case State::kDistrictApproved:
      return "Disetujui Dinas Sosial; menunggu pengesahan Bupati/Wali Kota";
    case State::kRatified:
      return "Disahkan Bupati/Wali Kota; menunggu dikirim ke provinsi";
    case State::kProvinceReview:
      return "Sedang diperiksa Dinas Sosial provinsi";
    case State::kCentralReview:
      return "Sedang diperiksa Kementerian Sosial (Pusdatin)";
    case State::kDeferred:
      return "Ditunda ke periode pemutakhiran berikutnya";
    case State::kAccepted:
      return AcceptedText(kind);
    case State::kRejected:
      return "Tidak ditetapkan";
    case State::kDeclined:
      return DeclinedText(route);
    case State::kWithdrawn:
      return last_event == Event::kLapse ? "Kedaluwarsa: tidak diverifikasi dalam 14 hari"
                                         : "Dibatalkan";
  }
  return "Sedang diproses";  // unreachable: every state is named above
}

std::string_view CitizenEntryStatusText(EntryStatus status) {
  switch (status) {
    case EntryStatus::kActive:
      return "Terdaftar aktif di DTSEN";
    case EntryStatus::kInactive:
      return "Tidak aktif: sudah dikeluarkan dari DTSEN";
  }
  return "Tidak diketahui";  // unreachable: every status is named above
}

std::string CitizenReasonText(const std::vector<AuditRecord>& trail, ReasonWords words) {
  for (auto it = trail.rbegin(); it != trail.rend(); ++it) {
    // A lapse is the system's, recorded in English for the offices: the citizen
    // reads the rule and the deadline instead.
    if (it->event == Name(Event::kLapse)) {
      auto deadline = it->attributes.find("deadline");
      return deadline == it->attributes.end()
                 ? std::string(kLapseReason)
                 : std::string(kLapseReason) + " (batas " + deadline->second + ")";
    }
    if (it->from.has_value() && it->from != it->to && TurnsDown(it->to)) {
      return words == ReasonWords::kOffice ? it->reason : std::string(FixedReasonText(*it));
    }
  }
  return "";
}

}  // namespace usulan::workflow
