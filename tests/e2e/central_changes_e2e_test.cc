// Pusdatin's changes from central data through the real server
// (docs/central-sources.md, "Filing from the death list" and "Applying a
// ranking"): usulan-registry-sim as a child process serves the civil registry's
// death list and BPS's ranking (the scenario's files of distinct_households.h)
// over mutual TLS to the real clients the server is wired with. A household
// listed in the register with a deceased member gets one CENTRAL deactivation,
// Dinsos confirms it, Pusdatin decides it and the entry becomes INACTIVE; a
// ranking sets desil with a chained history row, once; every refusal names its
// cause, and with the simulator gone both calls answer UNAVAILABLE and write
// nothing.
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <regex>

#include "registry/grpc_death_list.h"
#include "registry/grpc_population_registry.h"
#include "registry/grpc_welfare_ranking.h"
#include "tests/e2e/distinct_households.h"
#include "tests/e2e/lifecycle_driver.h"
#include "tests/support/build_paths.h"
#include "tests/support/child_process.h"
#include "tests/support/households.h"
#include "usulan/v1/register_service.grpc.pb.h"

namespace usulan::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;
using workflow::Role;

constexpr auto kStartLimit = std::chrono::seconds(30);
// Generous for a loaded CI machine; the simulator answers in milliseconds.
constexpr auto kSourceDeadline = std::chrono::milliseconds(5000);
const std::regex kListening(R"re(listening on 127\.0\.0\.1:(\d+))re");
constexpr char kDecree[] = "Kepmensos 20/HUK/2026";

fs::path TestDirectory() {
  static std::atomic<int> counter = 0;
  fs::path dir = fs::temp_directory_path() / ("usulan-central-changes-" +
                                              std::to_string(getpid()) + "-" +
                                              std::to_string(++counter));
  fs::create_directories(dir);
  return dir;
}

class CentralChangesE2eTest : public LifecycleTest {
 protected:
  void SetUp() override {
    dir_ = TestDirectory();
    // The deceased spouse of kDeceasedSpouse is on the death list; kAccepted1 and
    // kDeceasedSpouse are ranked in kScenarioRankingId.
    WriteScenarioRegistryCsv(dir_ / "registry.csv", kDesaA);
    WriteScenarioRankingCsv(dir_ / "ranking.csv", kDesaA);
    std::vector<std::string> args = {"--listen", "127.0.0.1:0", "--csv",
                                     (dir_ / "registry.csv").string(), "--ranking-csv",
                                     (dir_ / "ranking.csv").string()};
    for (const std::string& arg : TestPki().SimTlsArgs()) args.push_back(arg);
    sim_ = std::make_unique<ChildProcess>(RegistrySimBinary(), args, dir_ / "sim.log");
    auto port = sim_->WaitForLog(kListening, kStartLimit);
    ASSERT_TRUE(port.has_value()) << sim_->Log();
    const std::string address = "127.0.0.1:" + *port;
    // The death list over the civil-registry client's channel, as the server's
    // main wires it; the NIK check stays on the fixture's development table, so
    // that the households are listed while their members are still alive.
    auto registry = registry::GrpcPopulationRegistry::Connect(
        address, TestPki().RegistryClientTls(), kSourceDeadline);
    ASSERT_TRUE(registry.ok()) << registry.status();
    registry_client_ = std::move(*registry);
    deaths_ = std::make_unique<registry::GrpcDeathList>(registry_client_->channel(),
                                                        kSourceDeadline);
    auto ranking = registry::GrpcWelfareRanking::Connect(address, TestPki().RegistryClientTls(),
                                                         kSourceDeadline);
    ASSERT_TRUE(ranking.ok()) << ranking.status();
    ranking_ = std::move(*ranking);
    LifecycleTest::SetUp();
    register_ = v1::RegisterService::NewStub(channel_);
  }

  void TearDown() override {
    LifecycleTest::TearDown();
    if (sim_) {
      const std::string log = sim_->Log();
      for (int seed : {kAccepted1, kDeceasedSpouse}) {
        const v1::Household household = DistinctHousehold(kDesaA, seed);
        EXPECT_THAT(log, Not(HasSubstr(household.kk_number()))) << "the simulator logged a KK";
        EXPECT_THAT(log, Not(HasSubstr(household.members(1).nik())))
            << "the simulator logged a NIK";
      }
    }
    sim_.reset();
    fs::remove_all(dir_);
  }

