// The central data sources through the real network path: usulan-registry-sim
// as a child process serving both the civil registry's death list and BPS's
// welfare ranking over mutual TLS, asked by the real clients (GrpcDeathList over
// the registry client's channel, GrpcWelfareRanking) as usulan-server wires them
// (server::ConnectCentralSources); and fake sources whose answers are broken.
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <regex>

#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "registry/grpc_death_list.h"
#include "registry/grpc_population_registry.h"
#include "registry/grpc_welfare_ranking.h"
#include "server/central_sources.h"
#include "tests/support/build_paths.h"
#include "tests/support/child_process.h"
#include "tests/support/dev_pki.h"

namespace usulan::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr auto kStartLimit = std::chrono::seconds(30);
// Generous: a loaded CI machine; the calls below answer in milliseconds.
constexpr auto kDeadline = std::chrono::milliseconds(5000);
const std::regex kListening(R"re(listening on 127\.0\.0\.1:(\d+))re");

// Five deaths, four of them from 2026-11-01 on; the first and last NIK share a
// date, so the order within a date shows too.
constexpr char kPeople[] =
    "nik,kk_number,name,birth_date,status,death_date,desa_code\n"
    "3201011204780001,3201010101260001,Asep Suryana,1978-04-12,ALIVE,,\n"
    "3201012503690014,3201010101260006,Karsim,1969-03-25,DECEASED,,\n"
    "3201010106500041,3201010201260008,Apen Supendi,1950-06-01,DECEASED,2026-11-20,3201012002\n"
    "3201010000000051,3201010201260009,Wiryaatmadja,,DECEASED,2026-10-02,3201012002\n"
    "3201010000000052,3201010201260010,Sastrawinata,,DECEASED,2026-11-03,3201012002\n"
    "3201010000000053,3201010101260002,Kartadibrata,,DECEASED,2026-12-01,3201012001\n"
    "3201010000000040,3201010101260003,Suryadiningrat,,DECEASED,2026-11-20,3201012001\n";

// Five households in 2026-Q4, one in 2026-Q3.
constexpr char kRankings[] =
    "ranking_id,kk_number,desil,ranking_date\n"
    "2026-Q4,3201010201260011,4,2026-10-15\n"
    "2026-Q4,3201010201260007,2,2026-10-15\n"
    "2026-Q4,3201010201260010,1,2026-10-15\n"
    "2026-Q4,3201010201260009,10,2026-10-15\n"
    "2026-Q4,3201010201260008,1,2026-10-15\n"
    "2026-Q3,3201010201260010,2,2026-07-15\n";

fs::path TestDirectory() {
  static std::atomic<int> counter = 0;
  fs::path dir = fs::temp_directory_path() / ("usulan-central-test-" + std::to_string(getpid()) +
                                              "-" + std::to_string(++counter));
  fs::create_directories(dir);
  return dir;
}

class CentralSourcesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = TestDirectory();
    std::ofstream(dir_ / "registry.csv") << kPeople;
    std::ofstream(dir_ / "ranking.csv") << kRankings;
    std::vector<std::string> args = {"--listen", "127.0.0.1:0", "--csv",
                                     (dir_ / "registry.csv").string(), "--ranking-csv",
                                     (dir_ / "ranking.csv").string()};
    for (const std::string& arg : TestPki().SimTlsArgs()) args.push_back(arg);
    sim_ = std::make_unique<ChildProcess>(RegistrySimBinary(), args, dir_ / "sim.log");
    auto port = sim_->WaitForLog(kListening, kStartLimit);
    ASSERT_TRUE(port.has_value()) << sim_->Log();
    address_ = "127.0.0.1:" + *port;
    auto registry = registry::GrpcPopulationRegistry::Connect(
        address_, TestPki().RegistryClientTls(), kDeadline);
    ASSERT_TRUE(registry.ok()) << registry.status();
    registry_ = std::move(*registry);
  }

  void TearDown() override {
    if (sim_) {
      std::string log = sim_->Log();
      EXPECT_THAT(log, HasSubstr("rankings: 6 households in 2 rankings"));
      for (const char* value : {"3201010106500041", "3201010201260008", "Apen", "3201010201260011",
                                "Wiryaatmadja"}) {
        EXPECT_THAT(log, Not(HasSubstr(value))) << "the simulator logged personal data";
      }
    }
    sim_.reset();
    fs::remove_all(dir_);
  }

  // The deaths since `since`, every page, through a client asking 2 per page.
  std::vector<std::string> AllDeaths(workflow::DeathList& deaths, const std::string& since,
                                     int* pages) {
    std::vector<std::string> niks;
    std::string token;
    *pages = 0;
    do {
      auto page = deaths.Deaths(since, token);
      EXPECT_TRUE(page.ok()) << page.status();
      if (!page.ok()) break;
      EXPECT_LE(page->deaths.size(), 2u);
      for (const auto& death : page->deaths) niks.push_back(death.nik);
      token = page->next_page_token;
      ++*pages;
    } while (!token.empty() && *pages < 10);
    return niks;
  }

  fs::path dir_;
  std::unique_ptr<ChildProcess> sim_;
  std::string address_;
  std::unique_ptr<registry::GrpcPopulationRegistry> registry_;
};

