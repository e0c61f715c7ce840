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

}  // namespace

std::string_view CitizenStatusText(Route route, Kind kind, State state,
                                   std::optional<Event> last_event) {
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

std::string CitizenReasonText(const std::vector<AuditRecord>& trail) {
  for (auto it = trail.rbegin(); it != trail.rend(); ++it) {
    if (it->from.has_value() && it->from != it->to && TurnsDown(it->to)) return it->reason;
  }
  return "";
}

}  // namespace usulan::workflow
