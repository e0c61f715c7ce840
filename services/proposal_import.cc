// ProposalService.ImportProposals: a village's pre-list as a stream of households.
//
// Rows are taken in chunks of kChunkRows, each chunk one transaction, each row in
// a savepoint of it: a refused row rolls back to its savepoint (never part of a
// household) and the others go on. Results are written once their chunk has
// committed, so an accepted result is durable. Every row is idempotent on its own
// (import request_id, row_number) key; refusals are not stored, so a resend
// answers accepted rows with their first result and tries the others again
// (fixed rows included).
#include <optional>
#include <unordered_set>

#include "app/idempotent.h"
#include "services/proposal_creation.h"
#include "services/proposal_service.h"
#include "services/request_validation.h"
#include "services/rpc_log.h"
#include "base/status_macros.h"
#include "base/string_view_compat.h"
#include "services/call_start.h"

namespace usulan::services {
namespace {

using Stream = grpc::ServerReaderWriter<v1::ImportRowResult, v1::ImportProposalsRequest>;

constexpr size_t kChunkRows = 100;
// Per stream: a village's pre-list is hundreds of households; a whole kabupaten's
// fits too. Larger files are split by the client.
constexpr int64_t kMaxRows = 100'000;
constexpr int64_t kMaxRowNumber = 1'000'000;
// A household at the validation limits encodes to a few KiB; gRPC's own 4 MiB
// limit per message still applies before this.
constexpr size_t kMaxRowBytes = 64 * 1024;

// The idempotency key of a row. '/' is not allowed in request ids, so the key of
// an import row never collides with the caller's own request ids.
std::string RowRequestId(const std::string& import_id, int64_t row_number) {
  return base::Concat("import/", import_id, "/", row_number);
}

void SetRefusal(const absl::Status& status, v1::ImportRowResult* result) {
  result->set_code(static_cast<int32_t>(status.code()));
  // As for a whole call (RpcLog::Finish): internal details stay in the server log.
  if (status.code() == absl::StatusCode::kInternal ||
      status.code() == absl::StatusCode::kUnknown) {
    result->set_message("internal error; the server log has the details");
  } else {
    result->set_message(std::string(status.message()));
  }
  result->clear_proposal_id();
  result->set_replayed(false);
}

// A refusal that every row of this caller would get (the role may not create
// proposals at all): the stream ends with it instead of a refusal per row.
bool RefusesEveryRow(const absl::Status& status) {
  std::optional<workflow::Refusal> refusal = workflow::RefusalOf(status);
  return refusal == workflow::Refusal::kRoleNotAllowed ||
         refusal == workflow::Refusal::kRoleScopeMismatch;
}

class ImportRun {
 public:
  ImportRun(const ServiceContext& ctx, workflow::Actor actor, std::string import_id,
            Stream& stream)
      : ctx_(ctx), actor_(std::move(actor)), import_id_(std::move(import_id)), stream_(stream) {}

  const std::string& id() const { return import_id_; }

  // Queues a row; a full chunk is stored and answered. Non-OK ends the stream.
  absl::Status Add(v1::ImportProposalsRequest row) {
    chunk_.push_back(std::move(row));
    if (chunk_.size() < kChunkRows) return absl::OkStatus();
    return Flush();
  }

  // Stores and answers the queued rows.
  absl::Status Flush() {
    if (chunk_.empty()) return absl::OkStatus();
    std::vector<v1::ImportRowResult> results(chunk_.size());
    absl::Status fatal;
    size_t done = 0;
    absl::Status committed = ctx_.db.InTransaction([&](storage::Tx& tx) {
      for (; done < chunk_.size(); ++done) {
        results[done].set_row_number(chunk_[done].row_number());
        // The clock per row, so that the drafts list in the order of the file.
        absl::Status row = ImportRow(tx, chunk_[done], ctx_.clock.Now(), &results[done]);
        if (row.ok()) continue;
        if (RefusesEveryRow(row)) {
          fatal = row;
          break;
        }
        SetRefusal(row, &results[done]);
      }
      return absl::OkStatus();
    });
    if (!committed.ok()) {
      // Nothing of the chunk is stored: its accepted rows are not accepted after all.
      const absl::Status lost(committed.code(),
                              base::Concat("not stored (", committed.message(),
                                               "); send the import again to retry"));
      for (size_t i = 0; i < done; ++i) {
        if (results[i].code() == 0) SetRefusal(lost, &results[i]);
      }
    }
    for (size_t i = 0; i < done; ++i) {
      if (!stream_.Write(results[i])) {
        return absl::CancelledError("the client stopped reading the results");
      }
    }
    chunk_.clear();
    return fatal;
  }

