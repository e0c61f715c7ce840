#include "tools/recorder/calls.h"

#include <thread>

#include "workflow/vocabulary.h"

namespace usulan::recorder {

namespace {

constexpr char kHash[] = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

std::unique_ptr<grpc::ClientContext> Context(const bench::Tokens& tokens, const Request& r) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->AddMetadata("authorization",
                       "Bearer " + tokens.For(static_cast<workflow::Role>(r.role), r.region));
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  return context;
}

// The fields every single-proposal change carries, from the journal.
template <typename Change>
void Target(Change& request, const Request& r) {
  request.set_request_id(r.rid);
  request.set_proposal_id(r.proposals.at(0));
  request.set_expected_version(r.expected_versions.at(0));
}

Changed From(const v1::Proposal& p) { return {p.proposal_id(), p.version(), p.state()}; }

Outcome Single(const grpc::Status& status, const v1::Proposal& answer) {
  Outcome out{status, {}};
  if (status.ok()) out.changed.push_back(From(answer));
  return out;
}

Outcome Import(bench::Client& client, const bench::Tokens& tokens, const Request& r,
               const bench::Dataset& pool, std::chrono::milliseconds row_pause) {
  const bench::Desa& desa = pool.desa().at(r.import_desa);
  auto context = Context(tokens, r);
  auto stream = client.proposals->ImportProposals(context.get());
  for (int i = 0; i < r.import_rows; ++i) {
    v1::ImportProposalsRequest row;
    if (i == 0) row.set_request_id(r.rid);
    row.set_row_number(i + 1);
    v1::CreateProposalRequest* proposal = row.mutable_proposal();
    proposal->set_kind(v1::PROPOSAL_KIND_NEW);
    proposal->mutable_region()->set_province_code(desa.province);
    proposal->mutable_region()->set_kabupaten_code(desa.kabupaten);
    proposal->mutable_region()->set_kecamatan_code(desa.kecamatan);
    proposal->mutable_region()->set_desa_code(desa.code);
    *proposal->mutable_household() = pool.MakeHousehold(r.import_desa, r.import_first + i);
    if (!stream->Write(row)) break;  // the stream is gone: Finish says why
    if (row_pause.count() > 0) std::this_thread::sleep_for(row_pause);
  }
  stream->WritesDone();
  Outcome out;
  v1::ImportRowResult result;
  grpc::Status row_failure;  // the first refused row's, retryable ones first
  while (stream->Read(&result)) {
    if (result.code() != 0) {
      const auto code = static_cast<grpc::StatusCode>(result.code());
      if (row_failure.ok() || (Retryable(code) && !Retryable(row_failure.error_code()))) {
        row_failure = grpc::Status(
            code, "row " + std::to_string(result.row_number()) + ": " + result.message());
      }
      continue;
    }
    // An accepted row is a DRAFT at version 1 (its creation record).
    out.changed.push_back({result.proposal_id(), 1, v1::PROPOSAL_STATE_DRAFT, result.row_number()});
  }
  out.status = stream->Finish();
  // A stream that ended well with a refused row answers as that row: a
  // retryable one makes the whole import be sent again (accepted rows replay).
  if (out.status.ok()) out.status = row_failure;
  return out;
}

}  // namespace

bench::Dataset ImportPool(const Shape& shape) {
  return bench::Dataset({shape.first_province + 3, 1, 1, shape.desa, shape.households});
}

std::string RowRequestId(const std::string& import_rid, int64_t row) {
  return "import/" + import_rid + "/" + std::to_string(row);
}

Outcome Send(bench::Client& client, const bench::Tokens& tokens, const Request& r,
             const bench::Dataset& import_pool, std::chrono::milliseconds row_pause) {
  if (r.rpc == "SubmitProposal") {
    v1::SubmitProposalRequest request;
    Target(request, r);
    v1::Proposal answer;
    return Single(client.proposals->SubmitProposal(Context(tokens, r).get(), request, &answer),
                  answer);
  }
  if (r.rpc == "RecordVisit") {
    v1::RecordVisitRequest request;
    Target(request, r);
    request.set_outcome(v1::VISIT_OUTCOME_COMPLETED);
    request.set_eligible(true);
    request.mutable_visit_time()->set_seconds(r.visit_time);
    request.add_evidence_sha256(kHash);
    v1::Proposal answer;
    return Single(client.verification->RecordVisit(Context(tokens, r).get(), request, &answer),
                  answer);
  }
  if (r.rpc == "AssignVerifier") {
    v1::AssignVerifierRequest request;
    request.set_request_id(r.rid);
    for (const std::string& id : r.proposals) request.add_proposal_ids(id);
    request.set_verifier_id(r.verifier);
    v1::ProposalsChanged answer;
    Outcome out;
    out.status = client.verification->AssignVerifier(Context(tokens, r).get(), request, &answer);
    if (out.status.ok()) {
      for (const auto& p : answer.proposals()) {
        out.changed.push_back({p.proposal_id(), p.version(), p.state()});
      }
    }
    return out;
  }
  if (r.rpc == "ImportProposals") return Import(client, tokens, r, import_pool, row_pause);
  return {grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "unknown rpc " + r.rpc), {}};
}

Request Auditor() {
  Request r;
  r.role = static_cast<int>(workflow::Role::kAuditor);
  return r;
}

grpc::Status Read(bench::Client& client, const bench::Tokens& tokens, const Request& request,
                  const std::string& id, Changed& out) {
  v1::GetProposalRequest get;
  get.set_proposal_id(id);
  v1::Proposal answer;
  grpc::Status status = client.proposals->GetProposal(Context(tokens, request).get(), get, &answer);
  if (status.ok()) out = From(answer);
  return status;
}

bool Retryable(grpc::StatusCode code) {
  return code == grpc::StatusCode::UNAVAILABLE || code == grpc::StatusCode::DEADLINE_EXCEEDED ||
         code == grpc::StatusCode::RESOURCE_EXHAUSTED || code == grpc::StatusCode::ABORTED ||
         code == grpc::StatusCode::UNKNOWN || code == grpc::StatusCode::INTERNAL ||
         code == grpc::StatusCode::CANCELLED;
}

}  // namespace usulan::recorder
