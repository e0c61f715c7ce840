#include "tools/bench/setup.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <iostream>
#include <map>
#include <mutex>
#include <thread>

namespace usulan::bench {

namespace {

using workflow::Role;

constexpr char kHash[] = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
constexpr size_t kListLimit = 500;  // ids per list call (AssignVerifier, OpenReview, ...)

absl::Status Failed(const std::string& step, const grpc::Status& status) {
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                      step + ": " + status.error_message());
}

// Calls fn on consecutive chunks of at most kListLimit ids.
absl::Status Chunked(const std::vector<std::string>& ids,
                     const std::function<absl::Status(const std::vector<std::string>&)>& fn) {
  for (size_t start = 0; start < ids.size(); start += kListLimit) {
    std::vector<std::string> chunk(ids.begin() + start,
                                   ids.begin() + std::min(ids.size(), start + kListLimit));
    if (absl::Status s = fn(chunk); !s.ok()) return s;
  }
  return absl::OkStatus();
}

template <typename Request>
void AddIds(Request& request, const std::vector<std::string>& ids) {
  for (const auto& id : ids) request.add_proposal_ids(id);
}

class Preparer {
 public:
  Preparer(const Server& server, const Dataset& dataset, const Actors& actors, int threads,
           World& world)
      : server_(server), dataset_(dataset), actors_(actors), threads_(threads), world_(world) {}

  absl::Status PerDesa(const std::string& name,
                       const std::function<absl::Status(Client&, int)>& fn) {
    auto start = std::chrono::steady_clock::now();
    absl::Status status =
        ParallelFor(server_, static_cast<int>(dataset_.desa().size()), threads_, fn);
    std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    std::cerr << "setup: " << name << " " << (status.ok() ? "done" : "FAILED") << " in "
              << took.count() << " s\n";
    return status;
  }

  absl::Status Create(Client& c, int d) {
    const Desa& desa = dataset_.desa()[d];
    for (int h = 0; h < dataset_.size().households_per_desa; ++h) {
      v1::CreateProposalRequest request;
      request.set_request_id(NextRequestId());
      request.set_kind(v1::PROPOSAL_KIND_NEW);
      request.mutable_region()->set_province_code(desa.province);
      request.mutable_region()->set_kabupaten_code(desa.kabupaten);
      request.mutable_region()->set_kecamatan_code(desa.kecamatan);
      request.mutable_region()->set_desa_code(desa.code);
      *request.mutable_household() = dataset_.MakeHousehold(d, h);
      v1::Proposal out;
      grpc::Status s =
          c.proposals->CreateProposal(c.Context(actors_.operator_by_desa[d]).get(), request, &out);
      if (!s.ok()) return Failed("CreateProposal in desa " + desa.code, s);
      world_.ids[d][h] = out.proposal_id();
    }
    return absl::OkStatus();
  }

  absl::Status Submit(Client& c, int d) {
    for (const auto& id : world_.ids[d]) {
      v1::SubmitProposalRequest request;
      request.set_request_id(NextRequestId());
      request.set_proposal_id(id);
      v1::Proposal out;
      grpc::Status s =
          c.proposals->SubmitProposal(c.Context(actors_.operator_by_desa[d]).get(), request, &out);
      if (!s.ok()) return Failed("SubmitProposal", s);
      if (out.state() != v1::PROPOSAL_STATE_PRELIST) {
        return absl::FailedPreconditionError(
            "SubmitProposal left a proposal in " + v1::ProposalState_Name(out.state()) +
            " (is the data set's registry CSV loaded? usulan-bench --write-registry)");
      }
    }
    return absl::OkStatus();
  }

