// The civil registry's wire mapping and the gRPC adapter's failure mapping.
#include "registry/registry_wire.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "registry/grpc_population_registry.h"

namespace usulan::registry {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

workflow::Household TwoMembers() {
  workflow::Household household;
  household.kk_number = "3201010101260001";
  household.members.push_back(
      {.nik = "3201011204780001", .name = "Asep Suryana", .birth_date = "1978-04-12"});
  household.members.push_back(
      {.nik = "3201014309820002", .name = "Euis Komariah", .birth_date = ""});
  return household;
}

registry::v1::MemberResult* Add(registry::v1::CheckHouseholdResponse& response, int position,
                                registry::v1::NikStatus status) {
  registry::v1::MemberResult* result = response.add_members();
  result->set_position(position);
  result->set_status(status);
  return result;
}

TEST(RegistryWireTest, StatusesRoundTrip) {
  for (auto status : {workflow::NikStatus::kMatched, workflow::NikStatus::kNotFound,
                      workflow::NikStatus::kDeceased, workflow::NikStatus::kOtherFamily}) {
    auto back = FromWire(ToWire(status));
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(workflow::Name(*back), workflow::Name(status));
    // The wire names are the workflow's names with a prefix.
    EXPECT_EQ(registry::v1::NikStatus_Name(ToWire(status)),
              "NIK_STATUS_" + std::string(workflow::Name(status)));
  }
  EXPECT_FALSE(FromWire(registry::v1::NIK_STATUS_UNSPECIFIED).has_value());
  EXPECT_FALSE(FromWire(static_cast<registry::v1::NikStatus>(99)).has_value());
}

TEST(RegistryWireTest, RequestCarriesKkAndMembersByPosition) {
  registry::v1::CheckHouseholdRequest request = ToWireRequest(TwoMembers());
  EXPECT_EQ(request.kk_number(), "3201010101260001");
  ASSERT_EQ(request.members_size(), 2);
  EXPECT_EQ(request.members(0).position(), 1);
  EXPECT_EQ(request.members(0).nik(), "3201011204780001");
  EXPECT_EQ(request.members(0).name(), "Asep Suryana");
  EXPECT_EQ(request.members(0).birth_date(), "1978-04-12");
  EXPECT_EQ(request.members(1).position(), 2);
  EXPECT_EQ(request.members(1).birth_date(), "");
}

TEST(RegistryWireTest, ResponseIsOrderedByPosition) {
  registry::v1::CheckHouseholdResponse response;
  Add(response, 2, registry::v1::NIK_STATUS_OTHER_FAMILY);
  Add(response, 1, registry::v1::NIK_STATUS_MATCHED);
  auto checks = FromWireResponse(response, 2);
  ASSERT_TRUE(checks.ok()) << checks.status();
  ASSERT_EQ(checks->size(), 2u);
  EXPECT_EQ((*checks)[0].position, 1);
  EXPECT_EQ(workflow::Name((*checks)[0].status), "MATCHED");
  EXPECT_EQ((*checks)[1].position, 2);
  EXPECT_EQ(workflow::Name((*checks)[1].status), "OTHER_FAMILY");
}

TEST(RegistryWireTest, UnusableResponsesAreRefusedNamingTheProblem) {
  struct Case {
    const char* name;
    std::vector<std::pair<int, registry::v1::NikStatus>> results;
    const char* message;
  } cases[] = {
      {"too few", {{1, registry::v1::NIK_STATUS_MATCHED}}, "1 results for 2 members"},
      {"too many",
       {{1, registry::v1::NIK_STATUS_MATCHED},
        {2, registry::v1::NIK_STATUS_MATCHED},
        {3, registry::v1::NIK_STATUS_MATCHED}},
       "3 results for 2 members"},
      {"position zero",
       {{0, registry::v1::NIK_STATUS_MATCHED}, {2, registry::v1::NIK_STATUS_MATCHED}},
       "members[0].position"},
      {"position beyond",
       {{1, registry::v1::NIK_STATUS_MATCHED}, {3, registry::v1::NIK_STATUS_MATCHED}},
       "members[1].position"},
      {"repeated",
       {{2, registry::v1::NIK_STATUS_MATCHED}, {2, registry::v1::NIK_STATUS_MATCHED}},
       "members[1].position repeats"},
      {"unspecified",
       {{1, registry::v1::NIK_STATUS_MATCHED}, {2, registry::v1::NIK_STATUS_UNSPECIFIED}},
       "members[1].status"},
  };
  for (const Case& c : cases) {
    registry::v1::CheckHouseholdResponse response;
    for (const auto& [position, status] : c.results) Add(response, position, status);
    auto checks = FromWireResponse(response, 2);
    EXPECT_EQ(checks.status().code(), absl::StatusCode::kInvalidArgument) << c.name;
    EXPECT_THAT(std::string(checks.status().message()), HasSubstr(c.message)) << c.name;
  }
}

TEST(RegistryCallFailureTest, EveryFailureIsUnavailableAndNeverQuotesTheRegistry) {
  const std::string remote = "members[0].nik 3201011204780001 is malformed";
  struct Case {
    grpc::StatusCode code;
    const char* cause;
  } cases[] = {
      {grpc::StatusCode::DEADLINE_EXCEEDED, "no answer within 1500 ms"},
      {grpc::StatusCode::UNAVAILABLE, "cannot reach it"},
      {grpc::StatusCode::INVALID_ARGUMENT, "it answered INVALID_ARGUMENT"},
      {grpc::StatusCode::INTERNAL, "it answered INTERNAL"},
      {grpc::StatusCode::UNIMPLEMENTED, "it answered UNIMPLEMENTED"},
  };
  for (const Case& c : cases) {
    absl::Status status =
        RegistryCallFailure(grpc::Status(c.code, remote), std::chrono::milliseconds(1500));
    EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable) << c.cause;
    std::string message(status.message());
    EXPECT_THAT(message, HasSubstr("civil registry unavailable"));
    EXPECT_THAT(message, HasSubstr(c.cause));
    EXPECT_THAT(message, HasSubstr("retry later"));
    EXPECT_THAT(message, Not(HasSubstr("3201011204780001")));
  }
}

