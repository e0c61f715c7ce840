// Group commit (app/group_commit.h) through the real server: concurrent
// single-proposal changes released together so that they share a group, with a
// window long enough that they really do (proved by the transaction ids of the
// rows they wrote). Each request must still be decided, refused and answered on its
// own; a group whose transaction fails as a whole falls back to one transaction per
// request. Also a large batch decision, which moves all members set-based.
#include <google/protobuf/util/message_differencer.h>

#include <latch>
#include <map>
#include <set>
#include <thread>

#include "absl/strings/ascii.h"
#include "tests/e2e/lifecycle_driver.h"

namespace usulan::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using google::protobuf::util::MessageDifferencer;

// Long enough that calls released together reach the server within one window
// even on a loaded machine; the tests never sleep on it.
constexpr std::chrono::milliseconds kWindow{40};
constexpr char kUnknownProposal[] = "00000000-0000-4000-8000-000000000abc";

// Runs call(i) for i in [0, n) on n threads released together by a latch.
template <typename Call>
void Burst(size_t n, const Call& call) {
  std::latch start(static_cast<std::ptrdiff_t>(n));
  std::vector<std::thread> threads;
  threads.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      call(i);
    });
  }
  for (std::thread& thread : threads) thread.join();
}

// "'a','b'": request ids (test-made, [A-Za-z0-9-]) as an SQL list.
std::string SqlList(const std::vector<std::string>& values) {
  std::string out;
  for (const std::string& value : values) {
    if (!out.empty()) out += ',';
    out += "'" + value + "'";
  }
  return out;
}

struct Answer {
  grpc::Status status;
  v1::Proposal proposal;
};

struct VisitCall {
  v1::RecordVisitRequest request;
  std::string token;
};

class GroupCommitE2eTest : public LifecycleTest {
 protected:
  void ConfigureServer(server::ServerOptions& options) override {
    options.group_commit.window = kWindow;
    options.group_commit.writers = 2;
  }

  // Proposals of desa A in IN_VERIFICATION, assigned to kVerifier.
  std::vector<std::string> InVerification(int first, int count) {
    std::vector<std::string> ids = ToAgreed(first, count);
    AssignVerifier(ids);
    return ids;
  }

  v1::RecordVisitRequest Visit(const std::string& id, bool eligible = true) {
    v1::RecordVisitRequest request;
    request.set_request_id(NextRequestId());
    request.set_proposal_id(id);
    request.set_outcome(v1::VISIT_OUTCOME_COMPLETED);
    request.set_eligible(eligible);
    request.mutable_visit_time()->set_seconds(base::UnixSeconds(clock_.Now()));
    request.add_evidence_sha256(kDocHash);
    if (!eligible) request.set_reason("household owns a car and a shop");
    return request;
  }

  VisitCall ByVerifier(v1::RecordVisitRequest request) {
    return {std::move(request), VerifierToken()};
  }

  std::vector<Answer> SendVisits(const std::vector<VisitCall>& calls) {
    std::vector<Answer> answers(calls.size());
    Burst(calls.size(), [&](size_t i) {
      answers[i].status = verification_->RecordVisit(Context(calls[i].token).get(),
                                                     calls[i].request, &answers[i].proposal);
    });
    return answers;
  }