  absl::Status OpenAgenda(Client& c, int d) {
    const std::string& head = actors_.head_by_desa[d];
    v1::OpenDeliberationRequest open;
    open.set_request_id(NextRequestId());
    open.set_kind(v1::DELIBERATION_KIND_MUSDES);
    open.set_desa_code(dataset_.desa()[d].code);
    open.set_meeting_date("2026-01-15");
    v1::Deliberation deliberation;
    grpc::Status s = c.deliberations->OpenDeliberation(c.Context(head).get(), open, &deliberation);
    if (!s.ok()) return Failed("OpenDeliberation", s);
    world_.deliberation_by_desa[d] = deliberation.deliberation_id();
    return Chunked(world_.ids[d], [&](const std::vector<std::string>& chunk) {
      v1::AddToAgendaRequest add;
      add.set_request_id(NextRequestId());
      add.set_deliberation_id(world_.deliberation_by_desa[d]);
      AddIds(add, chunk);
      v1::Deliberation out;
      grpc::Status added = c.deliberations->AddToAgenda(c.Context(head).get(), add, &out);
      return added.ok() ? absl::OkStatus() : Failed("AddToAgenda", added);
    });
  }

  absl::Status AgreeAndClose(Client& c, int d) {
    const std::string& head = actors_.head_by_desa[d];
    for (const auto& id : world_.ids[d]) {
      v1::RecordOutcomeRequest outcome;
      outcome.set_request_id(NextRequestId());
      outcome.set_deliberation_id(world_.deliberation_by_desa[d]);
      outcome.set_proposal_id(id);
      outcome.set_outcome(v1::AGENDA_OUTCOME_AGREED);
      v1::Deliberation out;
      grpc::Status s = c.deliberations->RecordOutcome(c.Context(head).get(), outcome, &out);
      if (!s.ok()) return Failed("RecordOutcome", s);
    }
    v1::CloseDeliberationRequest close;
    close.set_request_id(NextRequestId());
    close.set_deliberation_id(world_.deliberation_by_desa[d]);
    close.set_attendance(40);
    close.set_quorum(30);
    close.set_minutes_sha256(kHash);
    v1::Deliberation out;
    grpc::Status s = c.deliberations->CloseDeliberation(c.Context(head).get(), close, &out);
    return s.ok() ? absl::OkStatus() : Failed("CloseDeliberation", s);
  }

  absl::Status Assign(Client& c, int d) {
    return Chunked(world_.ids[d], [&](const std::vector<std::string>& chunk) {
      v1::AssignVerifierRequest request;
      request.set_request_id(NextRequestId());
      AddIds(request, chunk);
      request.set_verifier_id(Tokens::VerifierSubject(dataset_.desa()[d].kabupaten));
      v1::ProposalsChanged out;
      grpc::Status s = c.verification->AssignVerifier(c.Context(actors_.operator_by_desa[d]).get(),
                                                      request, &out);
      return s.ok() ? absl::OkStatus() : Failed("AssignVerifier", s);
    });
  }

  absl::Status VisitAll(Client& c, int d) {
    for (const auto& id : world_.ids[d]) {
      if (grpc::Status s = RecordVisit(c, id, actors_.verifier_by_desa[d]); !s.ok()) {
        return Failed("RecordVisit", s);
      }
    }
    return absl::OkStatus();
  }

  absl::Status ToDistrictApproved(Client& c, int d) {
    return Chunked(world_.ids[d], [&](const std::vector<std::string>& chunk) {
      v1::FinalizeVillageRequest finalize;
      finalize.set_request_id(NextRequestId());
      finalize.set_desa_code(dataset_.desa()[d].code);
      AddIds(finalize, chunk);
      finalize.set_minutes_sha256(kHash);
      finalize.set_name_list_sha256(kHash);
      v1::ProposalsChanged out;
      grpc::Status s =
          c.verification->FinalizeVillage(c.Context(actors_.head_by_desa[d]).get(), finalize, &out);
      if (!s.ok()) return Failed("FinalizeVillage", s);
      v1::OpenReviewRequest open;
      open.set_request_id(NextRequestId());
      AddIds(open, chunk);
      s = c.review->OpenReview(c.Context(actors_.dinsos_by_desa[d]).get(), open, &out);
      if (!s.ok()) return Failed("OpenReview", s);
      v1::ApproveProposalsRequest approve;
      approve.set_request_id(NextRequestId());
      AddIds(approve, chunk);
      s = c.review->ApproveProposals(c.Context(actors_.dinsos_by_desa[d]).get(), approve, &out);
      return s.ok() ? absl::OkStatus() : Failed("ApproveProposals", s);
    });
  }

