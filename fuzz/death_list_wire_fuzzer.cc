// The civil registry's death list as it arrives on the wire, through the decoder
// the client adapter uses (registry/death_list_wire.h, FromWireResponse): a
// registry that is broken or not ours must not crash the server, loop its
// paging or slip a malformed record through.
//
// Input: fuzz/paged_answer.h's framing around a ListDeathsResponse; the request
// asks since 2026-11-01.
//
// Properties, each an abort when broken: those of fuzz/paged_answer.h, and on
// OK every record exactly as sent with a 16-digit NIK and KK number, a real
// date on or after since_date and a 10-digit desa code.
#include "fuzz/paged_answer.h"
#include "registry/death_list_wire.h"
#include "workflow/formats.h"
#include "workflow/household.h"
#include "workflow/region.h"

namespace {

constexpr char kTarget[] = "death_list_wire";
void Fail(const char* what) { usulan::fuzz::Fail(kTarget, what); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  usulan::registry::v1::ListDeathsRequest request;
  request.set_since_date("2026-11-01");
  usulan::registry::v1::ListDeathsResponse response;
  if (!usulan::fuzz::ParsePagedInput(data, size, "2026-11-01/100", request, response)) return 0;

  auto page = usulan::registry::FromWireResponse(response, request);
  if (!usulan::fuzz::AcceptedPage(kTarget, page, request,
                                  page.ok() ? page->deaths.size() : 0, response.deaths_size())) {
    return 0;
  }
  for (size_t i = 0; i < page->deaths.size(); ++i) {
    const auto& death = page->deaths[i];
    const auto& sent = response.deaths(static_cast<int>(i));
    if (death.nik != sent.nik() || death.kk_number != sent.kk_number() ||
        death.death_date != sent.death_date() || death.desa_code != sent.desa_code()) {
      Fail("a record differs from the one the registry sent");
    }
    if (!usulan::workflow::IsSixteenDigits(death.nik) ||
        !usulan::workflow::IsSixteenDigits(death.kk_number)) {
      Fail("accepted a malformed NIK or KK number");
    }
    if (!usulan::workflow::IsIsoDate(death.death_date) || death.death_date < request.since_date()) {
      Fail("accepted a death date that is malformed or before since_date");
    }
    if (usulan::workflow::LevelOf(death.desa_code) != usulan::workflow::RegionLevel::kVillage) {
      Fail("accepted a desa code that is not one");
    }
  }
  return 0;
}