  void ConfigureServer(server::ServerOptions& options) override {
    options.central_sources = {deaths_.get(), ranking_.get()};
  }

  // The households of seeds first..first+count-1 (desa A; the scenario's
  // numbers: MakeHousehold's KK and spouse's NIK are DistinctHousehold's) listed
  // in the register by one accepted batch, the NIK check on the development
  // table so that they are listed while all alive; answers the entries by seed.
  std::map<int, std::string> Listed(int first, int count) {
    const v1::Batch batch = ToCentralReview(first, count);
    v1::DecideBatchRequest decide;
    decide.set_request_id(NextRequestId());
    decide.set_batch_id(batch.batch_id());
    decide.set_decree_number(kDecree);
    v1::BatchDecision decision;
    grpc::Status status =
        decisions_->DecideBatch(Context(PusdatinToken()).get(), decide, &decision);
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::map<int, std::string> entries;
    for (const auto& member : batch.members()) {
      const std::string kk = Get(member.proposal_id()).household().kk_number();
      for (int seed = first; seed < first + count; ++seed) {
        if (MakeHousehold(kDesaA, seed).kk_number() == kk) entries[seed] = member.proposal_id();
      }
    }
    EXPECT_EQ(entries.size(), static_cast<size_t>(count));
    return entries;
  }

  v1::FileDeceasedChangesRequest FileRequest(const std::string& since = "2026-11-01") {
    v1::FileDeceasedChangesRequest request;
    request.set_request_id(NextRequestId());
    request.set_since_date(since);
    return request;
  }
  grpc::Status File(const v1::FileDeceasedChangesRequest& request,
                    v1::FileDeceasedChangesResponse* out, const std::string& token = "") {
    return register_->FileDeceasedChanges(
        Context(token.empty() ? PusdatinToken() : token).get(), request, out);
  }

  v1::ApplyWelfareRankingRequest RankingRequest(const std::string& id = kScenarioRankingId) {
    v1::ApplyWelfareRankingRequest request;
    request.set_request_id(NextRequestId());
    request.set_ranking_id(id);
    return request;
  }
  grpc::Status Apply(const v1::ApplyWelfareRankingRequest& request,
                     v1::ApplyWelfareRankingResponse* out, const std::string& token = "") {
    return register_->ApplyWelfareRanking(
        Context(token.empty() ? PusdatinToken() : token).get(), request, out);
  }