  // Batches of at most `size` approved proposals per kabupaten, climbed to
  // CENTRAL_REVIEW (sealed, ratified, submitted, forwarded).
  absl::Status Batches(int size) {
    struct Plan {
      int desa_index;  // any desa of the kabupaten, for its tokens
      std::vector<std::string> ids;
    };
    std::vector<Plan> plans;
    std::map<std::string, size_t> open_plan;  // kabupaten -> plan being filled
    for (int d = 0; d < static_cast<int>(dataset_.desa().size()); ++d) {
      const std::string& kabupaten = dataset_.desa()[d].kabupaten;
      for (const auto& id : world_.ids[d]) {
        auto found = open_plan.find(kabupaten);
        if (found == open_plan.end() || plans[found->second].ids.size() >= size_t(size)) {
          plans.push_back({d, {}});
          open_plan[kabupaten] = plans.size() - 1;
          found = open_plan.find(kabupaten);
        }
        plans[found->second].ids.push_back(id);
      }
    }
    world_.batches.assign(plans.size(), "");
    world_.batch_sizes.assign(plans.size(), 0);
    auto start = std::chrono::steady_clock::now();
    absl::Status status =
        ParallelFor(server_, static_cast<int>(plans.size()), threads_, [&](Client& c, int b) {
          const Plan& plan = plans[b];
          const Desa& desa = dataset_.desa()[plan.desa_index];
          const std::string& dinsos = actors_.dinsos_by_desa[plan.desa_index];
          v1::CreateBatchRequest create;
          create.set_request_id(NextRequestId());
          create.set_kabupaten_code(desa.kabupaten);
          AddIds(create, plan.ids);
          v1::Batch batch;
          grpc::Status s = c.review->CreateBatch(c.Context(dinsos).get(), create, &batch);
          if (!s.ok()) return Failed("CreateBatch", s);
          v1::RatifyBatchRequest ratify;
          ratify.set_request_id(NextRequestId());
          ratify.set_batch_id(batch.batch_id());
          ratify.set_letter_number("400/" + std::to_string(b + 1) + "/Dinsos/2026");
          ratify.set_letter_sha256(kHash);
          s = c.review->RatifyBatch(c.Context(actors_.regent_by_desa[plan.desa_index]).get(),
                                    ratify, &batch);
          if (!s.ok()) return Failed("RatifyBatch", s);
          v1::SubmitBatchRequest submit;
          submit.set_request_id(NextRequestId());
          submit.set_batch_id(batch.batch_id());
          s = c.review->SubmitBatch(c.Context(dinsos).get(), submit, &batch);
          if (!s.ok()) return Failed("SubmitBatch", s);
          v1::ForwardBatchRequest forward;
          forward.set_request_id(NextRequestId());
          forward.set_batch_id(batch.batch_id());
          s = c.review->ForwardBatch(c.Context(actors_.province_by_desa[plan.desa_index]).get(),
                                     forward, &batch);
          if (!s.ok()) return Failed("ForwardBatch", s);
          world_.batches[b] = batch.batch_id();
          world_.batch_sizes[b] = static_cast<int>(plan.ids.size());
          return absl::OkStatus();
        });
    std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    std::cerr << "setup: " << plans.size() << " batches to CENTRAL_REVIEW "
              << (status.ok() ? "done" : "FAILED") << " in " << took.count() << " s\n";
    return status;
  }

 private:
  const Server& server_;
  const Dataset& dataset_;
  const Actors& actors_;
  int threads_;
  World& world_;
};

}  // namespace

grpc::Status RecordVisit(Client& c, const std::string& id, const std::string& token) {
  v1::RecordVisitRequest request;
  request.set_request_id(NextRequestId());
  request.set_proposal_id(id);
  request.set_outcome(v1::VISIT_OUTCOME_COMPLETED);
  request.set_eligible(true);
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  request.mutable_visit_time()->set_seconds(now);  // just after the assignment
  request.add_evidence_sha256(kHash);
  request.mutable_location()->set_latitude(-6.595);
  request.mutable_location()->set_longitude(106.816);
  v1::Proposal out;
  return c.verification->RecordVisit(c.Context(token).get(), request, &out);
}

