#include "services/convert.h"

#include <gtest/gtest.h>

namespace usulan::services {
namespace {

// Every domain value has a proto twin and back: a value added on one side only
// would break the name-based mapping silently without this.
TEST(ConvertTest, EveryStateAndKindMapsBothWays) {
  for (workflow::State state : workflow::kAllStates) {
    v1::ProposalState proto = ToProto(state);
    EXPECT_NE(proto, v1::PROPOSAL_STATE_UNSPECIFIED) << workflow::Name(state);
    EXPECT_EQ(FromProto(proto), state);
  }
  for (workflow::Kind kind : workflow::kAllKinds) {
    v1::ProposalKind proto = ToProto(kind);
    EXPECT_NE(proto, v1::PROPOSAL_KIND_UNSPECIFIED);
    EXPECT_EQ(FromProto(proto), kind);
  }
  for (workflow::Route route : workflow::kAllRoutes) {
    v1::ProposalRoute proto = ToProto(route);
    EXPECT_NE(proto, v1::PROPOSAL_ROUTE_UNSPECIFIED) << workflow::Name(route);
    EXPECT_EQ(FromProto(proto), route);
  }
  EXPECT_EQ(FromProto(v1::PROPOSAL_ROUTE_UNSPECIFIED), std::nullopt);
  EXPECT_EQ(v1::ProposalRoute_descriptor()->value_count(),
            static_cast<int>(workflow::kAllRoutes.size()) + 1);
  EXPECT_EQ(ToProto(workflow::Route::kPbiJk), v1::PROPOSAL_ROUTE_PBI_JK);
  EXPECT_EQ(ToProto(workflow::State::kDeclined), v1::PROPOSAL_STATE_DECLINED);
  EXPECT_EQ(v1::PROPOSAL_STATE_CITIZEN_PROPOSED, 21);
  EXPECT_EQ(v1::PROPOSAL_STATE_DECLINED, 25);
  EXPECT_EQ(FromProto(v1::PROPOSAL_STATE_UNSPECIFIED), std::nullopt);
  EXPECT_EQ(v1::ProposalState_descriptor()->value_count(),
            static_cast<int>(workflow::kAllStates.size()) + 1);
}

// A request's repeated enum field: every value read in order, or the first
// unreadable one named by its index (UNSPECIFIED, or a number the server lacks).
TEST(ConvertTest, FromProtoEachNamesTheFirstValueItCannotRead) {
  v1::ListProposalsRequest request;
  request.add_routes(v1::PROPOSAL_ROUTE_PBI_JK);
  request.add_routes(v1::PROPOSAL_ROUTE_VILLAGE);
  auto routes = FromProtoEach<v1::ProposalRoute>("routes", "route", request.routes());
  ASSERT_TRUE(routes.ok()) << routes.status();
  EXPECT_EQ(*routes, (std::vector<workflow::Route>{workflow::Route::kPbiJk,
                                                   workflow::Route::kVillage}));
  request.add_routes(v1::PROPOSAL_ROUTE_UNSPECIFIED);
  routes = FromProtoEach<v1::ProposalRoute>("routes", "route", request.routes());
  EXPECT_EQ(routes.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(routes.status().message(), "routes[2] is not a route");
  request.add_kinds(static_cast<v1::ProposalKind>(99));
  EXPECT_EQ(FromProtoEach<v1::ProposalKind>("kinds", "kind", request.kinds()).status().message(),
            "kinds[0] is not a kind");
}

TEST(ConvertTest, DeliberationEnumsMapBothWays) {
  for (auto kind : {workflow::DeliberationKind::kMusdes, workflow::DeliberationKind::kMuskel}) {
    EXPECT_EQ(FromProto(ToProto(kind)), kind);
  }
  for (auto outcome : {workflow::AgendaOutcome::kAgreed, workflow::AgendaOutcome::kRejected}) {
    EXPECT_EQ(FromProto(ToProto(outcome)), outcome);
  }
  EXPECT_EQ(ToProto(workflow::AgendaOutcome::kPending), v1::AGENDA_OUTCOME_UNSPECIFIED);
  for (auto reason : {workflow::DeactivationReason::kDeceased, workflow::DeactivationReason::kMoved,
                      workflow::DeactivationReason::kNoLongerPoor,
                      workflow::DeactivationReason::kDuplicate,
                      workflow::DeactivationReason::kIneligibleOccupation}) {
    EXPECT_EQ(FromProto(ToProto(reason)), reason);
  }
}

TEST(ConvertTest, HouseholdRoundTripsAndUnknownEnumsBecomeUnspecified) {
  v1::Household proto;
  proto.set_kk_number("3201010101200001");
  v1::Member* member = proto.add_members();
  member->set_nik("3201011503800001");
  member->set_relationship(v1::RELATIONSHIP_HEAD);
  member->set_sex(v1::SEX_MALE);
  proto.mutable_socio_economic()->set_floor_area_m2(21);
  v1::Member* odd = proto.add_members();
  odd->set_relationship(static_cast<v1::Relationship>(42));
  workflow::Household domain = FromProto(proto);
  EXPECT_EQ(domain.members[0].relationship, workflow::Relationship::kHead);
  EXPECT_EQ(domain.members[1].relationship, workflow::Relationship::kUnspecified);
  v1::Household back;
  ToProto(domain, &back);
  EXPECT_EQ(back.members(0).nik(), "3201011503800001");
  EXPECT_EQ(back.socio_economic().floor_area_m2(), 21);
}

TEST(ConvertTest, TimestampsKeepMicroseconds) {
  google::protobuf::Timestamp out;
  ToProto(storage::TimePoint(std::chrono::microseconds(1'700'000'000'000'001)), &out);
  EXPECT_EQ(out.seconds(), 1'700'000'000);
  EXPECT_EQ(out.nanos(), 1000);
}

}  // namespace
}  // namespace usulan::services
