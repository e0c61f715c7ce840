#include "tests/e2e/refusal_matrix.h"

#include <algorithm>

#include "base/string_view_compat.h"

namespace usulan::testing {

using workflow::Role;

std::string Describe(const Caller& caller) {
  return base::Concat("caller ", workflow::Name(caller.role), " of region \"", caller.region, "\"",
                      caller.subject.empty() ? "" : " as ", caller.subject);
}

std::string HomeRegion(Role role) {
  switch (role) {
    case Role::kVillageOperator:
    case Role::kVillageHead:
    case Role::kCitizen:
      return kDesaA;
    case Role::kVerifier:
    case Role::kDistrictOfficer:
    case Role::kRegent:
      return kKabupaten;
    case Role::kProvinceOfficer:
      return kProvince;
    case Role::kCentralReviewer:
    case Role::kSystem:
    case Role::kAuditor:
      return "";
  }
  return "";
}

std::vector<std::string> ForeignRegions(Role role) {
  switch (role) {
    case Role::kVillageOperator:
    case Role::kVillageHead:
    case Role::kCitizen:
      return {kDesaB};
    case Role::kVerifier:  // hired by a kabupaten or by a desa
      return {kOtherKabupaten, kDesaB};
    case Role::kDistrictOfficer:
    case Role::kRegent:
      return {kOtherKabupaten};
    case Role::kProvinceOfficer:
      return {kOtherProvince};
    case Role::kCentralReviewer:
    case Role::kSystem:
    case Role::kAuditor:
      return {};
  }
  return {};
}

std::vector<Caller> RefusedCallers(const std::vector<Role>& owners, const std::string& subject,
                                   bool with_foreign) {
  std::vector<Caller> callers;
  for (Role role : workflow::kAllRoles) {
    if (std::find(owners.begin(), owners.end(), role) == owners.end()) {
      callers.push_back({role, HomeRegion(role), subject});
    }
  }
  if (!with_foreign) return callers;
  for (Role role : owners) {
    for (const std::string& region : ForeignRegions(role)) {
      callers.push_back({role, region, subject});
    }
  }
  return callers;
}

void RefusalMatrixTest::ExpectRefused(const std::vector<Caller>& callers, const Call& call,
                                      const View& view) {
  ASSERT_FALSE(callers.empty());
  const std::string before = view();
  const int64_t transitions = CountRows("transitions");
  for (const Caller& caller : callers) {
    SCOPED_TRACE(Describe(caller));
    grpc::Status status = call(TokenFor(caller));
    EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED)
        << "message: " << status.error_message();
    EXPECT_EQ(view(), before);
    EXPECT_EQ(CountRows("transitions"), transitions);
  }
}

std::string RefusalMatrixTest::World() const {
  return database_->QueryValueAsSuperuser(
      "SELECT concat_ws(E'\\n', "
      "(SELECT string_agg(id::text || ' ' || state || ' v' || version, ', ' ORDER BY id) "
      "FROM proposals), "
      "(SELECT string_agg(id::text || ' ' || status || ' v' || version, ', ' ORDER BY id) "
      "FROM register_entries), "
      "'transitions ' || (SELECT count(*) FROM transitions), "
      "'register_history ' || (SELECT count(*) FROM register_history), "
      "'idempotency ' || (SELECT count(*) FROM idempotency))");
}

std::string RefusalMatrixTest::Proposals(const std::vector<std::string>& ids) {
  std::string out;
  for (const auto& id : ids) {
    v1::Proposal p = Get(id);
    out += base::Concat(id, " ", v1::ProposalState_Name(p.state()), " v", p.version(), "\n");
  }
  return out;
}

v1::Batch RefusalMatrixTest::GetBatch(const std::string& batch_id) {
  v1::GetBatchRequest request;
  request.set_batch_id(batch_id);
  v1::Batch out;
  grpc::Status status = review_->GetBatch(Context(DinsosToken()).get(), request, &out);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return out;
}

std::string RefusalMatrixTest::BatchView(const std::string& batch_id) {
  v1::Batch batch = GetBatch(batch_id);
  std::string out = base::Concat(v1::BatchStatus_Name(batch.status()), " v", batch.version(), "\n");
  std::vector<std::string> ids;
  for (const auto& m : batch.members()) {
    out += base::Concat(m.proposal_id(), m.open() ? " open\n" : " left\n");
    ids.push_back(m.proposal_id());
  }
  return out + Proposals(ids);
}

std::vector<std::string> RefusalMatrixTest::MemberIds(const v1::Batch& batch) {
  std::vector<std::string> ids;
  for (const auto& m : batch.members()) ids.push_back(m.proposal_id());
  return ids;
}

std::vector<v1::Transition> RefusalMatrixTest::History(const std::string& id) {
  const v1::GetHistoryResponse out = E2eTest::History(id, PusdatinToken());
  return {out.transitions().begin(), out.transitions().end()};
}

void RefusalMatrixTest::ExpectMoved(const std::string& id, v1::ProposalState state,
                                    const std::vector<std::pair<std::string, Role>>& events) {
  SCOPED_TRACE("proposal " + id);
  EXPECT_EQ(v1::ProposalState_Name(StateOf(id)), v1::ProposalState_Name(state));
  std::vector<v1::Transition> history = History(id);
  ASSERT_GE(history.size(), events.size());
  const size_t first = history.size() - events.size();
  for (size_t i = 0; i < events.size(); ++i) {
    EXPECT_EQ(history[first + i].event(), events[i].first);
    EXPECT_EQ(history[first + i].role(), workflow::Name(events[i].second));
  }
}

grpc::Status RefusalMatrixTest::ReturnProposal(const std::string& id, const std::string& token) {
  v1::ReturnProposalRequest request;
  request.set_request_id(NextRequestId());
  request.set_proposal_id(id);
  request.set_reason("income data contradicts the field photos");
  v1::Proposal out;
  return review_->ReturnProposal(Context(token).get(), request, &out);
}

grpc::Status RefusalMatrixTest::OpenReviewOf(const std::string& id, const std::string& token) {
  v1::OpenReviewRequest request;
  request.set_request_id(NextRequestId());
  request.add_proposal_ids(id);
  v1::ProposalsChanged out;
  return review_->OpenReview(Context(token).get(), request, &out);
}

}  // namespace usulan::testing