  v1::GetEntryResponse Entry(const std::string& id) {
    v1::GetEntryRequest request;
    request.set_entry_id(id);
    v1::GetEntryResponse out;
    grpc::Status status = register_->GetEntry(Context(PusdatinToken()).get(), request, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  fs::path dir_;
  std::unique_ptr<ChildProcess> sim_;
  std::unique_ptr<registry::GrpcPopulationRegistry> registry_client_;
  std::unique_ptr<registry::GrpcDeathList> deaths_;
  std::unique_ptr<registry::GrpcWelfareRanking> ranking_;
  std::unique_ptr<v1::RegisterService::Stub> register_;
};

TEST_F(CentralChangesE2eTest, DeceasedMemberIsFiledConfirmedDecidedOnce) {
  const std::map<int, std::string> entries = Listed(kOtherFamily, 2);  // and kDeceasedSpouse
  const std::string entry = entries.at(kDeceasedSpouse);

  const v1::FileDeceasedChangesRequest first = FileRequest();
  v1::FileDeceasedChangesResponse filed;
  grpc::Status status = File(first, &filed);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(filed.deaths_read(), 1);
  EXPECT_EQ(filed.deaths_unmatched(), 0);
  ASSERT_EQ(filed.filed_size(), 1);
  EXPECT_EQ(filed.skipped_size(), 0);
  EXPECT_EQ(filed.filed(0).entry_id(), entry);
  EXPECT_EQ(filed.filed(0).member_position(), 2);  // the spouse
  EXPECT_EQ(filed.filed(0).death_date(), kScenarioDeathDate);

  const std::string id = filed.filed(0).proposal_id();
  v1::Proposal proposal = Get(id);
  EXPECT_EQ(proposal.state(), v1::PROPOSAL_STATE_AWAITING_CONFIRMATION);
  EXPECT_EQ(proposal.route(), v1::PROPOSAL_ROUTE_CENTRAL);
  EXPECT_EQ(proposal.kind(), v1::PROPOSAL_KIND_DEACTIVATION);
  EXPECT_EQ(proposal.deactivation_reason(), v1::DEACTIVATION_REASON_DECEASED);
  EXPECT_EQ(proposal.register_entry_id(), entry);
  EXPECT_THAT(proposal.reason(), HasSubstr("anggota keluarga ke-2"));
  const v1::Household household = DistinctHousehold(kDesaA, kDeceasedSpouse);
  EXPECT_THAT(proposal.reason(), Not(HasSubstr(household.members(1).nik())));

  // The same request again answers the first summary and files nothing.
  const int64_t proposals = CountRows("proposals");
  v1::FileDeceasedChangesResponse repeated;
  status = File(first, &repeated);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(repeated.SerializeAsString(), filed.SerializeAsString());
  // A new request finds the deactivation open and skips the entry.
  v1::FileDeceasedChangesResponse again;
  status = File(FileRequest(), &again);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(again.filed_size(), 0);
  ASSERT_EQ(again.skipped_size(), 1);
  EXPECT_EQ(again.skipped(0).reason(), v1::DECEASED_SKIP_REASON_DEACTIVATION_OPEN);
  EXPECT_THAT(again.skipped(0).detail(), HasSubstr(id));
  EXPECT_EQ(CountRows("proposals"), proposals);

  // Dinsos confirms the household leaves; Pusdatin decides it alone.
  v1::ConfirmCentralChangeRequest confirm;
  confirm.set_request_id(NextRequestId());
  confirm.set_proposal_id(id);
  confirm.set_confirmed(true);
  v1::Proposal confirmed;
  status = review_->ConfirmCentralChange(Context(DinsosToken()).get(), confirm, &confirmed);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(confirmed.state(), v1::PROPOSAL_STATE_CENTRAL_REVIEW);
  v1::DecideProposalRequest decide;
  decide.set_request_id(NextRequestId());
  decide.set_proposal_id(id);
  decide.set_accept(true);
  decide.set_decree_number(kDecree);
  v1::Proposal decided;
  status = decisions_->DecideProposal(Context(PusdatinToken()).get(), decide, &decided);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(decided.state(), v1::PROPOSAL_STATE_ACCEPTED);
  const v1::GetEntryResponse after = Entry(entry);
  EXPECT_EQ(after.entry().status(), v1::ENTRY_STATUS_INACTIVE);
  ASSERT_EQ(after.history_size(), 2);
  EXPECT_EQ(after.history(1).change(), v1::REGISTER_CHANGE_DEACTIVATED);
  EXPECT_EQ(after.history(1).proposal_id(), id);
  EXPECT_EQ(Entry(entries.at(kOtherFamily)).entry().status(), v1::ENTRY_STATUS_ACTIVE);

  // An INACTIVE entry is no longer filed for: the death matches nothing.
  v1::FileDeceasedChangesResponse later;
  status = File(FileRequest(), &later);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(later.deaths_unmatched(), 1);
  EXPECT_EQ(later.filed_size() + later.skipped_size(), 0);
}

TEST_F(CentralChangesE2eTest, DeathsBeforeTheDateOrOutsideTheRegionFileNothing) {
  Listed(kDeceasedSpouse, 1);
  v1::FileDeceasedChangesResponse out;
  grpc::Status status = File(FileRequest("2026-11-21"), &out);  // the day after the death
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(out.deaths_read(), 0);
  EXPECT_EQ(out.filed_size(), 0);

  v1::FileDeceasedChangesRequest elsewhere = FileRequest();
  elsewhere.set_region_prefix("3202");  // another kabupaten
  status = File(elsewhere, &out);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(out.deaths_read(), 1);
  EXPECT_EQ(out.deaths_unmatched(), 1);
  EXPECT_EQ(out.filed_size(), 0);
  // Control: the same death in the household's own kabupaten is filed.
  v1::FileDeceasedChangesRequest here = FileRequest();
  here.set_region_prefix(kKabupaten);
  status = File(here, &out);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(out.filed_size(), 1);
}

TEST_F(CentralChangesE2eTest, RankingSetsDesilWithChainedHistoryOnce) {
  // kAccepted1 is ranked and listed, kDeceasedSpouse ranked but not listed,
  // kAccepted2 listed but not ranked.
  const std::map<int, std::string> entries = Listed(kAccepted1, 2);
  const v1::GetEntryResponse before = Entry(entries.at(kAccepted1));

  const v1::ApplyWelfareRankingRequest first = RankingRequest();
  v1::ApplyWelfareRankingResponse applied;
  grpc::Status status = Apply(first, &applied);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(applied.ranking_id(), kScenarioRankingId);
  EXPECT_EQ(applied.households_ranked(), 2);
  EXPECT_EQ(applied.matched(), 1);
  EXPECT_EQ(applied.changed(), 1);
  EXPECT_EQ(applied.unchanged(), 0);
  EXPECT_EQ(applied.unknown_kks(), 1);
  EXPECT_GE(applied.batches(), 1);

  const v1::GetEntryResponse ranked = Entry(entries.at(kAccepted1));
  EXPECT_EQ(ranked.entry().desil(), kAccepted1 % 10 + 1);  // as the scenario's file ranks it
  EXPECT_EQ(ranked.entry().desil_date(), "2026-10-15");
  ASSERT_EQ(ranked.history_size(), before.history_size() + 1);
  const v1::RegisterHistoryRow& row = ranked.history(ranked.history_size() - 1);
  EXPECT_EQ(row.change(), v1::REGISTER_CHANGE_DESIL_CHANGED);
  EXPECT_EQ(row.desil_after(), kAccepted1 % 10 + 1);
  EXPECT_EQ(row.decree_number(), kScenarioRankingId);
  EXPECT_EQ(row.proposal_id(), "");
  EXPECT_EQ(row.status_after(), v1::ENTRY_STATUS_ACTIVE);
  EXPECT_EQ(row.prev_hash(), before.history(before.history_size() - 1).hash());
  EXPECT_EQ(Entry(entries.at(kAccepted2)).entry().desil(), 0);  // not ranked

  // Applying the ranking again changes nothing; repeating the request answers
  // the first summary.
  const int64_t history = CountRows("register_history");
  v1::ApplyWelfareRankingResponse again;
  status = Apply(RankingRequest(), &again);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(again.matched(), 1);
  EXPECT_EQ(again.changed(), 0);
  EXPECT_EQ(again.unchanged(), 1);
  v1::ApplyWelfareRankingResponse repeated;
  status = Apply(first, &repeated);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(repeated.SerializeAsString(), applied.SerializeAsString());
  EXPECT_EQ(CountRows("register_history"), history);
  EXPECT_EQ(Entry(entries.at(kAccepted1)).history_size(), ranked.history_size());
}

TEST_F(CentralChangesE2eTest, RefusalsNameTheirCause) {
  Listed(kDeceasedSpouse, 1);
  const int64_t proposals = CountRows("proposals");
  const int64_t history = CountRows("register_history");
  v1::FileDeceasedChangesResponse filed;
  v1::ApplyWelfareRankingResponse applied;
  for (const std::string& token :
       {OperatorToken(), DinsosToken(), Token(Role::kCitizen, kDesaA, "warga-1"),
        Token(Role::kAuditor, "")}) {
    grpc::Status status = File(FileRequest(), &filed, token);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << status.error_message();
    status = Apply(RankingRequest(), &applied, token);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << status.error_message();
  }

  grpc::Status status = File(FileRequest("2026-02-30"), &filed);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("since_date"));
  status = File(FileRequest(""), &filed);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  status = Apply(RankingRequest("2026/Q4"), &applied);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("ranking_id"));
  status = Apply(RankingRequest("2025-Q1"), &applied);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(status.error_message(), HasSubstr("ranking_id"));

  // Dukcapil and BPS gone: UNAVAILABLE, nothing written.
  ASSERT_EQ(sim_->Stop(std::chrono::seconds(20)), 0) << sim_->Log();
  status = File(FileRequest(), &filed);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE) << status.error_message();
  status = Apply(RankingRequest(), &applied);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE) << status.error_message();
  EXPECT_EQ(CountRows("proposals"), proposals);
  EXPECT_EQ(CountRows("register_history"), history);
}

}  // namespace
}  // namespace usulan::testing
