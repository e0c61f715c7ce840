#include "tools/usulanctl/rpc_table.h"

#include <functional>
#include <map>

#include <google/protobuf/util/json_util.h>
#include <grpcpp/client_context.h>

#include "usulan/v1/audit_service.grpc.pb.h"
#include "usulan/v1/citizen_service.grpc.pb.h"
#include "usulan/v1/decision_service.grpc.pb.h"
#include "usulan/v1/deliberation_service.grpc.pb.h"
#include "usulan/v1/personal_data_service.grpc.pb.h"
#include "usulan/v1/proposal_service.grpc.pb.h"
#include "usulan/v1/public_status_service.grpc.pb.h"
#include "usulan/v1/register_service.grpc.pb.h"
#include "usulan/v1/review_service.grpc.pb.h"
#include "usulan/v1/verification_service.grpc.pb.h"

namespace usulan::tools {
namespace {

using Caller = std::function<CallResult(const std::shared_ptr<grpc::Channel>&,
                                        const std::string& json, const std::string& token)>;

// Adapts one generated stub method to the JSON-in, JSON-out shape.
// The deadline of Pusdatin's changes from central data.
constexpr std::chrono::seconds kCentralRun = std::chrono::hours(6);

template <typename Service, typename Request, typename Response>
Caller Unary(grpc::Status (Service::Stub::*method)(grpc::ClientContext*, const Request&,
                                                   Response*),
             std::chrono::seconds deadline = std::chrono::seconds(60)) {
  return [method, deadline](const std::shared_ptr<grpc::Channel>& channel, const std::string& json,
                  const std::string& token) -> CallResult {
    Request request;
    auto parsed = google::protobuf::util::JsonStringToMessage(json, &request);
    if (!parsed.ok()) {
      return {grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                           "request JSON: " + parsed.ToString()),
              ""};
    }
    auto stub = Service::NewStub(channel);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + deadline);
    if (!token.empty()) context.AddMetadata("authorization", "Bearer " + token);
    Response response;
    grpc::Status status = ((*stub).*method)(&context, request, &response);
    CallResult result{status, ""};
    if (status.ok()) {
      google::protobuf::util::JsonPrintOptions options;
      options.add_whitespace = true;
      options.preserve_proto_field_names = true;
      (void)google::protobuf::util::MessageToJsonString(response, &result.response_json, options);
    }
    return result;
  };
}

