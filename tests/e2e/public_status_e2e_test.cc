// The public status check (PublicStatusService.CheckStatus, docs/public-status.md)
// through the real server and PostgreSQL: a member of an accepted household is
// found by exact name in its desa, whatever the case and spacing, with a masked
// name, the status and the programmes; a partial name, the name in another desa
// and a household that is not listed find nothing; bad codes and names are
// INVALID_ARGUMENT naming the field; no token is needed, and no other RPC is
// served without one; each client address and all clients together are
// rate-limited (RESOURCE_EXHAUSTED with a retry hint), on the server's clock.
#include <algorithm>

#include "audit/digest.h"
#include "audit/keyed_hash.h"
#include "tests/e2e/lifecycle_driver.h"
#include "tests/e2e/raw_call.h"
#include "tests/e2e/rpc_coverage.h"
#include "tests/support/build_paths.h"
#include "usulan/v1/public_status_service.grpc.pb.h"
#include "workflow/person_name.h"

namespace usulan::testing {
namespace {

using ::testing::HasSubstr;

constexpr char kDecree[] = "Kepmensos 16/HUK/2026";
constexpr char kCheckStatus[] = "/usulan.v1.PublicStatusService/CheckStatus";

class PublicStatusE2eTest : public LifecycleTest {
 protected:
  void SetUp() override {
    LifecycleTest::SetUp();
    public_status_ = v1::PublicStatusService::NewStub(channel_);
  }
  // Room for every call of a test; the limits have tests of their own below.
  void ConfigureServer(server::ServerOptions& options) override {
    options.public_status = {1000, 1000, 100000};
  }

  // NEW proposals of desa A (seeds from `first`) accepted in one batch, but the
  // last `rejected`; answers their ids in batch order.
  std::vector<std::string> Decided(int first, int count, int rejected = 0) {
    v1::Batch batch = ToCentralReview(first, count);
    std::vector<std::string> ids;
    for (const auto& member : batch.members()) ids.push_back(member.proposal_id());
    v1::DecideBatchRequest request;
    request.set_request_id(NextRequestId());
    request.set_batch_id(batch.batch_id());
    request.set_decree_number(kDecree);
    for (int i = count - rejected; i < count; ++i) {
      v1::DecisionException* e = request.add_exceptions();
      e->set_proposal_id(ids[i]);
      e->set_action(v1::EXCEPTION_ACTION_REJECT);
      e->set_reason_code("NOT_POOR");
      e->set_reason("household above the threshold");
    }
    v1::BatchDecision decision;
    grpc::Status decided =
        decisions_->DecideBatch(Context(PusdatinToken()).get(), request, &decision);
    EXPECT_TRUE(decided.ok()) << decided.error_message();
    return ids;
  }

  // Gives a member a KTP-like name, as the village could have typed it, and
  // lets the server's start-up back-fill hash it (the path of rows written
  // before 0014_public_status.sql).
  void Rename(const std::string& proposal_id, int position, const std::string& name) {
    database_->QueryValueAsSuperuser(
        "WITH u AS (UPDATE members SET name = '" + name + "', name_hmac = NULL "
        "WHERE proposal_id = '" + proposal_id + "' AND position = " + std::to_string(position) +
        " RETURNING 1) SELECT count(*) FROM u");
    absl::Status filled = db_->InTransaction([](storage::Tx& tx) -> absl::Status {
      auto n = tx.public_status().BackfillNameHmac(100);
      return n.ok() ? absl::OkStatus() : n.status();
    });
    ASSERT_TRUE(filled.ok()) << filled;
  }

  static v1::CheckStatusRequest Ask(const std::string& desa, const std::string& name) {
    v1::CheckStatusRequest request;
    request.set_province_code(desa.substr(0, 2));
    request.set_kabupaten_code(desa.substr(0, 4));
    request.set_kecamatan_code(desa.substr(0, 6));
    request.set_desa_code(desa);
    request.set_full_name(name);
    return request;
  }

  // Without a token, as the public asks.
  grpc::Status Check(const v1::CheckStatusRequest& request, v1::CheckStatusResponse* out,
                     grpc::ClientContext* context = nullptr) {
    auto own = Context("");
    return public_status_->CheckStatus(context ? context : own.get(), request, out);
  }