// A TCP port that accepts connections (the kernel's backlog) and never answers.
class SilentPort {
 public:
  SilentPort() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof(address);
    if (bind(fd_, reinterpret_cast<sockaddr*>(&address), length) != 0 || listen(fd_, 16) != 0 ||
        getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      ADD_FAILURE() << "cannot open a listening socket";
    }
    port_ = ntohs(address.sin_port);
  }
  ~SilentPort() { close(fd_); }
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
};

TEST(GrpcPopulationRegistryTest, ARegistryThatDoesNotAnswerInTimeIsUnavailable) {
  SilentPort silent;
  auto registry = GrpcPopulationRegistry::Connect("127.0.0.1:" + std::to_string(silent.port()),
                                                 base::ClientTls{}, std::chrono::milliseconds(300));
  ASSERT_TRUE(registry.ok()) << registry.status();
  auto started = std::chrono::steady_clock::now();
  auto checks = (*registry)->Check(TwoMembers());
  auto elapsed = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(checks.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(std::string(checks.status().message()), HasSubstr("no answer within 300 ms"));
  EXPECT_LT(elapsed, std::chrono::seconds(5));
}

TEST(GrpcPopulationRegistryTest, NothingListeningIsUnavailable) {
  int port;
  { port = SilentPort().port(); }  // bound, then closed: nothing listens there now
  auto registry = GrpcPopulationRegistry::Connect("127.0.0.1:" + std::to_string(port),
                                                 base::ClientTls{}, std::chrono::milliseconds(2000));
  ASSERT_TRUE(registry.ok()) << registry.status();
  auto checks = (*registry)->Check(TwoMembers());
  EXPECT_EQ(checks.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(std::string(checks.status().message()), HasSubstr("civil registry unavailable"));
}

}  // namespace
}  // namespace usulan::registry