TEST_F(CentralSourcesTest, DeathListPagesThroughTheRegistryClientsChannel) {
  registry::GrpcDeathList deaths(registry_->channel(), kDeadline, /*page_size=*/2);
  int pages = 0;
  EXPECT_THAT(AllDeaths(deaths, "2026-11-01", &pages),
              ElementsAre("3201010000000052", "3201010000000040", "3201010106500041",
                          "3201010000000053"));
  EXPECT_EQ(pages, 2);

  auto first = deaths.Deaths("2026-11-01", "");
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->deaths[0].kk_number, "3201010201260010");
  EXPECT_EQ(first->deaths[0].death_date, "2026-11-03");
  EXPECT_EQ(first->deaths[0].desa_code, "3201012002");

  EXPECT_THAT(AllDeaths(deaths, "2026-01-01", &pages), ::testing::SizeIs(5));
  EXPECT_EQ(pages, 3);
  auto none = deaths.Deaths("2027-01-01", "");
  ASSERT_TRUE(none.ok()) << none.status();
  EXPECT_TRUE(none->deaths.empty());
  EXPECT_TRUE(none->next_page_token.empty());
}

TEST_F(CentralSourcesTest, DeathListRefusesBadDatesAndForeignTokensAsTheCallersToFix) {
  registry::GrpcDeathList deaths(registry_->channel(), kDeadline, 2);
  auto bad_date = deaths.Deaths("2026-11-31", "");
  EXPECT_EQ(bad_date.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(bad_date.status().message(), HasSubstr("since_date"));
  // A token of another since_date: the registry refuses it, the caller hears why.
  auto first = deaths.Deaths("2026-01-01", "");
  ASSERT_TRUE(first.ok()) << first.status();
  auto foreign = deaths.Deaths("2026-11-01", first->next_page_token);
  EXPECT_EQ(foreign.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(foreign.status().message(), HasSubstr("page_token"));
}

TEST_F(CentralSourcesTest, WelfareRankingPagesAndNamesUnknownRankings) {
  auto ranking = registry::GrpcWelfareRanking::Connect(address_, TestPki().RegistryClientTls(),
                                                       kDeadline, /*page_size=*/2);
  ASSERT_TRUE(ranking.ok()) << ranking.status();
  std::vector<std::pair<std::string, int>> seen;
  std::string token;
  int pages = 0;
  do {
    auto page = (*ranking)->Rankings("2026-Q4", token);
    ASSERT_TRUE(page.ok()) << page.status();
    for (const auto& household : page->rankings) {
      seen.emplace_back(household.kk_number, household.desil);
      EXPECT_EQ(household.ranking_date, "2026-10-15");
    }
    token = page->next_page_token;
    ++pages;
  } while (!token.empty() && pages < 10);
  EXPECT_EQ(pages, 3);
  EXPECT_THAT(seen, ElementsAre(std::pair<std::string, int>{"3201010201260007", 2},
                                std::pair<std::string, int>{"3201010201260008", 1},
                                std::pair<std::string, int>{"3201010201260009", 10},
                                std::pair<std::string, int>{"3201010201260010", 1},
                                std::pair<std::string, int>{"3201010201260011", 4}));

  auto unknown = (*ranking)->Rankings("2025-Q1", "");
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(unknown.status().message(), HasSubstr("ranking_id"));
  auto malformed = (*ranking)->Rankings("2026/Q4", "");
  EXPECT_EQ(malformed.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(malformed.status().message(), HasSubstr("ranking_id"));
}

TEST_F(CentralSourcesTest, StoppedSimulatorIsUnavailableForBoth) {
  registry::GrpcDeathList deaths(registry_->channel(), kDeadline, 2);
  auto ranking = registry::GrpcWelfareRanking::Connect(address_, TestPki().RegistryClientTls(),
                                                       kDeadline, 2);
  ASSERT_TRUE(ranking.ok()) << ranking.status();
  ASSERT_TRUE(deaths.Deaths("2026-11-01", "").ok());
  ASSERT_TRUE((*ranking)->Rankings("2026-Q4", "").ok());

  ASSERT_EQ(sim_->Stop(std::chrono::seconds(20)), 0) << sim_->Log();
  auto death_page = deaths.Deaths("2026-11-01", "");
  EXPECT_EQ(death_page.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(death_page.status().message(), HasSubstr("civil registry unavailable"));
  EXPECT_THAT(death_page.status().message(), HasSubstr("nothing was read, retry later"));
  auto ranking_page = (*ranking)->Rankings("2026-Q4", "");
  EXPECT_EQ(ranking_page.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(ranking_page.status().message(), HasSubstr("welfare ranking unavailable"));
}

// As usulan-server wires them: without --bps-address (or a remote registry)
// the sources say they are not configured; with them, they answer.
TEST_F(CentralSourcesTest, ServerWiringAnswersOrSaysNotConfigured) {
  server::Config bare;
  auto unconfigured = server::ConnectCentralSources(bare, nullptr);
  ASSERT_TRUE(unconfigured.ok()) << unconfigured.status();
  auto no_deaths = unconfigured->deaths->Deaths("2026-11-01", "");
  EXPECT_EQ(no_deaths.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(no_deaths.status().message(), "no death list source configured");
  auto no_ranking = unconfigured->ranking->Rankings("2026-Q4", "");
  EXPECT_EQ(no_ranking.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(no_ranking.status().message(), "no welfare ranking source configured");

  server::Config config;
  config.bps_address = address_;
  config.bps_ca_file = TestPki().ca;
  config.bps_cert_file = TestPki().client_cert;
  config.bps_key_file = TestPki().client_key;
  auto sources = server::ConnectCentralSources(config, registry_.get());
  ASSERT_TRUE(sources.ok()) << sources.status();
  auto deaths = sources->deaths->Deaths("2026-11-01", "");
  ASSERT_TRUE(deaths.ok()) << deaths.status();
  EXPECT_EQ(deaths->deaths.size(), 4u);
  auto ranking = sources->ranking->Rankings("2026-Q3", "");
  ASSERT_TRUE(ranking.ok()) << ranking.status();
  ASSERT_EQ(ranking->rankings.size(), 1u);
  EXPECT_EQ(ranking->rankings[0].desil, 2);

  // BPS requires client certificates like Dukcapil: without one, the handshake
  // fails and the caller hears so.
  config.bps_cert_file.clear();
  config.bps_key_file.clear();
  auto no_certificate = server::ConnectCentralSources(config, registry_.get());
  ASSERT_TRUE(no_certificate.ok()) << no_certificate.status();
  auto refused = no_certificate->ranking->Rankings("2026-Q3", "");
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(refused.status().message(), HasSubstr("TLS handshake"));

  config.bps_ca_file = (dir_ / "missing-ca.crt").string();
  auto bad_file = server::ConnectCentralSources(config, registry_.get());
  EXPECT_FALSE(bad_file.ok());
  EXPECT_THAT(bad_file.status().message(), HasSubstr("--bps-ca-file"));
}

// --- sources that answer, but wrongly -------------------------------------

// A registry and a BPS that answer every call with what the test set.
class BrokenSources final : public registry::v1::PopulationRegistryService::Service,
                            public bps::v1::WelfareRankingService::Service {
 public:
  registry::v1::ListDeathsResponse deaths;
  bps::v1::ListRankingsResponse rankings;
  grpc::Status status = grpc::Status::OK;

  grpc::Status ListDeaths(grpc::ServerContext*, const registry::v1::ListDeathsRequest*,
                          registry::v1::ListDeathsResponse* response) override {
    *response = deaths;
    return status;
  }
  grpc::Status ListRankings(grpc::ServerContext*, const bps::v1::ListRankingsRequest*,
                            bps::v1::ListRankingsResponse* response) override {
    *response = rankings;
    return status;
  }
};

class BrokenSourceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
    builder.RegisterService(static_cast<registry::v1::PopulationRegistryService::Service*>(&fake_));
    builder.RegisterService(static_cast<bps::v1::WelfareRankingService::Service*>(&fake_));
    server_ = builder.BuildAndStart();
    ASSERT_TRUE(server_ && port > 0);
    // Plaintext is allowed to a loopback peer (base::MakeClientChannel).
    auto channel = base::MakeClientChannel("127.0.0.1:" + std::to_string(port), {});
    ASSERT_TRUE(channel.ok()) << channel.status();
    deaths_ = std::make_unique<registry::GrpcDeathList>(*channel, kDeadline, 2);
    ranking_ = std::make_unique<registry::GrpcWelfareRanking>(*channel, kDeadline, 2);
  }
  void TearDown() override { server_->Shutdown(); }

  BrokenSources fake_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<registry::GrpcDeathList> deaths_;
  std::unique_ptr<registry::GrpcWelfareRanking> ranking_;
};

TEST_F(BrokenSourceTest, AnUnusableDeathListIsUnavailableNamingTheFieldNotTheValue) {
  registry::v1::Death* death = fake_.deaths.add_deaths();
  death->set_nik("320101010650004");  // 15 digits
  death->set_kk_number("3201010201260008");
  death->set_death_date("2026-11-20");
  death->set_desa_code("3201012002");
  auto page = deaths_->Deaths("2026-11-01", "");
  EXPECT_EQ(page.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(page.status().message(),
            "civil registry unavailable: unusable answer (deaths[0].nik must be 16 digits); "
            "nothing was read, retry later");

  death->set_nik("3201010106500041");
  death->set_death_date("2026-10-31");  // before the date asked about
  page = deaths_->Deaths("2026-11-01", "");
  EXPECT_THAT(page.status().message(), HasSubstr("deaths[0].death_date is before since_date"));
  EXPECT_THAT(page.status().message(), Not(HasSubstr("3201010201260008")));

  // The control: the same record, dated in range, is an answer.
  death->set_death_date("2026-11-20");
  page = deaths_->Deaths("2026-11-01", "");
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->deaths.size(), 1u);
}

TEST_F(BrokenSourceTest, AnUnusableRankingIsUnavailableAndALoopingTokenIsRefused) {
  bps::v1::HouseholdRanking* household = fake_.rankings.add_rankings();
  household->set_kk_number("3201010201260008");
  household->set_desil(11);
  household->set_ranking_date("2026-10-15");
  auto page = ranking_->Rankings("2026-Q4", "");
  EXPECT_EQ(page.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(page.status().message(),
            "welfare ranking unavailable: unusable answer (rankings[0].desil must be 1..10); "
            "nothing was read, retry later");

  household->set_desil(3);
  fake_.rankings.set_next_page_token("page-2");
  page = ranking_->Rankings("2026-Q4", "page-2");
  EXPECT_EQ(page.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(page.status().message(), HasSubstr("next_page_token repeats the page asked for"));

  page = ranking_->Rankings("2026-Q4", "");
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->rankings[0].desil, 3);
  EXPECT_EQ(page->next_page_token, "page-2");

  // A source failing in its own way is UNAVAILABLE and never quoted.
  fake_.status = grpc::Status(grpc::StatusCode::INTERNAL, "stack trace with 3201010201260008");
  page = ranking_->Rankings("2026-Q4", "");
  EXPECT_EQ(page.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(page.status().message(), HasSubstr("it answered INTERNAL"));
  EXPECT_THAT(page.status().message(), Not(HasSubstr("3201010201260008")));
}

}  // namespace
}  // namespace usulan::testing
