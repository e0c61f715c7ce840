// Every path that locks several proposals takes the row locks in one order (the
// proposals' ids, as PostgreSQL orders uuids), so two calls whose sets overlap can
// only wait for each other, never deadlock. The test sends two agenda calls that
// list the same proposals in opposite orders, released together, many times: a
// deadlock would come back as PostgreSQL's 40P01, ABORTED "conflicted with a
// concurrent one". Locking in request order (as AddToAgenda once did) deadlocks in
// most rounds.
#include <latch>
#include <thread>

#include "tests/e2e/lifecycle_driver.h"

namespace usulan::testing {
namespace {

constexpr int kProposals = 12;
constexpr int kRounds = 15;

using LockOrderE2eTest = LifecycleTest;

TEST_F(LockOrderE2eTest, OverlappingAgendaCallsInOppositeOrdersNeverDeadlock) {
  std::vector<std::string> ids = Prelisted(kDesaA, 1, kProposals);
  std::vector<std::string> reversed(ids.rbegin(), ids.rend());
  const std::string first = OpenDeliberation().deliberation_id();
  const std::string second = OpenDeliberation().deliberation_id();
  const std::string token = HeadToken();

  int added = 0;
  for (int round = 0; round < kRounds; ++round) {
    v1::AddToAgendaRequest a, b;
    a.set_request_id(NextRequestId());
    a.set_deliberation_id(first);
    for (const auto& id : ids) a.add_proposal_ids(id);
    b.set_request_id(NextRequestId());
    b.set_deliberation_id(second);
    for (const auto& id : reversed) b.add_proposal_ids(id);

    grpc::Status status_a, status_b;
    std::latch start(2);
    std::thread ta([&] {
      v1::Deliberation out;
      start.arrive_and_wait();
      status_a = deliberations_->AddToAgenda(Context(token).get(), a, &out);
    });
    std::thread tb([&] {
      v1::Deliberation out;
      start.arrive_and_wait();
      status_b = deliberations_->AddToAgenda(Context(token).get(), b, &out);
    });
    ta.join();
    tb.join();
    // Each call either puts the proposals on its agenda or finds them on the
    // other's (ALREADY_EXISTS); never a deadlock victim.
    for (const grpc::Status& status : {status_a, status_b}) {
      ASSERT_TRUE(status.ok() || status.error_code() == grpc::StatusCode::ALREADY_EXISTS)
          << "round " << round << ": " << status.error_code() << " " << status.error_message();
      if (status.ok()) ++added;
    }
  }
  // The proposals went on exactly one agenda, once.
  EXPECT_EQ(added, 1);
}

}  // namespace
}  // namespace usulan::testing