const std::map<std::string, Caller>& Table() {
  using v1::AuditService;
  using v1::DecisionService;
  using v1::DeliberationService;
  using v1::ProposalService;
  using v1::ReviewService;
  using v1::VerificationService;
  static const std::map<std::string, Caller> table = {
      {"ProposalService.CreateProposal", Unary<ProposalService>(&ProposalService::Stub::CreateProposal)},
      {"ProposalService.UpdateDraft", Unary<ProposalService>(&ProposalService::Stub::UpdateDraft)},
      {"ProposalService.SubmitProposal", Unary<ProposalService>(&ProposalService::Stub::SubmitProposal)},
      {"ProposalService.CorrectProposal", Unary<ProposalService>(&ProposalService::Stub::CorrectProposal)},
      {"ProposalService.WithdrawProposal", Unary<ProposalService>(&ProposalService::Stub::WithdrawProposal)},
      {"ProposalService.GetProposal", Unary<ProposalService>(&ProposalService::Stub::GetProposal)},
      {"ProposalService.ListProposals", Unary<ProposalService>(&ProposalService::Stub::ListProposals)},
      {"ProposalService.CountProposals", Unary<ProposalService>(&ProposalService::Stub::CountProposals)},
      {"ProposalService.LookupNik", Unary<ProposalService>(&ProposalService::Stub::LookupNik)},
      {"ProposalService.TakeUpProposal", Unary<ProposalService>(&ProposalService::Stub::TakeUpProposal)},
      {"ProposalService.DeclineProposal", Unary<ProposalService>(&ProposalService::Stub::DeclineProposal)},
      {"DeliberationService.OpenDeliberation", Unary<DeliberationService>(&DeliberationService::Stub::OpenDeliberation)},
      {"DeliberationService.AddToAgenda", Unary<DeliberationService>(&DeliberationService::Stub::AddToAgenda)},
      {"DeliberationService.RecordOutcome", Unary<DeliberationService>(&DeliberationService::Stub::RecordOutcome)},
      {"DeliberationService.CloseDeliberation", Unary<DeliberationService>(&DeliberationService::Stub::CloseDeliberation)},
      {"DeliberationService.GetDeliberation", Unary<DeliberationService>(&DeliberationService::Stub::GetDeliberation)},
      {"DeliberationService.ListDeliberations", Unary<DeliberationService>(&DeliberationService::Stub::ListDeliberations)},
      {"AuditService.GetHistory", Unary<AuditService>(&AuditService::Stub::GetHistory)},
      {"VerificationService.AssignVerifier", Unary<VerificationService>(&VerificationService::Stub::AssignVerifier)},
      {"VerificationService.RecordVisit", Unary<VerificationService>(&VerificationService::Stub::RecordVisit)},
      {"VerificationService.FinalizeVillage", Unary<VerificationService>(&VerificationService::Stub::FinalizeVillage)},
      {"ReviewService.OpenReview", Unary<ReviewService>(&ReviewService::Stub::OpenReview)},
      {"ReviewService.ApproveProposals", Unary<ReviewService>(&ReviewService::Stub::ApproveProposals)},
      {"ReviewService.ReturnProposal", Unary<ReviewService>(&ReviewService::Stub::ReturnProposal)},
      {"ReviewService.CreateBatch", Unary<ReviewService>(&ReviewService::Stub::CreateBatch)},
      {"ReviewService.RatifyBatch", Unary<ReviewService>(&ReviewService::Stub::RatifyBatch)},
      {"ReviewService.SubmitBatch", Unary<ReviewService>(&ReviewService::Stub::SubmitBatch)},
      {"ReviewService.ForwardBatch", Unary<ReviewService>(&ReviewService::Stub::ForwardBatch)},
      {"ReviewService.ReturnBatch", Unary<ReviewService>(&ReviewService::Stub::ReturnBatch)},
      {"ReviewService.GetBatch", Unary<ReviewService>(&ReviewService::Stub::GetBatch)},
      {"ReviewService.ListBatches", Unary<ReviewService>(&ReviewService::Stub::ListBatches)},
      {"ReviewService.ConfirmCentralChange",
       Unary<ReviewService>(&ReviewService::Stub::ConfirmCentralChange)},
      {"DecisionService.ListIncomingBatches", Unary<DecisionService>(&DecisionService::Stub::ListIncomingBatches)},
      {"DecisionService.DecideBatch", Unary<DecisionService>(&DecisionService::Stub::DecideBatch)},
      {"DecisionService.GetDecision", Unary<DecisionService>(&DecisionService::Stub::GetDecision)},
      {"DecisionService.DecideProposal", Unary<DecisionService>(&DecisionService::Stub::DecideProposal)},
      {"AuditService.VerifyChain", Unary<AuditService>(&AuditService::Stub::VerifyChain)},
      {"AuditService.GetCheckpoint", Unary<AuditService>(&AuditService::Stub::GetCheckpoint)},
      {"AuditService.ListCheckpoints", Unary<AuditService>(&AuditService::Stub::ListCheckpoints)},
      {"AuditService.CreateCheckpoint", Unary<AuditService>(&AuditService::Stub::CreateCheckpoint)},
      {"AuditService.GetInclusionProof", Unary<AuditService>(&AuditService::Stub::GetInclusionProof)},
      {"AuditService.GetAuditKey", Unary<AuditService>(&AuditService::Stub::GetAuditKey)},
      {"AuditService.ListPersonalDataAccess",
       Unary<AuditService>(&AuditService::Stub::ListPersonalDataAccess)},
      {"PersonalDataService.ErasePersonalData",
       Unary<v1::PersonalDataService>(&v1::PersonalDataService::Stub::ErasePersonalData)},
      {"RegisterService.GetEntry", Unary<v1::RegisterService>(&v1::RegisterService::Stub::GetEntry)},
      {"RegisterService.ListEntries",
       Unary<v1::RegisterService>(&v1::RegisterService::Stub::ListEntries)},
      {"RegisterService.CountEntries",
       Unary<v1::RegisterService>(&v1::RegisterService::Stub::CountEntries)},
      {"RegisterService.VerifyEntryChain",
       Unary<v1::RegisterService>(&v1::RegisterService::Stub::VerifyEntryChain)},
      // Many transactions each (docs/central-sources.md): a national run takes hours.
      {"RegisterService.FileDeceasedChanges",
       Unary<v1::RegisterService>(&v1::RegisterService::Stub::FileDeceasedChanges, kCentralRun)},
      {"RegisterService.ApplyWelfareRanking",
       Unary<v1::RegisterService>(&v1::RegisterService::Stub::ApplyWelfareRanking, kCentralRun)},
      // A citizen's own calls (docs/citizens.md): the token names the person.
      {"CitizenService.FileProposal",
       Unary<v1::CitizenService>(&v1::CitizenService::Stub::FileProposal)},
      {"CitizenService.FileObjection",
       Unary<v1::CitizenService>(&v1::CitizenService::Stub::FileObjection)},
      {"CitizenService.ListMyFilings",
       Unary<v1::CitizenService>(&v1::CitizenService::Stub::ListMyFilings)},
      {"CitizenService.GetMyFiling",
       Unary<v1::CitizenService>(&v1::CitizenService::Stub::GetMyFiling)},
      {"CitizenService.GetMyHousehold",
       Unary<v1::CitizenService>(&v1::CitizenService::Stub::GetMyHousehold)},
      // Public: works without a token (docs/public-status.md).
      {"PublicStatusService.CheckStatus",
       Unary<v1::PublicStatusService>(&v1::PublicStatusService::Stub::CheckStatus)},
  };
  return table;
}

}  // namespace

CallResult CallJson(const std::shared_ptr<grpc::Channel>& channel, const std::string& method,
                    const std::string& request_json, const std::string& token) {
  auto found = Table().find(method);
  if (found == Table().end()) {
    return {grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "unknown method " + method), ""};
  }
  return found->second(channel, request_json, token);
}

std::vector<std::string> MethodNames() {
  std::vector<std::string> names;
  for (const auto& [name, caller] : Table()) names.push_back(name);
  return names;
}

}  // namespace usulan::tools
