#include "services/batch_reads.h"

#include "app/batch_moves.h"
#include "services/batch_convert.h"
#include "services/request_checks.h"
#include "base/status_macros.h"
#include "workflow/region.h"

namespace usulan::services {

std::optional<workflow::BatchStatus> FromProto(v1::BatchStatus status) {
  switch (status) {
    case v1::BATCH_STATUS_SEALED:
      return workflow::BatchStatus::kSealed;
    case v1::BATCH_STATUS_RATIFIED:
      return workflow::BatchStatus::kRatified;
    case v1::BATCH_STATUS_SUBMITTED:
      return workflow::BatchStatus::kSubmitted;
    case v1::BATCH_STATUS_FORWARDED:
      return workflow::BatchStatus::kForwarded;
    case v1::BATCH_STATUS_DECIDED:
      return workflow::BatchStatus::kDecided;
    case v1::BATCH_STATUS_RETURNED:
      return workflow::BatchStatus::kReturned;
    default:
      return std::nullopt;
  }
}

absl::StatusOr<storage::BatchRecord> ReadBatchFor(const ServiceContext& ctx,
                                                  const workflow::Actor& actor,
                                                  const std::string& batch_id) {
  storage::BatchRecord batch;
  USULAN_RETURN_IF_ERROR(ctx.db.InTransaction([&](storage::Tx& tx) -> absl::Status {
    USULAN_ASSIGN_OR_RETURN(batch, tx.batches().GetBatch(batch_id));
    return absl::OkStatus();
  }));
  USULAN_RETURN_IF_ERROR(workflow::CheckReadBatch(actor, batch.kabupaten_code));
  return batch;
}

absl::Status ListBatchPage(const ServiceContext& ctx, const workflow::Actor& actor,
                           storage::BatchFilter filter, int32_t page_size,
                           const std::string& page_token, RpcLog& log,
                           v1::ListBatchesResponse* response) {
  const auto level = workflow::LevelOf(actor.region);
  if (level == workflow::RegionLevel::kVillage || level == workflow::RegionLevel::kSubdistrict) {
    return absl::PermissionDeniedError(
        "batches are kept by kabupaten; village and kecamatan roles do not list them");
  }
  USULAN_ASSIGN_OR_RETURN(int page, CheckPageSize(page_size));
  USULAN_ASSIGN_OR_RETURN(auto cursor, DecodePageToken(page_token));
  if (cursor) filter.after = storage::BatchCursor{cursor->first, cursor->second};
  filter.limit = page + 1;
  std::vector<storage::BatchRecord> rows;
  USULAN_RETURN_IF_ERROR(ctx.db.InTransaction([&](storage::Tx& tx) -> absl::Status {
    USULAN_ASSIGN_OR_RETURN(rows, tx.batches().ListBatches(filter));
    return absl::OkStatus();
  }));
  const bool more = static_cast<int>(rows.size()) > page;
  if (more) rows.resize(page);
  for (const auto& row : rows) ToProto(row, /*with_members=*/false, response->add_batches());
  if (more) response->set_next_page_token(EncodePageToken(rows.back().created_at, rows.back().id));
  log.set_count("rows", static_cast<int64_t>(rows.size()));
  return absl::OkStatus();
}

}  // namespace usulan::services
