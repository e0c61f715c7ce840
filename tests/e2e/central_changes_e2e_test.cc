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

#include <filesystem>
#include <fstream>
#include <set>

#include "audit/digest.h"
#include "audit/keyed_hash.h"
#include "registry/grpc_death_list.h"
#include "registry/grpc_population_registry.h"
#include "registry/grpc_welfare_ranking.h"
#include "tests/e2e/central_sim.h"
#include "tests/e2e/distinct_households.h"
#include "tests/e2e/lifecycle_driver.h"
#include "tests/support/build_paths.h"
#include "tests/support/child_process.h"
#include "tests/support/households.h"
#include "tests/support/scratch_dir.h"
#include "usulan/v1/register_service.grpc.pb.h"

namespace usulan::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;
using workflow::Role;

// Generous for a loaded CI machine; the simulator answers in milliseconds.
constexpr auto kSourceDeadline = std::chrono::milliseconds(5000);
constexpr char kDecree[] = "Kepmensos 20/HUK/2026";

class CentralChangesE2eTest : public LifecycleTest {
 protected:
  void SetUp() override {
    WriteRegistryCsv(dir_.path() / "registry.csv");
    WriteScenarioRankingCsv(dir_.path() / "ranking.csv", kDesaA);
    CentralSim sim = StartCentralSim(dir_.path());
    ASSERT_FALSE(sim.address.empty());
    sim_ = std::move(sim.process);
    const std::string address = sim.address;
    // The death list over the civil-registry client's channel, as the server's
    // main wires it; the NIK check stays on the fixture's development table, so
    // that the households are listed while their members are still alive.
    auto registry = registry::GrpcPopulationRegistry::Connect(
        address, TestPki().RegistryClientTls(), kSourceDeadline);
    ASSERT_TRUE(registry.ok()) << registry.status();
    registry_client_ = std::move(*registry);
    deaths_ = std::make_unique<registry::GrpcDeathList>(registry_client_->channel(),
                                                        kSourceDeadline, DeathPageSize());
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
  }

  void ConfigureServer(server::ServerOptions& options) override {
    options.central_sources = {deaths_.get(), ranking_.get()};
  }

  // The simulator's registry file. Here the scenario's: the deceased spouse of
  // kDeceasedSpouse is on the death list; kAccepted1 and kDeceasedSpouse are
  // ranked in kScenarioRankingId.
  virtual void WriteRegistryCsv(const fs::path& path) { WriteScenarioRegistryCsv(path, kDesaA); }
  // The deaths the server's client asks the simulator for per page (the
  // simulator answers as many as asked).
  virtual int DeathPageSize() { return registry::GrpcDeathList::kDefaultPageSize; }

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