 private:
  // One row, in a savepoint of `tx`. OK with the result filled in when accepted.
  absl::Status ImportRow(storage::Tx& tx, v1::ImportProposalsRequest& row,
                         storage::TimePoint now, v1::ImportRowResult* result) {
    const int64_t number = row.row_number();
    if (number < 1 || number > kMaxRowNumber) {
      return absl::InvalidArgumentError(
          base::Concat("row_number must be between 1 and ", kMaxRowNumber));
    }
    if (!seen_.insert(number).second) {
      return absl::InvalidArgumentError(base::Concat(
          "row_number ", number, " repeats an earlier row of this import stream"));
    }
    if (const size_t size = row.ByteSizeLong(); size > kMaxRowBytes) {
      return absl::InvalidArgumentError(
          base::Concat("row is ", size, " bytes; at most ", kMaxRowBytes));
    }
    // The edge step, per row, so that a bad field refuses its row and not the
    // stream; it canonicalises the row's ids too.
    USULAN_RETURN_IF_ERROR(ValidateRequest(row));
    if (!row.has_proposal()) return absl::InvalidArgumentError("proposal is required");
    if (!row.proposal().request_id().empty()) {
      return absl::InvalidArgumentError(
          "proposal.request_id must be empty: the import's request_id and row_number "
          "identify the row");
    }
    // A pre-list is the village's: the offices' own routes are filed one by one.
    if (row.proposal().route() != v1::PROPOSAL_ROUTE_UNSPECIFIED &&
        row.proposal().route() != v1::PROPOSAL_ROUTE_VILLAGE) {
      return absl::InvalidArgumentError(
          "proposal.route: an import creates VILLAGE proposals only (use CreateProposal)");
    }
    USULAN_ASSIGN_OR_RETURN(NewProposal proposal,
                            PrepareCreation(actor_, row.proposal(), now, ctx_.household_key,
                                            workflow::Route::kVillage,
                                            CreationEvidence(row.proposal())));
    const std::string row_id = RowRequestId(import_id_, number);
    const storage::RequestKey key =
        MakeRequestKey("ImportProposals", actor_, row_id, row.proposal());
    v1::Proposal created;
    bool replayed = false;
    absl::Status stored = tx.InSavepoint([&](storage::Tx& row_tx) {
      return app::RunIdempotentIn(
          row_tx, key, now,
          [&](storage::Tx& t) { return InsertCreation(t, proposal, row_id, &created); },
          created, &replayed);
    });
    if (absl::IsInvalidArgument(stored)) {
      // Every field was checked above; what is left is the row's key: this row
      // number was accepted earlier in this import with other data.
      return absl::InvalidArgumentError(base::Concat(
          "row_number ", number,
          " was already imported under this request_id with different data; change "
          "that draft with UpdateDraft, or import the row under a new request_id"));
    }
    USULAN_RETURN_IF_ERROR(stored);
    result->set_code(0);
    result->set_proposal_id(created.proposal_id());
    result->set_replayed(replayed);
    return absl::OkStatus();
  }

  const ServiceContext& ctx_;
  const workflow::Actor actor_;
  const std::string import_id_;
  Stream& stream_;
  std::vector<v1::ImportProposalsRequest> chunk_;
  std::unordered_set<int64_t> seen_;
};

}  // namespace

grpc::Status ProposalServiceImpl::ImportProposals(grpc::ServerContext* context,
                                                  Stream* stream) {
  RpcLog log("ImportProposals");
  int64_t rows = 0;
  auto run = [&]() -> absl::Status {
    USULAN_ASSIGN_OR_RETURN(workflow::Actor actor,
                            AuthenticateCall(ctx_.authenticator, *context, log));
    std::optional<ImportRun> import;
    v1::ImportProposalsRequest message;
    for (;;) {
      message.Clear();
      if (!stream->Read(&message)) break;
      if (!import) {
        USULAN_RETURN_IF_ERROR(AcceptRequestId(message.request_id(), log));
        import.emplace(ctx_, actor, message.request_id(), *stream);
      } else if (!message.request_id().empty() && message.request_id() != import->id()) {
        USULAN_RETURN_IF_ERROR(import->Flush());
        return absl::InvalidArgumentError(
            "request_id must be the same on every message of an import (or empty after "
            "the first)");
      }
      if (++rows > kMaxRows) {
        --rows;
        USULAN_RETURN_IF_ERROR(import->Flush());
        return absl::ResourceExhaustedError(base::Concat(
            "an import stream carries at most ", kMaxRows,
            " rows; the first ", kMaxRows, " were answered, send the rest in another stream"));
      }
      USULAN_RETURN_IF_ERROR(import->Add(std::move(message)));
    }
    if (context->IsCancelled()) {
      return absl::CancelledError(
          "the client cancelled the import; send it again with the same request_id to resume");
    }
    if (import) USULAN_RETURN_IF_ERROR(import->Flush());
    return absl::OkStatus();
  };
  absl::Status status = run();
  log.set_count("rows", rows);
  return log.Finish(status);
}

}  // namespace usulan::services