  std::unique_ptr<v1::PublicStatusService::Stub> public_status_;
};

TEST_F(PublicStatusE2eTest, AListedMemberIsFoundByExactNameWithoutAToken) {
  const std::vector<std::string> ids = Decided(71, 2, /*rejected=*/1);
  Rename(ids[0], 2, "Siti Aminah");  // the spouse of the accepted household
  Rename(ids[1], 2, "Dewi Lestari");  // of the rejected one: never listed

  v1::CheckStatusResponse found;
  grpc::Status status = Check(Ask(kDesaA, "SITI AMINAH"), &found);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(found.matches_size(), 1);
  EXPECT_EQ(found.matches(0).masked_name(), "S*** A*****");
  EXPECT_EQ(found.matches(0).status(), v1::ENTRY_STATUS_ACTIVE);
  EXPECT_FALSE(found.matches(0).since_cycle().empty());
  // The listing's id: what a neighbour quotes to object (the entry's id is the
  // accepted NEW proposal's).
  EXPECT_EQ(found.matches(0).entry_id(), ids[0]);
  const std::string answer = found.DebugString();
  EXPECT_THAT(answer, ::testing::Not(HasSubstr("AMINAH")));
  EXPECT_THAT(answer, ::testing::Not(HasSubstr("Aminah")));

  // Case and runs of spaces do not matter.
  for (const char* spelling : {"siti aminah", "  Siti   AMINAH ", "sItI\xC2\xA0" "aminah"}) {
    v1::CheckStatusResponse again;
    ASSERT_TRUE(Check(Ask(kDesaA, spelling), &again).ok()) << spelling;
    EXPECT_EQ(again.matches_size(), 1) << spelling;
  }
  // No partial match, no other desa, no household that is not listed.
  for (const auto& [desa, name] : std::vector<std::pair<std::string, std::string>>{
           {kDesaA, "Siti Amina"},
           {kDesaA, "Siti Aminah Putri"},
           {kDesaA, "S. Aminah"},
           {kDesaB, "Siti Aminah"},
           {kDesaA, "Dewi Lestari"},
           {kDesaA, "Nama Tidak Ada"}}) {
    v1::CheckStatusResponse none;
    ASSERT_TRUE(Check(Ask(desa, name), &none).ok()) << name;
    EXPECT_EQ(none.matches_size(), 0) << desa << " " << name;
  }
}

TEST_F(PublicStatusE2eTest, AnInactiveEntryAnswersInactiveWithItsProgrammes) {
  const std::vector<std::string> ids = Decided(73, 1);
  Rename(ids[0], 1, "Budi Santoso");
  database_->QueryValueAsSuperuser(
      "WITH u AS (UPDATE register_entries SET status = 'INACTIVE', programmes = '{PBI-JK}' "
      "WHERE id = '" + ids[0] + "' RETURNING 1) SELECT count(*) FROM u");
  v1::CheckStatusResponse found;
  ASSERT_TRUE(Check(Ask(kDesaA, "budi santoso"), &found).ok());
  ASSERT_EQ(found.matches_size(), 1);
  EXPECT_EQ(found.matches(0).masked_name(), "B*** S******");
  EXPECT_EQ(found.matches(0).status(), v1::ENTRY_STATUS_INACTIVE);
  ASSERT_EQ(found.matches(0).programmes_size(), 1);
  EXPECT_EQ(found.matches(0).programmes(0), "PBI-JK");
}

TEST_F(PublicStatusE2eTest, NamesAreHashedAsTheyAreWritten) {
  // A proposal's members get their name hash when written, not only by the
  // back-fill: the stored hash is the keyed hash of the normalised name.
  const v1::Proposal created = CreateAndSubmit(kDesaA, 75);
  const std::string name = MakeHousehold(kDesaA, 75).members(0).name();
  const std::string stored = database_->QueryValueAsSuperuser(
      "SELECT encode(name_hmac, 'hex') FROM members WHERE proposal_id = '" +
      created.proposal_id() + "' AND position = 1");
  EXPECT_EQ(stored, audit::ToHex(audit::NameHmac(nik_key_, workflow::NormalizeName(name))));
  EXPECT_EQ(CountRows("members WHERE name_hmac IS NULL"), 0);
}

TEST_F(PublicStatusE2eTest, BadCodesAndNamesAreInvalidArgumentNamingTheField) {
  struct Case {
    v1::CheckStatusRequest request;
    std::string message_start;
  };
  auto with = [](auto change) {
    v1::CheckStatusRequest r = Ask(kDesaA, "Siti Aminah");
    change(r);
    return r;
  };
  const Case cases[] = {
      {with([](auto& r) { r.set_province_code(""); }), "province_code must be 2 digits"},
      {with([](auto& r) { r.set_kabupaten_code("3301"); }), "kabupaten_code is not under"},
      {with([](auto& r) { r.set_kecamatan_code("320102"); }), "desa_code is not under"},
      {with([](auto& r) { r.set_desa_code("320101"); }), "desa_code must be 10 digits"},
      {with([](auto& r) { r.set_desa_code("32010120x1"); }), "desa_code must be 10 digits"},
      {with([](auto& r) { r.set_full_name("Siti"); }), "full_name must have at least two words"},
      {with([](auto& r) { r.set_full_name(""); }), "full_name must be 3..100 characters"},
      {with([](auto& r) { r.set_full_name("Siti Aminah 3201014101900099"); }),
       "full_name may hold only letters"},
      {with([](auto& r) { r.set_full_name("Siti A%"); }), "full_name may hold only letters"},
      {with([](auto& r) { r.set_full_name(std::string(101, 'a')); }), "full_name must be"},
  };
  for (const Case& c : cases) {
    v1::CheckStatusResponse out;
    grpc::Status status = Check(c.request, &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << c.message_start;
    EXPECT_EQ(status.error_message().rfind(c.message_start, 0), 0u)
        << status.error_message() << " (expected to start with " << c.message_start << ")";
    // A refusal never repeats what was sent as a name.
    EXPECT_THAT(status.error_message(), ::testing::Not(HasSubstr("Siti")));
  }
}

TEST_F(PublicStatusE2eTest, OnlyCheckStatusIsServedWithoutAToken) {
  ASSERT_NE(v1::CheckStatusRequest::descriptor(), nullptr);
  std::vector<std::string> problems;
  const std::vector<std::string> methods = UsulanMethods(ProtoDir(), &problems);
  int refused = 0;
  for (const std::string& method : methods) {
    if (method.rfind("/usulan.v1.", 0) != 0) continue;  // protocols the server calls
    const RawAnswer answer = RawCall(channel_, method, {""}, "");
    if (method == kCheckStatus) {
      // Served: the empty request reaches the edge validation.
      EXPECT_EQ(answer.code, grpc::StatusCode::INVALID_ARGUMENT) << answer.message;
      continue;
    }
    EXPECT_EQ(answer.code, grpc::StatusCode::UNAUTHENTICATED) << method << ": " << answer.message;
    ++refused;
  }
  EXPECT_GT(refused, 40);
  // And a token, when sent, changes nothing: not even a forged one is read.
  v1::CheckStatusResponse out;
  auto forged = Context("not-a-token");
  EXPECT_TRUE(Check(Ask(kDesaA, "Siti Aminah"), &out, forged.get()).ok());
}

// Small limits, on the server's (manual) clock.
class PublicStatusLimitE2eTest : public PublicStatusE2eTest {
 protected:
  void ConfigureServer(server::ServerOptions& options) override {
    options.public_status = {/*per_minute=*/6, /*burst=*/3, /*global_per_minute=*/100000};
  }
};

TEST_F(PublicStatusLimitE2eTest, EachClientIsLimitedWithARetryHint) {
  v1::CheckStatusResponse out;
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(Check(Ask(kDesaA, "Siti Aminah"), &out).ok()) << i;
  }
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  grpc::Status refused = Check(Ask(kDesaA, "Siti Aminah"), &out, &context);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(refused.error_message(), HasSubstr("retry in 10 s"));
  const auto& trailers = context.GetServerTrailingMetadata();
  auto hint = trailers.find("retry-after-ms");
  ASSERT_NE(hint, trailers.end());
  // 6 a minute: the next token 10 s after the burst (the test's clock moves a
  // little on its own as calls are made).
  const int retry_ms = std::stoi(std::string(hint->second.data(), hint->second.size()));
  EXPECT_GT(retry_ms, 9000);
  EXPECT_LE(retry_ms, 10000);
  // A bad request is refused before the limiter: it costs nothing, reveals nothing.
  EXPECT_EQ(Check(Ask(kDesaA, "Siti"), &out).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  // 6 a minute: one more every 10 s.
  clock_.Advance(std::chrono::seconds(10));
  EXPECT_TRUE(Check(Ask(kDesaA, "Siti Aminah"), &out).ok());
  EXPECT_EQ(Check(Ask(kDesaA, "Siti Aminah"), &out).error_code(),
            grpc::StatusCode::RESOURCE_EXHAUSTED);
}

// Behind a trusted proxy (usulan-web), each client address it forwards has a
// bucket of its own; the test's client, on 127.0.0.1, plays the proxy.
class PublicStatusProxyE2eTest : public PublicStatusE2eTest {
 protected:
  void ConfigureServer(server::ServerOptions& options) override {
    options.public_status = {/*per_minute=*/6, /*burst=*/1, /*global_per_minute=*/100000};
    options.public_status.trusted_proxies = TrustedProxies();
  }
  virtual std::vector<std::string> TrustedProxies() const { return {"127.0.0.1"}; }

  // A check forwarded for `client` (the header usulan-web sets).
  grpc::StatusCode CheckFor(const std::string& client) {
    auto context = Context("");
    context->AddMetadata("x-usulan-client-address", client);
    v1::CheckStatusResponse out;
    return Check(Ask(kDesaA, "Siti Aminah"), &out, context.get()).error_code();
  }
};

TEST_F(PublicStatusProxyE2eTest, EachForwardedAddressHasABucketOfItsOwn) {
  EXPECT_EQ(CheckFor("198.51.100.7"), grpc::StatusCode::OK);
  EXPECT_EQ(CheckFor("198.51.100.7"), grpc::StatusCode::RESOURCE_EXHAUSTED);  // its burst of 1
  EXPECT_EQ(CheckFor("198.51.100.8"), grpc::StatusCode::OK);                  // another browser
  EXPECT_EQ(CheckFor("2001:db8:1:2::9"), grpc::StatusCode::OK);
  EXPECT_EQ(CheckFor("2001:db8:1:2::a"), grpc::StatusCode::RESOURCE_EXHAUSTED);  // same /64
  // The proxy's own checks, without the header, are its own client's.
  v1::CheckStatusResponse out;
  EXPECT_TRUE(Check(Ask(kDesaA, "Siti Aminah"), &out).ok());
  EXPECT_EQ(Check(Ask(kDesaA, "Siti Aminah"), &out).error_code(),
            grpc::StatusCode::RESOURCE_EXHAUSTED);
  // A malformed header from the proxy is refused naming it, before any bucket.
  auto context = Context("");
  context->AddMetadata("x-usulan-client-address", "198.51.100.9:4431");
  grpc::Status refused = Check(Ask(kDesaA, "Siti Aminah"), &out, context.get());
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(refused.error_message(), HasSubstr("x-usulan-client-address must be one IPv4"));
  EXPECT_EQ(CheckFor("198.51.100.9"), grpc::StatusCode::OK);
}

// Control: the same calls from a peer that is not a trusted proxy share its one
// bucket, whatever the header says.
class PublicStatusUntrustedProxyE2eTest : public PublicStatusProxyE2eTest {
 protected:
  std::vector<std::string> TrustedProxies() const override { return {"192.0.2.1"}; }
};

TEST_F(PublicStatusUntrustedProxyE2eTest, AnUntrustedPeersHeaderIsIgnored) {
  EXPECT_EQ(CheckFor("198.51.100.7"), grpc::StatusCode::OK);
  EXPECT_EQ(CheckFor("198.51.100.8"), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(CheckFor("not an address"), grpc::StatusCode::RESOURCE_EXHAUSTED);
}

class PublicStatusGlobalLimitE2eTest : public PublicStatusE2eTest {
 protected:
  void ConfigureServer(server::ServerOptions& options) override {
    options.public_status = {/*per_minute=*/1000, /*burst=*/1000, /*global_per_minute=*/2};
  }
};

TEST_F(PublicStatusGlobalLimitE2eTest, AllClientsTogetherAreCapped) {
  v1::CheckStatusResponse out;
  EXPECT_TRUE(Check(Ask(kDesaA, "Siti Aminah"), &out).ok());
  EXPECT_TRUE(Check(Ask(kDesaB, "Budi Santoso"), &out).ok());
  grpc::Status refused = Check(Ask(kDesaA, "Siti Aminah"), &out);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(refused.error_message(), HasSubstr("too many status checks right now; retry in 30 s"));
  clock_.Advance(std::chrono::seconds(30));
  EXPECT_TRUE(Check(Ask(kDesaA, "Siti Aminah"), &out).ok());
}

}  // namespace
}  // namespace usulan::testing