  ScratchDir dir_{"usulan-central-changes"};
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

// A death the district declined (the household continues) stays declined: the
// next day's run over the same dates does not file it again.
TEST_F(CentralChangesE2eTest, ADeclinedDeathIsNotFiledAgain) {
  const std::string entry = Listed(kDeceasedSpouse, 1).at(kDeceasedSpouse);
  v1::FileDeceasedChangesResponse filed;
  grpc::Status status = File(FileRequest(), &filed);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(filed.filed_size(), 1);
  const std::string id = filed.filed(0).proposal_id();

  v1::ConfirmCentralChangeRequest decline;
  decline.set_request_id(NextRequestId());
  decline.set_proposal_id(id);
  decline.set_confirmed(false);
  decline.set_reason("keluarga berlanjut dengan kepala keluarga baru");
  v1::Proposal declined;
  status = review_->ConfirmCentralChange(Context(DinsosToken()).get(), decline, &declined);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(declined.state(), v1::PROPOSAL_STATE_DECLINED);
  EXPECT_EQ(Entry(entry).entry().status(), v1::ENTRY_STATUS_ACTIVE);

  const int64_t proposals = CountRows("proposals");
  v1::FileDeceasedChangesResponse again;
  status = File(FileRequest(), &again);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(again.deaths_read(), 1);
  EXPECT_EQ(again.filed_size(), 0);
  ASSERT_EQ(again.skipped_size(), 1);
  EXPECT_EQ(again.skipped(0).entry_id(), entry);
  EXPECT_EQ(again.skipped(0).reason(), v1::DECEASED_SKIP_REASON_ALREADY_FILED);
  EXPECT_THAT(again.skipped(0).detail(), HasSubstr(id));
  EXPECT_EQ(CountRows("proposals"), proposals);
  // What is remembered is the keyed hash, never the NIK.
  const v1::Household household = DistinctHousehold(kDesaA, kDeceasedSpouse);
  EXPECT_EQ(database_->QueryValueAsSuperuser(
                "SELECT encode(nik_hmac, 'hex') FROM deceased_filings WHERE proposal_id = '" +
                id + "'"),
            audit::ToHex(audit::NikHmac(nik_key_, household.members(1).nik())));
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

// The death list read page by page (docs/central-sources.md, "Filing from the
// death list"): six deaths in five listed households, two deaths a page, the
// two deaths of one household on different pages.
class PagedDeathListE2eTest : public CentralChangesE2eTest {
 protected:
  static constexpr int kFirstSeed = 601;
  static constexpr int kHouseholds = 5;
  static constexpr int kTwoDeaths = 603;  // its spouse on page 2, a child on page 3

  // Member 2 of each household dies, one a day from 2026-11-10 in seed order,
  // and kTwoDeaths' member 3 between the fourth and the fifth.
  void WriteRegistryCsv(const fs::path& path) override {
    std::ofstream csv(path);
    csv << "nik,kk_number,name,birth_date,status,death_date,desa_code\n";
    for (int seed = kFirstSeed; seed < kFirstSeed + kHouseholds; ++seed) {
      std::vector<storage::RegistryPerson> rows = RegistryRowsFor(MakeHousehold(kDesaA, seed));
      for (size_t i = 0; i < rows.size(); ++i) {
        std::string date;
        if (i == 1) date = DeathDate(seed - kFirstSeed + (seed > kTwoDeaths + 1 ? 1 : 0));
        if (i == 2 && seed == kTwoDeaths) date = DeathDate(4);
        csv << rows[i].nik << "," << rows[i].kk_number << ",Warga " << seed << "-" << i << ","
            << rows[i].birth_date << "," << (date.empty() ? "ALIVE" : "DECEASED") << "," << date
            << "," << (date.empty() ? "" : kDesaA) << "\n";
      }
    }
  }
  int DeathPageSize() override { return 2; }

  static std::string DeathDate(int day) { return "2026-11-" + std::to_string(10 + day); }

  // One page as Pusdatin with `request_id`; fails the test on an error.
  v1::FileDeceasedChangesResponse Page(const std::string& request_id, const std::string& token) {
    v1::FileDeceasedChangesRequest request = FileRequest();
    request.set_request_id(request_id);
    request.set_page_token(token);
    v1::FileDeceasedChangesResponse out;
    grpc::Status status = File(request, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  // Every page with one request id, from the first until the token is empty.
  std::vector<v1::FileDeceasedChangesResponse> AllPages(const std::string& request_id) {
    std::vector<v1::FileDeceasedChangesResponse> pages;
    std::string token;
    do {
      pages.push_back(Page(request_id, token));
      token = pages.back().next_page_token();
    } while (!token.empty() && pages.size() < 10);
    return pages;
  }
};

TEST_F(PagedDeathListE2eTest, EveryDeathIsFiledOnceAcrossPagesAndAReplayedPageFilesNothing) {
  const std::map<int, std::string> entries = Listed(kFirstSeed, kHouseholds);
  const int64_t before = CountRows("proposals");

  const std::string run = NextRequestId();
  const std::vector<v1::FileDeceasedChangesResponse> pages = AllPages(run);
  ASSERT_EQ(pages.size(), 3u);
  std::map<std::string, int> filed_per_entry;
  std::set<std::string> proposal_ids;
  int deaths = 0;
  for (const v1::FileDeceasedChangesResponse& page : pages) {
    EXPECT_EQ(page.deaths_read(), 2);
    EXPECT_EQ(page.deaths_unmatched(), 0);
    deaths += page.deaths_read();
    for (const v1::DeceasedFiling& filing : page.filed()) {
      ++filed_per_entry[filing.entry_id()];
      proposal_ids.insert(filing.proposal_id());
      EXPECT_EQ(filing.member_position(), 2);
    }
  }
  EXPECT_EQ(deaths, 6);
  ASSERT_EQ(filed_per_entry.size(), static_cast<size_t>(kHouseholds));
  for (const auto& [seed, entry] : entries) {
    EXPECT_EQ(filed_per_entry[entry], 1) << "seed " << seed;
  }
  EXPECT_EQ(proposal_ids.size(), static_cast<size_t>(kHouseholds));
  EXPECT_EQ(CountRows("proposals"), before + kHouseholds);
  // kTwoDeaths' second death, a page after its first, finds that filing open.
  ASSERT_EQ(pages[2].skipped_size(), 1);
  EXPECT_EQ(pages[2].skipped(0).entry_id(), entries.at(kTwoDeaths));
  EXPECT_EQ(pages[2].skipped(0).member_position(), 3);
  EXPECT_EQ(pages[2].skipped(0).reason(), v1::DECEASED_SKIP_REASON_DEACTIVATION_OPEN);
  EXPECT_EQ(pages[0].skipped_size() + pages[1].skipped_size(), 0);

  // A page replayed (same request id, same token) answers its first summary
  // and files nothing; so does the first page.
  const v1::FileDeceasedChangesResponse replayed = Page(run, pages[0].next_page_token());
  EXPECT_EQ(replayed.SerializeAsString(), pages[1].SerializeAsString());
  EXPECT_EQ(Page(run, "").SerializeAsString(), pages[0].SerializeAsString());
  EXPECT_EQ(CountRows("proposals"), before + kHouseholds);

  // Control: a new run over the same list reads every page again and files
  // nothing, each death's entry skipped as open.
  int skipped = 0;
  for (const v1::FileDeceasedChangesResponse& page : AllPages(NextRequestId())) {
    EXPECT_EQ(page.filed_size(), 0);
    for (const v1::DeceasedSkip& skip : page.skipped()) {
      EXPECT_EQ(skip.reason(), v1::DECEASED_SKIP_REASON_DEACTIVATION_OPEN);
      ++skipped;
    }
  }
  EXPECT_EQ(skipped, 6);
  EXPECT_EQ(CountRows("proposals"), before + kHouseholds);

  // A token the registry never issued for this date: INVALID_ARGUMENT naming it.
  v1::FileDeceasedChangesRequest foreign = FileRequest("2026-11-12");
  foreign.set_page_token(pages[0].next_page_token());
  v1::FileDeceasedChangesResponse out;
  grpc::Status status = File(foreign, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
  EXPECT_THAT(status.error_message(), HasSubstr("page_token"));
}

}  // namespace
}  // namespace usulan::testing
