// The refusal matrix's shared part (issue 3, extended by issue 15): who must be
// refused a step, and the check that every one of them is refused with
// PERMISSION_DENIED and changes nothing. transition_matrix_e2e_test.cc holds the
// VILLAGE route's transitions, route_matrix_e2e_test.cc those machine version 4
// added (the citizens', the district's, the central and PBI-JK routes, and the
// RegisterService calls of the central roles).
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "tests/e2e/lifecycle_driver.h"

namespace usulan::testing {

// Regions of the owning roles' levels that do not cover desa A (kDesaB is the
// neighbouring desa of the same kabupaten).
inline constexpr char kOtherKabupaten[] = "3202";
inline constexpr char kOtherProvince[] = "33";

// Someone calling the API: a token for `subject` (the fixture's "<role>@<region>"
// when empty) acting as `role` in `region`.
struct Caller {
  workflow::Role role;
  std::string region;
  std::string subject;
};

std::string Describe(const Caller& caller);

// The region of `role`'s level that covers desa A (national for national roles).
std::string HomeRegion(workflow::Role role);

// Regions of `role`'s level that do not cover desa A; none for the national roles,
// whose one region covers everything.
std::vector<std::string> ForeignRegions(workflow::Role role);

// Everyone who must be refused a step that `owners` own: every other role of
// workflow::kAllRoles in its home region, and (when `with_foreign`) every owner
// from each foreign region; all as `subject` when given. Without `with_foreign`
// for the steps whose scope is the caller's own region rather than an item's
// (a citizen files in their own desa; a region exports its own changes).
std::vector<Caller> RefusedCallers(const std::vector<workflow::Role>& owners,
                                   const std::string& subject = "", bool with_foreign = true);

class RefusalMatrixTest : public LifecycleTest {
 protected:
  using Call = std::function<grpc::Status(const std::string& token)>;
  using View = std::function<std::string()>;

  std::string TokenFor(const Caller& caller) const {
    return Token(caller.role, caller.region, caller.subject);
  }

  // `call` as every one of `callers`: each gets PERMISSION_DENIED and leaves what
  // `view` shows and the audit trail exactly as they were.
  void ExpectRefused(const std::vector<Caller>& callers, const Call& call, const View& view);

  // Everything a step could change, as the superuser reads it: every proposal's
  // id, state and version, every register entry's id, status and version, and
  // the number of rows of the audit trail, the register's history and the
  // idempotency records.
  std::string World() const;

  // "<id> <STATE> v<version>" per proposal, as Pusdatin reads them.
  std::string Proposals(const std::vector<std::string>& ids);

  v1::Batch GetBatch(const std::string& batch_id);
  // The batch's status and version, its members' membership, and the members.
  std::string BatchView(const std::string& batch_id);
  static std::vector<std::string> MemberIds(const v1::Batch& batch);

  std::vector<v1::Transition> History(const std::string& id);

  // The proposal is in `state`, and the last `events` of its audit trail were made
  // by `role` (the owning role, or the system for its own steps), oldest first.
  void ExpectMoved(const std::string& id, v1::ProposalState state,
                   const std::vector<std::pair<std::string, workflow::Role>>& events);

  grpc::Status ReturnProposal(const std::string& id, const std::string& token);
  grpc::Status OpenReviewOf(const std::string& id, const std::string& token);
};

}  // namespace usulan::testing
