// usulan.v1.PersonalDataService: erasure of a settled proposal's household
// personal data after its retention period (UU PDP No. 27/2022; README "Personal
// data"). The erasure is a transition of the proposal's audit chain
// (erase_personal_data, a self-loop on terminal states), written in the same
// transaction as the deletion, so the trail says who erased what, when and why,
// and stays verifiable. Logs identifiers only. Thread-safe.
#pragma once

#include "services/service_context.h"
#include "usulan/v1/personal_data_service.grpc.pb.h"

namespace usulan::services {

struct PersonalDataOptions {
  // Days a settled proposal's household is kept, counted from the moment the
  // proposal entered its terminal state (--retention-days).
  int retention_days = 1825;
};

class PersonalDataServiceImpl final : public v1::PersonalDataService::Service {
 public:
  PersonalDataServiceImpl(ServiceContext context, PersonalDataOptions options)
      : ctx_(context), options_(options) {}

  grpc::Status ErasePersonalData(grpc::ServerContext* context,
                                 const v1::ErasePersonalDataRequest* request,
                                 v1::Proposal* response) override;

 private:
  ServiceContext ctx_;
  PersonalDataOptions options_;
};

}  // namespace usulan::services
