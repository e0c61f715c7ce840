// AuditService.ListPersonalDataAccess: the auditors' reading of the personal-data
// access log (0010_personal_data_access.sql; docs/personal-data-access.md). Only
// auditors read it: the log says who looked whom up, which is itself a record
// about people. A regional auditor sees the lookups whose scope lies in their
// region; a national one sees all.
#include "absl/strings/numbers.h"
#include "base/status_macros.h"
#include "base/string_view_compat.h"
#include "services/audit_service.h"
#include "services/call_start.h"
#include "services/convert.h"
#include "services/request_checks.h"
#include "services/rpc_log.h"
#include "storage/tx.h"

namespace usulan::services {
namespace {

v1::PersonalDataAccessOutcome ToProto(storage::AccessOutcome outcome) {
  switch (outcome) {
    case storage::AccessOutcome::kFound: return v1::PERSONAL_DATA_ACCESS_OUTCOME_FOUND;
    case storage::AccessOutcome::kNotFound: return v1::PERSONAL_DATA_ACCESS_OUTCOME_NOT_FOUND;
    case storage::AccessOutcome::kDenied: return v1::PERSONAL_DATA_ACCESS_OUTCOME_DENIED;
  }
  return v1::PERSONAL_DATA_ACCESS_OUTCOME_UNSPECIFIED;
}

void ToProto(const storage::AccessRecord& record, v1::PersonalDataAccess* out) {
  out->set_id(record.id);
  services::ToProto(record.at, out->mutable_at());
  out->set_subject(record.subject);
  out->set_role(record.role);
  out->set_region_code(record.region_code);
  out->set_rpc(record.rpc);
  out->set_scope(record.scope);
  out->set_nik_hmac(record.nik_hmac);
  out->set_proposal_id(record.proposal_id);
  out->set_document_sha256(record.document_sha256);
  out->set_outcome(ToProto(record.outcome));
  out->set_proposals(record.proposals);
}

// The page token is the id of the last row of the previous page.
absl::StatusOr<int64_t> DecodeAccessPageToken(const std::string& token) {
  if (token.empty()) return 0;
  int64_t id = 0;
  if (token.find_first_not_of("0123456789") != std::string::npos ||
      !absl::SimpleAtoi(token, &id)) {
    return absl::InvalidArgumentError("page_token is not a token this service issued");
  }
  return id;
}

}  // namespace

grpc::Status AuditServiceImpl::ListPersonalDataAccess(
    grpc::ServerContext* context, const v1::ListPersonalDataAccessRequest* request,
    v1::ListPersonalDataAccessResponse* response) {
  RpcLog log("ListPersonalDataAccess");
  auto run = [&]() -> absl::Status {
    USULAN_ASSIGN_OR_RETURN(workflow::Actor actor,
                            AuthenticateCall(ctx_.authenticator, *context, *request, log));
    if (actor.role != workflow::Role::kAuditor) {
      return absl::PermissionDeniedError(base::Concat(
          "role ", workflow::Name(actor.role),
          " may not read the personal-data access log (auditors only)"));
    }
    storage::AccessFilter filter;
    filter.subject = request->subject();
    filter.scope_prefix = actor.region;
    USULAN_ASSIGN_OR_RETURN(TimeRange range,
                            TimeRangeFromProto(request->has_from() ? &request->from() : nullptr,
                                               request->has_to() ? &request->to() : nullptr));
    filter.from = range.from;
    filter.to = range.to;
    USULAN_ASSIGN_OR_RETURN(filter.limit, CheckPageSize(request->page_size()));
    USULAN_ASSIGN_OR_RETURN(filter.after_id, DecodeAccessPageToken(request->page_token()));
    std::vector<storage::AccessRecord> page;
    USULAN_RETURN_IF_ERROR(ctx_.db.InTransaction([&](storage::Tx& tx) -> absl::Status {
      USULAN_ASSIGN_OR_RETURN(page, tx.access_log().List(filter));
      return absl::OkStatus();
    }));
    for (const storage::AccessRecord& record : page) ToProto(record, response->add_entries());
    if (static_cast<int>(page.size()) == filter.limit) {
      response->set_next_page_token(std::to_string(page.back().id));
    }
    log.set_count("rows", response->entries_size());
    return absl::OkStatus();
  };
  return log.Finish(run());
}

}  // namespace usulan::services