  v1::VerifyChainResponse VerifyEverything() {
    v1::VerifyChainRequest request;
    request.set_everything(true);
    v1::VerifyChainResponse response;
    grpc::Status status = audit_->VerifyChain(Context(PusdatinToken()).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  v1::VerifyChainResponse VerifyProposal(const std::string& id) {
    v1::VerifyChainRequest request;
    request.set_proposal_id(id);
    v1::VerifyChainResponse response;
    grpc::Status status = audit_->VerifyChain(Context(PusdatinToken()).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  int64_t Query(const std::string& sql) const {
    return std::stoll(database_->QueryValueAsSuperuser(sql));
  }

  // Transitions written for these request ids.
  int64_t TransitionsOf(const std::vector<std::string>& request_ids) const {
    return Query("SELECT count(*) FROM transitions WHERE request_id IN (" +
                 SqlList(request_ids) + ")");
  }
  // Distinct transactions (xmin) that wrote them, and the most rows one wrote.
  int64_t TransactionsOf(const std::vector<std::string>& request_ids) const {
    return Query("SELECT count(DISTINCT xmin::text) FROM transitions WHERE request_id IN (" +
                 SqlList(request_ids) + ")");
  }
  int64_t LargestTransactionOf(const std::vector<std::string>& request_ids) const {
    return Query(
        "SELECT coalesce(max(n), 0) FROM (SELECT count(*) AS n FROM transitions "
        "WHERE request_id IN (" +
        SqlList(request_ids) + ") GROUP BY xmin::text) g");
  }
  int64_t StoredAnswersOf(const std::vector<std::string>& request_ids) const {
    return Query("SELECT count(*) FROM idempotency WHERE request_id IN (" +
                 SqlList(request_ids) + ")");
  }
  // (proposal, sequence) pairs held by more than one audit row.
  int64_t DuplicateSequences() const {
    return Query(
        "SELECT count(*) FROM (SELECT 1 FROM transitions GROUP BY proposal_id, sequence "
        "HAVING count(*) > 1) d");
  }

  void ExpectSameAnswer(const v1::Proposal& answer, const v1::Proposal& stored) {
    std::string diff;
    MessageDifferencer differencer;
    // What the caller may do next is GetProposal's answer to its own caller, not
    // part of the stored proposal.
    differencer.IgnoreField(v1::Proposal::descriptor()->FindFieldByName("allowed_events"));
    differencer.ReportDifferencesToString(&diff);
    EXPECT_TRUE(differencer.Compare(answer, stored)) << diff;
  }

  void ExpectChainsVerify() {
    const v1::VerifyChainResponse verified = VerifyEverything();
    EXPECT_TRUE(verified.ok()) << verified.DebugString();
    EXPECT_EQ(verified.transitions_checked(), CountRows("transitions"));
    EXPECT_EQ(DuplicateSequences(), 0);
  }
};

TEST_F(GroupCommitE2eTest, ConcurrentVisitsOfDistinctProposalsShareATransactionAndAllSucceed) {
  constexpr int kCount = 48;
  const std::vector<std::string> ids = InVerification(1, kCount);
  std::vector<VisitCall> calls;
  std::vector<int64_t> versions;
  std::vector<std::string> request_ids;
  for (const std::string& id : ids) {
    versions.push_back(Get(id).version());
    // Every fifth one names its proposal in upper case: still that proposal.
    v1::RecordVisitRequest request = Visit(calls.size() % 5 == 0 ? absl::AsciiStrToUpper(id) : id);
    request.set_expected_version(versions.back());
    request_ids.push_back(request.request_id());
    calls.push_back(ByVerifier(request));
  }
  const int64_t transitions = CountRows("transitions");

  const std::vector<Answer> answers = SendVisits(calls);

  for (int i = 0; i < kCount; ++i) {
    SCOPED_TRACE(ids[i]);
    ASSERT_TRUE(answers[i].status.ok()) << answers[i].status.error_message();
    EXPECT_EQ(answers[i].proposal.proposal_id(), ids[i]);
    EXPECT_EQ(answers[i].proposal.state(), v1::PROPOSAL_STATE_VERIFIED);
    EXPECT_EQ(answers[i].proposal.version(), versions[i] + 1);
    // The answer is the proposal as committed, household included.
    ExpectSameAnswer(answers[i].proposal, Get(ids[i]));
    EXPECT_EQ(answers[i].proposal.household().members_size(), 3);
  }
  EXPECT_EQ(CountRows("transitions"), transitions + kCount);
  EXPECT_EQ(TransitionsOf(request_ids), kCount);
  EXPECT_EQ(StoredAnswersOf(request_ids), kCount);
  // Each stored answer holds a household, so it names its proposal: erasing the
  // household's personal data must find it.
  EXPECT_EQ(Query("SELECT count(*) FROM idempotency WHERE request_id IN (" +
                  SqlList(request_ids) + ") AND proposal_id::text = ANY (ARRAY[" +
                  SqlList(ids) + "])"),
            kCount);
  // Grouped: far fewer transactions than requests, and one of them wrote many.
  EXPECT_LE(TransactionsOf(request_ids), kCount / 4);
  EXPECT_GE(LargestTransactionOf(request_ids), 8);
  // Rows of one transaction carry its one timestamp.
  EXPECT_EQ(Query("SELECT count(*) FROM (SELECT 1 FROM transitions WHERE request_id IN (" +
                  SqlList(request_ids) + ") GROUP BY xmin::text HAVING count(DISTINCT at) > 1) g"),
            0);
  ExpectChainsVerify();

  // Repeats, again all at once, replay the stored answers and write nothing.
  const std::vector<Answer> replays = SendVisits(calls);
  for (int i = 0; i < kCount; ++i) {
    ASSERT_TRUE(replays[i].status.ok()) << replays[i].status.error_message();
    ExpectSameAnswer(replays[i].proposal, answers[i].proposal);
  }
  EXPECT_EQ(CountRows("transitions"), transitions + kCount);
}

TEST_F(GroupCommitE2eTest, RefusalsInABurstAreTheirOwnAndTheirRequestIdsCanBeReused) {
  const std::vector<std::string> ids = InVerification(1, 36);
  std::map<std::string, int64_t> versions;
  for (const std::string& id : ids) versions[id] = Get(id).version();

  std::vector<VisitCall> calls;
  std::vector<grpc::StatusCode> expected;
  std::vector<std::string> accepted_ids;
  for (int i = 0; i < 30; ++i) {  // good ones
    calls.push_back(ByVerifier(Visit(ids[i])));
    expected.push_back(grpc::StatusCode::OK);
    accepted_ids.push_back(calls.back().request.request_id());
  }
  for (int i = 30; i < 33; ++i) {  // stale expected_version
    v1::RecordVisitRequest request = Visit(ids[i]);
    request.set_expected_version(versions[ids[i]] - 1);
    calls.push_back(ByVerifier(request));
    expected.push_back(grpc::StatusCode::ABORTED);
  }
  for (int i = 33; i < 35; ++i) {  // the assigned verifier, but out of their region
    calls.push_back({Visit(ids[i]), VerifierToken(kOtherKabupatenDesa)});
    expected.push_back(grpc::StatusCode::PERMISSION_DENIED);
  }
  // A verifier of the region, but not the one assigned.
  calls.push_back({Visit(ids[35]), Token(workflow::Role::kVerifier, kKabupaten, "verifier.other")});
  expected.push_back(grpc::StatusCode::PERMISSION_DENIED);
  calls.push_back(ByVerifier(Visit(kUnknownProposal)));
  expected.push_back(grpc::StatusCode::NOT_FOUND);
  std::vector<std::string> refused_ids;
  for (size_t i = 30; i < calls.size(); ++i) refused_ids.push_back(calls[i].request.request_id());
  const int64_t transitions = CountRows("transitions");

  const std::vector<Answer> answers = SendVisits(calls);

  for (size_t i = 0; i < calls.size(); ++i) {
    SCOPED_TRACE(calls[i].request.proposal_id());
    EXPECT_EQ(answers[i].status.error_code(), expected[i]) << answers[i].status.error_message();
    if (expected[i] == grpc::StatusCode::OK) {
      EXPECT_EQ(answers[i].proposal.state(), v1::PROPOSAL_STATE_VERIFIED);
    } else {
      EXPECT_THAT(answers[i].status.error_message(), Not(HasSubstr("SELECT")));
    }
  }
  EXPECT_THAT(answers[30].status.error_message(), HasSubstr("stale"));
  EXPECT_EQ(CountRows("transitions"), transitions + 30);
  EXPECT_EQ(TransitionsOf(accepted_ids), 30);
  EXPECT_LE(TransactionsOf(accepted_ids), 30 / 4);
  // The refused proposals did not move; their claims were given back.
  for (int i = 30; i < 36; ++i) {
    const v1::Proposal now = Get(ids[i]);
    EXPECT_EQ(now.state(), v1::PROPOSAL_STATE_IN_VERIFICATION) << ids[i];
    EXPECT_EQ(now.version(), versions[ids[i]]) << ids[i];
  }
  EXPECT_EQ(StoredAnswersOf(refused_ids), 0);
  EXPECT_EQ(StoredAnswersOf(accepted_ids), 30);
  ExpectChainsVerify();

  // The same request ids, now with a body that can succeed (the stale ones get the
  // right version), all at once again: claimed afresh, not refused as reused.
  std::vector<VisitCall> again;
  for (int i = 30; i < 33; ++i) {
    VisitCall call = calls[i];
    call.request.set_expected_version(versions[ids[i]]);
    again.push_back(call);
  }
  for (int i = 33; i < 35; ++i) {
    // Same subject, same body: only the region of the token differs.
    again.push_back({calls[i].request, VerifierToken()});
  }
  const std::vector<Answer> retried = SendVisits(again);
  for (size_t i = 0; i < again.size(); ++i) {
    EXPECT_TRUE(retried[i].status.ok()) << retried[i].status.error_message();
    EXPECT_EQ(retried[i].proposal.state(), v1::PROPOSAL_STATE_VERIFIED);
  }
  EXPECT_EQ(CountRows("transitions"), transitions + 35);
  ExpectChainsVerify();
}

TEST_F(GroupCommitE2eTest, OneRequestIdSentConcurrentlyMovesOnceAndAnswersAlike) {
  const std::vector<std::string> ids = InVerification(1, 15);
  const int64_t transitions = CountRows("transitions");
  std::vector<VisitCall> calls;
  // ids[0]: the same request three times.
  const v1::RecordVisitRequest same = Visit(ids[0]);
  for (int i = 0; i < 3; ++i) calls.push_back(ByVerifier(same));
  // ids[1]: one request id, two bodies (two calls each).
  const v1::RecordVisitRequest body_a = Visit(ids[1]);
  v1::RecordVisitRequest body_b = Visit(ids[1], /*eligible=*/false);
  body_b.set_request_id(body_a.request_id());
  for (int i = 0; i < 2; ++i) {
    calls.push_back(ByVerifier(body_a));
    calls.push_back(ByVerifier(body_b));
  }
  // ids[14]: one refused request three times: each copy is refused alike (the
  // one that waited for another's claim finds it given back and claims afresh).
  v1::RecordVisitRequest stale = Visit(ids[14]);
  stale.set_expected_version(Get(ids[14]).version() + 5);
  // The rest: distinct requests that must not be disturbed.
  for (size_t i = 2; i < ids.size() - 1; ++i) calls.push_back(ByVerifier(Visit(ids[i])));
  const size_t first_stale = calls.size();
  for (int i = 0; i < 3; ++i) calls.push_back(ByVerifier(stale));

  const std::vector<Answer> answers = SendVisits(calls);

  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(answers[i].status.ok()) << answers[i].status.error_message();
    ExpectSameAnswer(answers[i].proposal, answers[0].proposal);
  }
  EXPECT_EQ(answers[0].proposal.state(), v1::PROPOSAL_STATE_VERIFIED);
  EXPECT_EQ(TransitionsOf({same.request_id()}), 1);

  // Whichever body came first won; every call with the other one is refused.
  const bool a_won = answers[3].status.ok() || answers[5].status.ok();
  for (int i = 3; i < 7; ++i) {
    const bool is_a = i % 2 == 1;
    if (is_a == a_won) {
      ASSERT_TRUE(answers[i].status.ok()) << answers[i].status.error_message();
      ExpectSameAnswer(answers[i].proposal, answers[a_won ? 3 : 4].proposal);
      EXPECT_EQ(answers[i].proposal.state(),
                a_won ? v1::PROPOSAL_STATE_VERIFIED : v1::PROPOSAL_STATE_NOT_ELIGIBLE);
    } else {
      EXPECT_EQ(answers[i].status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
          << answers[i].status.error_message();
      EXPECT_THAT(answers[i].status.error_message(), HasSubstr("request_id"));
    }
  }
  EXPECT_EQ(TransitionsOf({body_a.request_id()}), 1);
  for (size_t i = first_stale; i < calls.size(); ++i) {
    EXPECT_EQ(answers[i].status.error_code(), grpc::StatusCode::ABORTED)
        << answers[i].status.error_message();
    EXPECT_THAT(answers[i].status.error_message(), HasSubstr("stale"));
  }
  EXPECT_EQ(StoredAnswersOf({stale.request_id()}), 0);
  EXPECT_EQ(Get(ids[14]).state(), v1::PROPOSAL_STATE_IN_VERIFICATION);
  std::vector<std::string> others;
  for (size_t i = 7; i < first_stale; ++i) {
    EXPECT_TRUE(answers[i].status.ok()) << answers[i].status.error_message();
    others.push_back(calls[i].request.request_id());
  }
  // The repeats waited for a later group instead of breaking this one (which
  // would have been retried request by request).
  EXPECT_LE(TransactionsOf(others), static_cast<int64_t>(others.size()) / 3);
  EXPECT_EQ(CountRows("transitions"), transitions + static_cast<int64_t>(ids.size()) - 1);

  // Later, alone: the winner replays, the loser is still refused.
  v1::Proposal replay;
  grpc::Status status = verification_->RecordVisit(Context(VerifierToken()).get(),
                                                   a_won ? body_a : body_b, &replay);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ExpectSameAnswer(replay, Get(ids[1]));
  status = verification_->RecordVisit(Context(VerifierToken()).get(), a_won ? body_b : body_a,
                                      &replay);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
  ExpectChainsVerify();
}

TEST_F(GroupCommitE2eTest, TwoRequestsForOneProposalInABurstMoveItOnce) {
  const std::vector<std::string> ids = InVerification(1, 14);
  std::map<std::string, int64_t> versions;
  for (const std::string& id : ids) versions[id] = Get(id).version();
  const int64_t transitions = CountRows("transitions");
  std::vector<VisitCall> calls;
  // ids[0]: two visits without expected_version: the second finds it VERIFIED.
  calls.push_back(ByVerifier(Visit(ids[0])));
  calls.push_back(ByVerifier(Visit(ids[0])));
  // ids[1]: two visits expecting the same version: the second is stale, but finds
  // the proposal VERIFIED, which refuses it first (state before version).
  for (int i = 0; i < 2; ++i) {
    v1::RecordVisitRequest request = Visit(ids[1]);
    request.set_expected_version(versions[ids[1]]);
    calls.push_back(ByVerifier(request));
  }
  // ids[2]: eligible and not eligible: whichever is first decides the state.
  calls.push_back(ByVerifier(Visit(ids[2], true)));
  calls.push_back(ByVerifier(Visit(ids[2], false)));
  // ids[3]: once spelled in upper case: still the same proposal.
  calls.push_back(ByVerifier(Visit(absl::AsciiStrToUpper(ids[3]))));
  calls.push_back(ByVerifier(Visit(ids[3])));
  for (size_t i = 4; i < ids.size(); ++i) calls.push_back(ByVerifier(Visit(ids[i])));
  std::vector<std::string> request_ids;
  for (const VisitCall& call : calls) request_ids.push_back(call.request.request_id());

  const std::vector<Answer> answers = SendVisits(calls);

  const grpc::StatusCode loser_code[] = {grpc::StatusCode::FAILED_PRECONDITION,
                                         grpc::StatusCode::FAILED_PRECONDITION,
                                         grpc::StatusCode::FAILED_PRECONDITION,
                                         grpc::StatusCode::FAILED_PRECONDITION};
  for (int p = 0; p < 4; ++p) {
    SCOPED_TRACE(ids[p]);
    const Answer& first = answers[2 * p];
    const Answer& second = answers[2 * p + 1];
    ASSERT_NE(first.status.ok(), second.status.ok())
        << first.status.error_message() << " / " << second.status.error_message();
    const Answer& winner = first.status.ok() ? first : second;
    const Answer& loser = first.status.ok() ? second : first;
    EXPECT_EQ(loser.status.error_code(), loser_code[p]) << loser.status.error_message();
    EXPECT_EQ(winner.proposal.version(), versions[ids[p]] + 1);
    ExpectSameAnswer(winner.proposal, Get(ids[p]));
    EXPECT_EQ(Query("SELECT count(*) FROM transitions WHERE proposal_id = '" + ids[p] +
                    "' AND sequence > " + std::to_string(versions[ids[p]])),
              1);
    // The loser's claim was given back.
    EXPECT_EQ(StoredAnswersOf({calls[&loser == &first ? 2 * p : 2 * p + 1].request.request_id()}),
              0);
  }
  EXPECT_EQ(answers[4].status.ok() ? answers[4].proposal.state() : answers[5].proposal.state(),
            answers[4].status.ok() ? v1::PROPOSAL_STATE_VERIFIED : v1::PROPOSAL_STATE_NOT_ELIGIBLE);
  for (size_t i = 8; i < calls.size(); ++i) {
    EXPECT_TRUE(answers[i].status.ok()) << answers[i].status.error_message();
  }
  EXPECT_EQ(CountRows("transitions"), transitions + static_cast<int64_t>(ids.size()));
  EXPECT_EQ(TransitionsOf(request_ids), static_cast<int64_t>(ids.size()));
  ExpectChainsVerify();
}

TEST_F(GroupCommitE2eTest, GroupedSubmissionsAskTheRegistryEachAndLandInMismatchOnTheirOwn) {
  constexpr int kCount = 24;
  constexpr int kVisits = 8;
  // Visits of other proposals travel in the same burst: one group, two RPCs.
  const std::vector<std::string> visited = InVerification(101, kVisits);
  std::vector<VisitCall> visits;
  for (const std::string& id : visited) visits.push_back(ByVerifier(Visit(id)));
  std::vector<std::string> ids;
  std::set<std::string> mismatched;
  for (int seed = 1; seed <= kCount; ++seed) {
    v1::CreateProposalRequest request = NewProposal(kDesaA, seed);
    if (seed % 4 == 0) {
      // The third member is unknown to the civil registry.
      request.mutable_household()->mutable_members(2)->set_nik(
          MakeNik(kKecamatan, "2010-01-01", false, 9000 + seed));
    }
    v1::Proposal created;
    grpc::Status status =
        proposals_->CreateProposal(Context(OperatorToken()).get(), request, &created);
    ASSERT_TRUE(status.ok()) << status.error_message();
    ids.push_back(created.proposal_id());
    if (seed % 4 == 0) mismatched.insert(created.proposal_id());
  }
  std::vector<v1::SubmitProposalRequest> submits;
  std::vector<std::string> request_ids;
  for (const std::string& id : ids) {
    v1::SubmitProposalRequest submit;
    submit.set_request_id(NextRequestId());
    submit.set_proposal_id(id);
    request_ids.push_back(submit.request_id());
    submits.push_back(submit);
  }
  const int64_t transitions = CountRows("transitions");

  std::vector<Answer> answers(submits.size());
  std::vector<Answer> visit_answers(visits.size());
  Burst(submits.size() + visits.size(), [&](size_t i) {
    if (i < submits.size()) {
      answers[i].status = proposals_->SubmitProposal(Context(OperatorToken()).get(), submits[i],
                                                     &answers[i].proposal);
    } else {
      Answer& answer = visit_answers[i - submits.size()];
      const VisitCall& call = visits[i - submits.size()];
      answer.status =
          verification_->RecordVisit(Context(call.token).get(), call.request, &answer.proposal);
    }
  });
  for (size_t i = 0; i < visits.size(); ++i) {
    ASSERT_TRUE(visit_answers[i].status.ok()) << visit_answers[i].status.error_message();
    EXPECT_EQ(visit_answers[i].proposal.state(), v1::PROPOSAL_STATE_VERIFIED);
    ExpectSameAnswer(visit_answers[i].proposal, Get(visited[i]));
  }

  for (size_t i = 0; i < ids.size(); ++i) {
    SCOPED_TRACE(ids[i]);
    ASSERT_TRUE(answers[i].status.ok()) << answers[i].status.error_message();
    const bool mismatch = mismatched.count(ids[i]) > 0;
    EXPECT_EQ(answers[i].proposal.state(),
              mismatch ? v1::PROPOSAL_STATE_NIK_MISMATCH : v1::PROPOSAL_STATE_PRELIST);
    if (mismatch) {
      EXPECT_THAT(answers[i].proposal.nik_mismatch_members(), ::testing::ElementsAre(3));
    } else {
      EXPECT_TRUE(answers[i].proposal.nik_mismatch_members().empty());
    }
    EXPECT_EQ(answers[i].proposal.version(), 3);  // created, submitted, NIK checked
    ExpectSameAnswer(answers[i].proposal, Get(ids[i]));
  }
  // Two audit rows per submission (submit, nik_checked), grouped.
  EXPECT_EQ(CountRows("transitions"), transitions + 2 * kCount + kVisits);
  EXPECT_EQ(TransitionsOf(request_ids), 2 * kCount);
  EXPECT_LE(TransactionsOf(request_ids), kCount / 4);
  EXPECT_EQ(Query("SELECT count(*) FROM proposals WHERE cardinality(nik_mismatch_members) > 0"),
            static_cast<int64_t>(mismatched.size()));
  ExpectChainsVerify();
}

TEST_F(GroupCommitE2eTest, CheckpointsTakenWhileGroupsAreWrittenCoverEveryRowOnce) {
  constexpr int kVisits = 30;
  constexpr int kCheckpoints = 4;
  const std::vector<std::string> ids = InVerification(1, kVisits);
  std::vector<VisitCall> calls;
  for (const std::string& id : ids) calls.push_back(ByVerifier(Visit(id)));
  std::vector<v1::CreateCheckpointRequest> checkpoints(kCheckpoints + 1);
  for (auto& checkpoint : checkpoints) checkpoint.set_request_id(NextRequestId());
  const std::string auditor = Token(workflow::Role::kAuditor, "", "auditor.bpk");

  std::vector<Answer> answers(kVisits);
  std::vector<grpc::Status> checkpointed(kCheckpoints);
  Burst(kVisits + kCheckpoints, [&](size_t i) {
    if (i < kVisits) {
      answers[i].status = verification_->RecordVisit(Context(calls[i].token).get(),
                                                     calls[i].request, &answers[i].proposal);
    } else {
      v1::CreateCheckpointResponse response;
      checkpointed[i - kVisits] = audit_->CreateCheckpoint(Context(auditor).get(),
                                                           checkpoints[i - kVisits], &response);
    }
  });
  for (const Answer& answer : answers) {
    EXPECT_TRUE(answer.status.ok()) << answer.status.error_message();
  }
  for (const grpc::Status& status : checkpointed) {
    EXPECT_TRUE(status.ok()) << status.error_message();
  }
  // A last one covers whatever came after the others.
  v1::CreateCheckpointResponse last;
  grpc::Status status =
      audit_->CreateCheckpoint(Context(auditor).get(), checkpoints.back(), &last);
  ASSERT_TRUE(status.ok()) << status.error_message();

  const v1::VerifyChainResponse verified = VerifyEverything();
  EXPECT_TRUE(verified.ok()) << verified.DebugString();
  EXPECT_EQ(verified.transitions_checked(), CountRows("transitions"));
  EXPECT_EQ(verified.transitions_not_checkpointed(), 0);
  EXPECT_GE(verified.checkpoints_checked(), 1);
  EXPECT_EQ(verified.checkpoint_roots_recomputed(), verified.checkpoints_checked());
}

TEST_F(GroupCommitE2eTest, AGroupThatFailsAsAWholeIsRetriedRequestByRequest) {
  constexpr int kCount = 24;
  const std::vector<std::string> ids = InVerification(1, kCount);
  // The database refuses every further audit row of one proposal (a constraint
  // a superuser added): its transition fails the whole group's transaction.
  const std::string& broken = ids[7];
  const int64_t broken_version = Get(broken).version();
  database_->ExecAsSuperuser("ALTER TABLE transitions ADD CONSTRAINT test_refuses_one "
                             "CHECK (proposal_id <> '" + broken + "') NOT VALID");
  std::vector<VisitCall> calls;
  std::vector<std::string> good_request_ids;
  for (const std::string& id : ids) {
    calls.push_back(ByVerifier(Visit(id)));
    if (id != broken) good_request_ids.push_back(calls.back().request.request_id());
  }
  const int64_t transitions = CountRows("transitions");

  const std::vector<Answer> answers = SendVisits(calls);

  for (int i = 0; i < kCount; ++i) {
    SCOPED_TRACE(ids[i]);
    if (ids[i] == broken) {
      EXPECT_EQ(answers[i].status.error_code(), grpc::StatusCode::INTERNAL)
          << answers[i].status.error_message();
      EXPECT_THAT(answers[i].status.error_message(), Not(HasSubstr("SELECT")));
      EXPECT_THAT(answers[i].status.error_message(), Not(HasSubstr("INSERT")));
    } else {
      ASSERT_TRUE(answers[i].status.ok()) << answers[i].status.error_message();
      EXPECT_EQ(answers[i].proposal.state(), v1::PROPOSAL_STATE_VERIFIED);
      ExpectSameAnswer(answers[i].proposal, Get(ids[i]));
      EXPECT_TRUE(VerifyProposal(ids[i]).ok()) << ids[i];
    }
  }
  EXPECT_EQ(CountRows("transitions"), transitions + kCount - 1);
  EXPECT_EQ(TransitionsOf(good_request_ids), kCount - 1);
  // Those that shared the broken one's group were committed one by one.
  EXPECT_GE(Query("SELECT count(*) FROM (SELECT 1 FROM transitions WHERE request_id IN (" +
                  SqlList(good_request_ids) + ") GROUP BY xmin::text HAVING count(*) = 1) g"),
            1);
  const v1::Proposal still = Get(broken);
  EXPECT_EQ(still.state(), v1::PROPOSAL_STATE_IN_VERIFICATION);
  EXPECT_EQ(still.version(), broken_version);
  EXPECT_EQ(StoredAnswersOf({calls[7].request.request_id()}), 0);
  EXPECT_EQ(StoredAnswersOf(good_request_ids), kCount - 1);
}

// Options below their minimum count as the minimum: no group of zero requests,
// which left every caller waiting for ever.
class GroupCommitDegenerateOptionsE2eTest : public LifecycleTest {
 protected:
  void ConfigureServer(server::ServerOptions& options) override {
    options.group_commit.window = std::chrono::microseconds(0);
    options.group_commit.max_group = 0;
    options.group_commit.writers = 0;
  }
};

TEST_F(GroupCommitDegenerateOptionsE2eTest, ChangesAreStillWrittenOneByOne) {
  const std::vector<std::string> ids = Prelisted(kDesaA, 1, 3);
  ASSERT_EQ(ids.size(), 3u);
  for (const std::string& id : ids) EXPECT_EQ(StateOf(id), v1::PROPOSAL_STATE_PRELIST);
}

// A large batch decided with exceptions: every member moved by the set-based
// statements, counted, closed, and chained.
class LargeBatchDecisionE2eTest : public LifecycleTest {};

TEST_F(LargeBatchDecisionE2eTest, ThreeHundredMembersAreDecidedWithExceptionsInOneTransaction) {
  constexpr int kMembers = 300;
  const v1::Batch batch = ToCentralReview(1, kMembers);
  ASSERT_EQ(batch.members_size(), kMembers);
  std::map<std::string, int64_t> versions;
  for (const auto& member : batch.members()) versions[member.proposal_id()] = 0;
  for (auto& [id, version] : versions) version = Get(id).version();

  v1::DecideBatchRequest request;
  request.set_request_id("decide-large");
  request.set_batch_id(batch.batch_id());
  request.set_decree_number("Kepmensos 300/HUK/2026");
  std::map<std::string, v1::ProposalState> want;
  int rejected = 0, returned = 0;
  for (int i = 0; i < kMembers; ++i) {
    const std::string& id = batch.members(i).proposal_id();
    want[id] = v1::PROPOSAL_STATE_ACCEPTED;
    if (i % 29 == 3) {
      v1::DecisionException* e = request.add_exceptions();
      e->set_proposal_id(id);
      e->set_action(v1::EXCEPTION_ACTION_REJECT);
      e->set_reason_code("INELIGIBLE_OCCUPATION");
      e->set_reason("head of household is a civil servant (ASN)");
      want[id] = v1::PROPOSAL_STATE_REJECTED;
      ++rejected;
    } else if (i % 37 == 5) {
      v1::DecisionException* e = request.add_exceptions();
      e->set_proposal_id(id);
      e->set_action(v1::EXCEPTION_ACTION_RETURN_TO_DISTRICT);
      e->set_reason("house photo missing");
      want[id] = v1::PROPOSAL_STATE_RETURNED;
      ++returned;
    }
  }
  ASSERT_GT(rejected, 5);
  ASSERT_GT(returned, 5);
  const int64_t transitions = CountRows("transitions");

  v1::BatchDecision decision;
  grpc::Status status = decisions_->DecideBatch(Context(PusdatinToken()).get(), request, &decision);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(decision.accepted_count(), kMembers - rejected - returned);
  EXPECT_EQ(decision.rejected_count(), rejected);
  EXPECT_EQ(decision.returned_count(), returned);
  EXPECT_EQ(CountRows("transitions"), transitions + kMembers);
  EXPECT_EQ(std::stoll(database_->QueryValueAsSuperuser(
                "SELECT count(DISTINCT xmin::text) FROM transitions "
                "WHERE request_id = 'decide-large'")),
            1);
  // Each member's newest audit row is the decision, one version up.
  EXPECT_EQ(std::stoll(database_->QueryValueAsSuperuser(
                "SELECT count(*) FROM proposals p JOIN transitions t ON t.proposal_id = p.id "
                "AND t.sequence = p.version WHERE t.request_id = 'decide-large'")),
            kMembers);
  for (const auto& [id, state] : want) {
    const v1::Proposal now = Get(id);
    EXPECT_EQ(now.state(), state) << id;
    EXPECT_EQ(now.version(), versions[id] + 1) << id;
  }

  v1::GetBatchRequest get;
  get.set_batch_id(batch.batch_id());
  v1::Batch decided;
  status = review_->GetBatch(Context(DinsosToken()).get(), get, &decided);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(decided.status(), v1::BATCH_STATUS_DECIDED);
  ASSERT_EQ(decided.members_size(), kMembers);
  for (const auto& member : decided.members()) {
    EXPECT_FALSE(member.open()) << member.proposal_id();
  }

  v1::VerifyChainRequest verify;
  verify.set_everything(true);
  v1::VerifyChainResponse verified;
  status = audit_->VerifyChain(Context(PusdatinToken()).get(), verify, &verified);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_TRUE(verified.ok()) << verified.DebugString();
  EXPECT_EQ(verified.transitions_checked(), CountRows("transitions"));

  // A repeat replays the decision and writes nothing.
  v1::BatchDecision again;
  status = decisions_->DecideBatch(Context(PusdatinToken()).get(), request, &again);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(again.decision_id(), decision.decision_id());
  EXPECT_EQ(CountRows("transitions"), transitions + kMembers);
}

}  // namespace
}  // namespace usulan::testing