Actors::Actors(const Dataset& dataset, const Tokens& tokens) {
  std::map<std::string, std::string> minted;
  auto once = [&](Role role, const std::string& region) {
    std::string key = std::string(workflow::Name(role)) + "/" + region;
    auto found = minted.find(key);
    if (found == minted.end()) found = minted.emplace(key, tokens.For(role, region)).first;
    return found->second;
  };
  for (const Desa& desa : dataset.desa()) {
    operator_by_desa.push_back(once(Role::kVillageOperator, desa.code));
    head_by_desa.push_back(once(Role::kVillageHead, desa.code));
    dinsos_by_desa.push_back(once(Role::kDistrictOfficer, desa.kabupaten));
    verifier_by_desa.push_back(once(Role::kVerifier, desa.kabupaten));
    regent_by_desa.push_back(once(Role::kRegent, desa.kabupaten));
    province_by_desa.push_back(once(Role::kProvinceOfficer, desa.province));
  }
  pusdatin = once(Role::kCentralReviewer, "");
  auditor = once(Role::kAuditor, "");
}

absl::Status ParallelFor(const Server& server, int units, int threads,
                         const std::function<absl::Status(Client&, int)>& fn) {
  std::atomic<int> next{0};
  std::atomic<bool> failed{false};
  std::mutex mutex;
  absl::Status first;
  std::vector<std::thread> pool;
  for (int t = 0; t < std::max(1, std::min(threads, units)); ++t) {
    pool.emplace_back([&] {
      Client client(server);
      for (int unit = next++; unit < units && !failed; unit = next++) {
        absl::Status status = fn(client, unit);
        if (!status.ok()) {
          std::lock_guard<std::mutex> lock(mutex);
          if (first.ok()) first = status;
          failed = true;
        }
      }
    });
  }
  for (auto& thread : pool) thread.join();
  return first;
}

absl::Status Prepare(const Server& server, const Dataset& dataset, const Actors& actors,
                     Stage::Target target, int batch_size, int threads, World& world) {
  const size_t desa = dataset.desa().size();
  world.ids.assign(desa, std::vector<std::string>(dataset.size().households_per_desa));
  world.deliberation_by_desa.assign(desa, "");
  Preparer p(server, dataset, actors, threads, world);
  using std::placeholders::_1, std::placeholders::_2;
  if (absl::Status s =
          p.PerDesa("CreateProposal (DRAFT)", std::bind(&Preparer::Create, &p, _1, _2));
      !s.ok() || target == Stage::kDraft) {
    return s;
  }
  if (absl::Status s =
          p.PerDesa("SubmitProposal (PRELIST)", std::bind(&Preparer::Submit, &p, _1, _2));
      !s.ok() || target == Stage::kPrelist) {
    return s;
  }
  if (absl::Status s = p.PerDesa("Musdes agenda", std::bind(&Preparer::OpenAgenda, &p, _1, _2));
      !s.ok() || target == Stage::kOnAgenda) {
    return s;
  }
  if (absl::Status s = p.PerDesa("Musdes outcomes, close (AGREED)",
                                 std::bind(&Preparer::AgreeAndClose, &p, _1, _2));
      !s.ok() || target == Stage::kAgreed) {
    return s;
  }
  if (absl::Status s =
          p.PerDesa("AssignVerifier (IN_VERIFICATION)", std::bind(&Preparer::Assign, &p, _1, _2));
      !s.ok() || target == Stage::kInVerification) {
    return s;
  }
  if (absl::Status s =
          p.PerDesa("RecordVisit (VERIFIED)", std::bind(&Preparer::VisitAll, &p, _1, _2));
      !s.ok()) {
    return s;
  }
  if (absl::Status s = p.PerDesa("finalize, open review, approve (DISTRICT_APPROVED)",
                                 std::bind(&Preparer::ToDistrictApproved, &p, _1, _2));
      !s.ok()) {
    return s;
  }
  return p.Batches(batch_size);
}

}  // namespace usulan::bench
