// usulan.v1.RegisterService: the register reads (docs/register.md). Entries and
// their history carry no personal data; scope as for proposals (a region prefix
// the caller's region covers; an entry of a desa outside it is
// PERMISSION_DENIED). The cycle's determination (determination_export.cc,
// docs/determination.md) carries personal data for a central reviewer who asks.
// Read-only: the register changes only with decisions (app/register_effects.h),
// except for Pusdatin's changes from central data (register_central.cc). Logs
// identifiers only. Thread-safe.
#pragma once

#include <optional>

#include "audit/signing.h"
#include "services/service_context.h"
#include "usulan/v1/register_service.grpc.pb.h"
#include "workflow/death_list.h"
#include "workflow/welfare_ranking.h"

namespace usulan::services {

// The central data sources (server/central_sources.h), owned by the server and
// outliving the service; null: none configured (the RPCs using it answer
// FAILED_PRECONDITION).
struct RegisterSources {
  workflow::DeathList* deaths = nullptr;
  workflow::WelfareRanking* ranking = nullptr;
};

class RegisterServiceImpl final : public v1::RegisterService::Service {
 public:
  // `key` signs the determination's manifest (the audit key, as for checkpoints);
  // without one ExportDetermination answers FAILED_PRECONDITION.
  RegisterServiceImpl(ServiceContext context, std::optional<audit::SigningKey> key,
                      RegisterSources sources = {})
      : ctx_(context),
        key_(std::move(key)),
        deaths_(sources.deaths != nullptr ? *sources.deaths : unconfigured_deaths_),
        ranking_(sources.ranking != nullptr ? *sources.ranking : unconfigured_ranking_) {}

  grpc::Status GetEntry(grpc::ServerContext* context, const v1::GetEntryRequest* request,
                        v1::GetEntryResponse* response) override;
  grpc::Status ListEntries(grpc::ServerContext* context, const v1::ListEntriesRequest* request,
                           v1::ListEntriesResponse* response) override;
  grpc::Status CountEntries(grpc::ServerContext* context, const v1::CountEntriesRequest* request,
                            v1::CountEntriesResponse* response) override;
  grpc::Status VerifyEntryChain(grpc::ServerContext* context,
                                const v1::VerifyEntryChainRequest* request,
                                v1::VerifyEntryChainResponse* response) override;
  // determination_export.cc
  grpc::Status ExportDetermination(
      grpc::ServerContext* context, const v1::ExportDeterminationRequest* request,
      grpc::ServerWriter<v1::DeterminationFileChunk>* writer) override;
  // register_central.cc
  grpc::Status FileDeceasedChanges(grpc::ServerContext* context,
                                   const v1::FileDeceasedChangesRequest* request,
                                   v1::FileDeceasedChangesResponse* response) override;
  grpc::Status ApplyWelfareRanking(grpc::ServerContext* context,
                                   const v1::ApplyWelfareRankingRequest* request,
                                   v1::ApplyWelfareRankingResponse* response) override;

 private:
  ServiceContext ctx_;
  const std::optional<audit::SigningKey> key_;
  // Before the references, which may point to them.
  workflow::UnconfiguredDeathList unconfigured_deaths_;
  workflow::UnconfiguredWelfareRanking unconfigured_ranking_;
  workflow::DeathList& deaths_;
  workflow::WelfareRanking& ranking_;
};

}  // namespace usulan::services
