#include "workflow/deliberation.h"

#include <optional>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace usulan::workflow {
namespace {

using ::testing::HasSubstr;

constexpr char kDesa[] = "3201012001";       // a desa: Musdes
constexpr char kKelurahan[] = "3201011001";  // a kelurahan: Muskel

const std::string kMinutes(64, 'b');

Actor Head(const std::string& region = kDesa) {
  return Actor{"kades-1", Role::kVillageHead, region};
}

std::string Msg(const absl::Status& status) { return std::string(status.message()); }

TEST(DeliberationTest, Names) {
  EXPECT_EQ(Name(DeliberationKind::kMusdes), "MUSDES");
  EXPECT_EQ(Name(DeliberationKind::kMuskel), "MUSKEL");
  EXPECT_EQ(Name(DeliberationStatus::kOpen), "OPEN");
  EXPECT_EQ(Name(DeliberationStatus::kClosed), "CLOSED");
  EXPECT_EQ(Name(AgendaOutcome::kPending), "PENDING");
  EXPECT_EQ(Name(AgendaOutcome::kAgreed), "AGREED");
  EXPECT_EQ(Name(AgendaOutcome::kRejected), "REJECTED");
  for (DeliberationKind k : {DeliberationKind::kMusdes, DeliberationKind::kMuskel}) {
    EXPECT_EQ(ParseDeliberationKind(Name(k)), k);
  }
  for (DeliberationStatus s : {DeliberationStatus::kOpen, DeliberationStatus::kClosed}) {
    EXPECT_EQ(ParseDeliberationStatus(Name(s)), s);
  }
  for (AgendaOutcome o :
       {AgendaOutcome::kPending, AgendaOutcome::kAgreed, AgendaOutcome::kRejected}) {
    EXPECT_EQ(ParseAgendaOutcome(Name(o)), o);
  }
  EXPECT_EQ(ParseDeliberationKind("musdes"), std::nullopt);
  EXPECT_EQ(ParseDeliberationStatus(""), std::nullopt);
  EXPECT_EQ(ParseAgendaOutcome("AGREE"), std::nullopt);
}

TEST(DeliberationTest, IsSha256Hex) {
  EXPECT_TRUE(IsSha256Hex(std::string(64, '0')));
  EXPECT_TRUE(IsSha256Hex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
  EXPECT_FALSE(IsSha256Hex("E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855"));
  EXPECT_FALSE(IsSha256Hex(std::string(63, 'a')));
  EXPECT_FALSE(IsSha256Hex(std::string(65, 'a')));
  EXPECT_FALSE(IsSha256Hex(std::string(63, 'a') + "g"));
  EXPECT_FALSE(IsSha256Hex(""));
}

TEST(DeliberationTest, IsIsoDate) {
  struct Case {
    std::string date;
    bool ok;
  };
  const std::vector<Case> cases = {
      {"2024-03-15", true},     {"2024-02-29", true},  {"2000-02-29", true},  {"2023-12-31", true},
      {"2024-04-30", true},     {"2023-02-29", false}, {"1900-02-29", false}, {"2024-04-31", false},
      {"2024-13-01", false},    {"2024-00-10", false}, {"2024-01-00", false}, {"2024-01-32", false},
      {"2024-3-15", false},     {"2024/03/15", false}, {"20240315", false},   {"24-03-15", false},
      {"2024-03-15T00", false}, {"", false},           {"abcd-ef-gh", false}, {"0000-01-01", false},
      {"2024-03-1a", false},
  };
  for (const Case& c : cases) EXPECT_EQ(IsIsoDate(c.date), c.ok) << c.date;
}

TEST(DeliberationTest, CheckOpenAcceptsTheVillageHeadWithTheRightKind) {
  EXPECT_TRUE(CheckOpen(Head(), DeliberationKind::kMusdes, kDesa, "2024-03-15").ok());
  EXPECT_TRUE(
      CheckOpen(Head(kKelurahan), DeliberationKind::kMuskel, kKelurahan, "2024-03-15").ok());
}

TEST(DeliberationTest, CheckOpenRefusals) {
  struct Case {
    std::string why;
    Actor actor;
    DeliberationKind kind;
    std::string desa;
    std::string date;
    absl::StatusCode code;
    std::string field;
  };
  const std::vector<Case> cases = {
      {"operator may not open", Actor{"op", Role::kVillageOperator, kDesa},
       DeliberationKind::kMusdes, kDesa, "2024-03-15", absl::StatusCode::kPermissionDenied,
       "village_operator"},
      {"district officer may not open", Actor{"d", Role::kDistrictOfficer, "3201"},
       DeliberationKind::kMusdes, kDesa, "2024-03-15", absl::StatusCode::kPermissionDenied,
       "district_officer"},
      {"head of another desa", Head("3201012002"), DeliberationKind::kMusdes, kDesa, "2024-03-15",
       absl::StatusCode::kPermissionDenied, "does not cover"},
      {"head with a district token", Head("3201"), DeliberationKind::kMusdes, kDesa, "2024-03-15",
       absl::StatusCode::kPermissionDenied, "village_head"},
      {"malformed desa", Head(), DeliberationKind::kMusdes, "320101200", "2024-03-15",
       absl::StatusCode::kInvalidArgument, "desa_code"},
      {"muskel in a desa", Head(), DeliberationKind::kMuskel, kDesa, "2024-03-15",
       absl::StatusCode::kInvalidArgument, "kind"},
      {"musdes in a kelurahan", Head(kKelurahan), DeliberationKind::kMusdes, kKelurahan,
       "2024-03-15", absl::StatusCode::kInvalidArgument, "kind"},
      {"no date", Head(), DeliberationKind::kMusdes, kDesa, "", absl::StatusCode::kInvalidArgument,
       "meeting_date"},
      {"impossible date", Head(), DeliberationKind::kMusdes, kDesa, "2024-02-30",
       absl::StatusCode::kInvalidArgument, "meeting_date"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.why);
    const absl::Status status = CheckOpen(c.actor, c.kind, c.desa, c.date);
    EXPECT_EQ(status.code(), c.code);
    EXPECT_THAT(Msg(status), HasSubstr(c.field));
  }
}

TEST(DeliberationTest, CheckOpenRefusalsCarryTheMachineRefusal) {
  EXPECT_EQ(RefusalOf(CheckOpen(Actor{"op", Role::kVillageOperator, kDesa},
                                DeliberationKind::kMusdes, kDesa, "2024-03-15")),
            Refusal::kRoleNotAllowed);
  EXPECT_EQ(
      RefusalOf(CheckOpen(Head("3201012002"), DeliberationKind::kMusdes, kDesa, "2024-03-15")),
      Refusal::kOutOfRegion);
}

TEST(DeliberationTest, CheckChange) {
  EXPECT_TRUE(CheckChange(Head(), kDesa, DeliberationStatus::kOpen).ok());

  const absl::Status closed = CheckChange(Head(), kDesa, DeliberationStatus::kClosed);
  EXPECT_EQ(closed.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(Msg(closed), HasSubstr("CLOSED"));

  EXPECT_EQ(
      CheckChange(Actor{"op", Role::kVillageOperator, kDesa}, kDesa, DeliberationStatus::kOpen)
          .code(),
      absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(RefusalOf(CheckChange(Head("3201012002"), kDesa, DeliberationStatus::kOpen)),
            Refusal::kOutOfRegion);
  // Permission is decided before state, so an outsider learns nothing.
  EXPECT_EQ(CheckChange(Head("3201012002"), kDesa, DeliberationStatus::kClosed).code(),
            absl::StatusCode::kPermissionDenied);
}

TEST(DeliberationTest, CheckOutcome) {
  EXPECT_TRUE(CheckOutcome(AgendaOutcome::kAgreed, "").ok());
  EXPECT_TRUE(CheckOutcome(AgendaOutcome::kRejected, "already receives PKH elsewhere").ok());

  const absl::Status pending = CheckOutcome(AgendaOutcome::kPending, "");
  EXPECT_EQ(pending.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Msg(pending), HasSubstr("outcome"));

  for (const char* blank : {"", "  "}) {
    const absl::Status no_reason = CheckOutcome(AgendaOutcome::kRejected, blank);
    EXPECT_EQ(no_reason.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(Msg(no_reason), HasSubstr("reason"));
  }
}

std::vector<AgendaItem> DecidedAgenda() {
  return {{"p-1", AgendaOutcome::kAgreed, ""}, {"p-2", AgendaOutcome::kRejected, "not poor"}};
}

TEST(DeliberationTest, CheckCloseAcceptsADecidedQuorateMeeting) {
  EXPECT_TRUE(CheckClose(DecidedAgenda(), 12, 10, kMinutes).ok());
  EXPECT_TRUE(CheckClose(DecidedAgenda(), 10, 10, kMinutes).ok());
}

TEST(DeliberationTest, CheckCloseRefusals) {
  struct Case {
    std::string why;
    std::vector<AgendaItem> agenda;
    int32_t attendance;
    int32_t quorum;
    std::string minutes;
    absl::StatusCode code;
    std::string text;
  };
  std::vector<AgendaItem> pending = DecidedAgenda();
  pending.push_back({"p-3", AgendaOutcome::kPending, ""});
  const std::vector<Case> cases = {
      {"empty agenda", {}, 12, 10, kMinutes, absl::StatusCode::kFailedPrecondition, "agenda"},
      {"pending item", pending, 12, 10, kMinutes, absl::StatusCode::kFailedPrecondition,
       "agenda[2]"},
      {"quorum not reached", DecidedAgenda(), 9, 10, kMinutes,
       absl::StatusCode::kFailedPrecondition, "quorum not reached"},
      {"zero quorum", DecidedAgenda(), 12, 0, kMinutes, absl::StatusCode::kInvalidArgument,
       "quorum"},
      {"negative attendance", DecidedAgenda(), -1, 1, kMinutes, absl::StatusCode::kInvalidArgument,
       "attendance"},
      {"bad minutes hash", DecidedAgenda(), 12, 10, "ABC", absl::StatusCode::kInvalidArgument,
       "minutes_sha256"},
      {"upper-case minutes hash", DecidedAgenda(), 12, 10, std::string(64, 'B'),
       absl::StatusCode::kInvalidArgument, "minutes_sha256"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.why);
    const absl::Status status = CheckClose(c.agenda, c.attendance, c.quorum, c.minutes);
    EXPECT_EQ(status.code(), c.code);
    EXPECT_THAT(Msg(status), HasSubstr(c.text));
  }
}

TEST(DeliberationTest, DeliberatePayloadCarriesTheMeeting) {
  const Payload agreed =
      DeliberatePayload({"p-1", AgendaOutcome::kAgreed, ""}, "delib-9", kMinutes, 12, 10);
  EXPECT_EQ(agreed.verdict, true);
  EXPECT_EQ(agreed.reason, "");
  EXPECT_EQ(agreed.document_hashes, std::vector<std::string>{kMinutes});
  EXPECT_EQ(agreed.attributes, (std::map<std::string, std::string>{
                                   {"deliberation_id", "delib-9"},
                                   {"minutes_sha256", kMinutes},
                                   {"attendance", "12"},
                                   {"quorum", "10"},
                               }));

  const Payload rejected =
      DeliberatePayload({"p-2", AgendaOutcome::kRejected, "not poor"}, "delib-9", kMinutes, 12, 10);
  EXPECT_EQ(rejected.verdict, false);
  EXPECT_EQ(rejected.reason, "not poor");
}

// The payload built at closing must be one the machine accepts, for both outcomes.
TEST(DeliberationTest, DeliberatePayloadSatisfiesTheMachine) {
  struct Case {
    AgendaItem item;
    State to;
  };
  for (const Case& c :
       {Case{{"p-1", AgendaOutcome::kAgreed, ""}, State::kAgreed},
        Case{{"p-2", AgendaOutcome::kRejected, "not poor"}, State::kRejectedInDeliberation}}) {
    TransitionRequest request;
    request.proposal.state = State::kPrelist;
    request.proposal.version = 3;
    request.proposal.desa_code = kDesa;
    request.event = Event::kDeliberate;
    request.actor = Head();
    request.payload = DeliberatePayload(c.item, "delib-9", kMinutes, 12, 10);
    const absl::StatusOr<Decision> decision = Decide(request);
    ASSERT_TRUE(decision.ok()) << decision.status();
    EXPECT_EQ(decision->next_state, c.to);
    EXPECT_EQ(decision->audit.evidence_hashes, std::vector<std::string>{kMinutes});
  }
}

}  // namespace
}  // namespace usulan::workflow
