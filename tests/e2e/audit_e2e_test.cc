// The tamper-evident audit trail through the real server on a real PostgreSQL:
// each kind of tampering an attacker with superuser rights could do directly in the
// database (with the append-only trigger switched off, as such an attacker can) is
// detected by AuditService.VerifyChain; export, checkpoints, inclusion proofs and
// their authorization.
#include <thread>

#include "audit/checkpoint.h"
#include "audit/digest.h"
#include "audit/merkle.h"
#include "audit/transition_encoding.h"
#include "tests/e2e/e2e_fixture.h"

namespace usulan::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

class AuditE2eTest : public E2eTest {
 protected:
  std::string AuditorToken(const std::string& region = "") const {
    return Token(workflow::Role::kAuditor, region, "auditor.bpk");
  }

  v1::VerifyChainResponse VerifyEverything() {
    v1::VerifyChainRequest request;
    request.set_everything(true);
    return Verify(request);
  }

  v1::VerifyChainResponse Verify(const v1::VerifyChainRequest& request,
                                 const std::string& token = "") {
    v1::VerifyChainResponse response;
    grpc::Status status = audit_->VerifyChain(Context(token.empty() ? AuditorToken() : token).get(),
                                              request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  grpc::StatusCode VerifyCode(const v1::VerifyChainRequest& request, const std::string& token) {
    v1::VerifyChainResponse response;
    return audit_->VerifyChain(Context(token).get(), request, &response).error_code();
  }

  v1::CreateCheckpointResponse Checkpoint() {
    v1::CreateCheckpointRequest request;
    request.set_request_id(NextRequestId());
    v1::CreateCheckpointResponse response;
    grpc::Status status =
        audit_->CreateCheckpoint(Context(AuditorToken()).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  std::vector<v1::AuditedTransition> Export(const v1::ExportTransitionsRequest& request,
                                            const std::string& token, grpc::Status* status) {
    auto context = Context(token);
    auto reader = audit_->ExportTransitions(context.get(), request);
    std::vector<v1::AuditedTransition> rows;
    v1::AuditedTransition row;
    while (reader->Read(&row)) rows.push_back(row);
    *status = reader->Finish();
    return rows;
  }

  // Runs SQL as a superuser with the append-only trigger (and every other user
  // trigger) switched off, as an attacker with superuser rights can.
  void Tamper(const std::string& sql) {
    database_->ExecAsSuperuser("BEGIN; SET LOCAL session_replication_role = replica; " + sql +
                               "; COMMIT");
  }

  std::string Where(const std::string& proposal_id, int sequence) {
    return " WHERE proposal_id = '" + proposal_id + "' AND sequence = " + std::to_string(sequence);
  }

  // The stored row as the encoding sees it (through the export, as an auditor).
  audit::TransitionFields Fields(const v1::AuditedTransition& row) {
    const v1::Transition& t = row.transition();
    audit::TransitionFields f;
    f.proposal_id = t.proposal_id();
    f.sequence = t.sequence();
    if (t.from_state() != v1::PROPOSAL_STATE_UNSPECIFIED) {
      f.from_state = v1::ProposalState_Name(t.from_state()).substr(15);
    }
    f.to_state = v1::ProposalState_Name(t.to_state()).substr(15);
    f.event = t.event();
    f.actor_id = t.actor_id();
    f.role = t.role();
    f.region_code = t.region_code();
    f.reason = t.reason();
    f.evidence_hashes.assign(t.evidence_hashes().begin(), t.evidence_hashes().end());
    for (const auto& [key, value] : t.attributes()) f.attributes[key] = value;
    f.request_id = t.request_id();
    f.at_us = t.at().seconds() * 1'000'000 + t.at().nanos() / 1000;
    f.machine_version = t.machine_version();
    f.prev_hash = row.prev_hash();
    return f;
  }

  std::vector<v1::AuditedTransition> ExportAll() {
    grpc::Status status;
    auto rows = Export(v1::ExportTransitionsRequest(), AuditorToken(), &status);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return rows;
  }

  static std::vector<v1::AuditFindingKind> Kinds(const v1::VerifyChainResponse& response) {
    std::vector<v1::AuditFindingKind> kinds;
    for (const auto& finding : response.findings()) kinds.push_back(finding.kind());
    return kinds;
  }
};

// Two submitted proposals: three rows each (create, submit, nik_checked).
TEST_F(AuditE2eTest, IntactTrailVerifiesAndRowsCarryTheirHashes) {
  v1::Proposal a = CreateAndSubmit(kDesaA, 1);
  v1::Proposal b = CreateAndSubmit(kDesaB, 2);
  ASSERT_EQ(a.version(), 3);
  v1::CreateCheckpointResponse made = Checkpoint();
  EXPECT_TRUE(made.created());
  EXPECT_EQ(made.checkpoint().sequence(), 1);
  EXPECT_EQ(made.checkpoint().transition_count(), 6);
  CreateAndSubmit(kDesaA, 3);  // after the checkpoint

  v1::VerifyChainResponse response = VerifyEverything();
  EXPECT_TRUE(response.ok());
  EXPECT_THAT(Kinds(response), IsEmpty());
  EXPECT_EQ(response.proposals_checked(), 3);
  EXPECT_EQ(response.transitions_checked(), 9);
  EXPECT_EQ(response.checkpoints_checked(), 1);
  EXPECT_EQ(response.checkpoint_roots_recomputed(), 1);
  EXPECT_EQ(response.transitions_not_checkpointed(), 3);

  // Each exported row's hash is the SHA-256 of its canonical encoding, chained.
  std::map<std::string, std::string> previous;
  for (const auto& row : ExportAll()) {
    const std::string& id = row.transition().proposal_id();
    EXPECT_EQ(row.prev_hash(), previous.count(id) ? previous[id] : std::string(64, '0'));
    EXPECT_EQ(audit::TransitionHash(Fields(row)), row.hash());
    previous[id] = row.hash();
  }
  EXPECT_EQ(previous.size(), 3u);
}

TEST_F(AuditE2eTest, UpdatedFieldIsDetected) {
  v1::Proposal a = CreateAndSubmit(kDesaA, 1);
  CreateAndSubmit(kDesaA, 2);
  Checkpoint();
  Tamper("UPDATE transitions SET reason = 'disetujui kepala desa'" + Where(a.proposal_id(), 2));
  v1::VerifyChainResponse response = VerifyEverything();
  EXPECT_FALSE(response.ok());
  ASSERT_THAT(Kinds(response), ElementsAre(v1::AUDIT_FINDING_KIND_ROW_ALTERED));
  EXPECT_EQ(response.findings(0).proposal_id(), a.proposal_id());
  EXPECT_EQ(response.findings(0).sequence(), 2);
  EXPECT_THAT(response.findings(0).detail(), HasSubstr("does not match its hash"));

  // Evidence and attributes too.
  Tamper("UPDATE transitions SET evidence_hashes = '{}', attributes = '{\"x\":\"y\"}'" +
         Where(a.proposal_id(), 3));
  EXPECT_THAT(Kinds(VerifyEverything()),
              ElementsAre(v1::AUDIT_FINDING_KIND_ROW_ALTERED, v1::AUDIT_FINDING_KIND_ROW_ALTERED));
}

TEST_F(AuditE2eTest, DeletedRowsAreDetected) {
  v1::Proposal a = CreateAndSubmit(kDesaA, 1);
  v1::Proposal b = CreateAndSubmit(kDesaA, 2);
  Checkpoint();
  Tamper("DELETE FROM transitions" + Where(a.proposal_id(), 2));
  v1::VerifyChainResponse response = VerifyEverything();
  EXPECT_THAT(Kinds(response), ElementsAre(v1::AUDIT_FINDING_KIND_ROW_MISSING,
                                           v1::AUDIT_FINDING_KIND_CHECKPOINT_COUNT_MISMATCH,
                                           v1::AUDIT_FINDING_KIND_CHECKPOINT_ROOT_MISMATCH));
  EXPECT_EQ(response.findings(0).proposal_id(), a.proposal_id());
  EXPECT_EQ(response.findings(0).sequence(), 2);
  EXPECT_EQ(response.findings(1).checkpoint_sequence(), 1);

  // The last row of a chain: only the proposal's version and the checkpoint tell.
  Tamper("DELETE FROM transitions" + Where(b.proposal_id(), 3));
  response = VerifyEverything();
  const v1::AuditFinding* tail = nullptr;
  for (const auto& finding : response.findings()) {
    if (finding.proposal_id() == b.proposal_id()) tail = &finding;
  }
  ASSERT_NE(tail, nullptr);
  EXPECT_EQ(tail->kind(), v1::AUDIT_FINDING_KIND_ROW_MISSING);
  EXPECT_EQ(tail->sequence(), 3);
  EXPECT_THAT(tail->detail(), HasSubstr("ends before the proposal's version"));
  EXPECT_EQ(response.findings_size(), 4);
}

TEST_F(AuditE2eTest, ReorderedRowsAreDetected) {
  v1::Proposal a = CreateAndSubmit(kDesaA, 1);
  Checkpoint();
  // Swap the sequences of rows 2 and 3.
  Tamper("UPDATE transitions SET sequence = 1000" + Where(a.proposal_id(), 2) +
         "; UPDATE transitions SET sequence = 2" + Where(a.proposal_id(), 3) +
         "; UPDATE transitions SET sequence = 3" + Where(a.proposal_id(), 1000));
  v1::VerifyChainResponse response = VerifyEverything();
  ASSERT_THAT(Kinds(response), ElementsAre(v1::AUDIT_FINDING_KIND_ROW_REORDERED,
                                           v1::AUDIT_FINDING_KIND_ROW_REORDERED));
  EXPECT_EQ(response.findings(0).sequence(), 2);
  EXPECT_EQ(response.findings(0).detail(),
            "the row stored as sequence 2 was written as sequence 3");
}

TEST_F(AuditE2eTest, ReorderedLogIsDetectedByTheCheckpoint) {
  v1::Proposal a = CreateAndSubmit(kDesaA, 1);
  Checkpoint();
  // Swap two rows' places in log order (the leaf order of the checkpoint's tree).
  auto log_index = [&](int sequence) {
    return database_->QueryValueAsSuperuser("SELECT log_index FROM transitions" +
                                            Where(a.proposal_id(), sequence));
  };
  const std::string first = log_index(1), second = log_index(2);
  Tamper(
      "ALTER TABLE transitions ALTER COLUMN log_index SET GENERATED BY DEFAULT; "
      "UPDATE transitions SET log_index = -1" +
      Where(a.proposal_id(), 1) + "; UPDATE transitions SET log_index = " + first +
      Where(a.proposal_id(), 2) + "; UPDATE transitions SET log_index = " + second +
      Where(a.proposal_id(), 1));
  EXPECT_THAT(Kinds(VerifyEverything()),
              ElementsAre(v1::AUDIT_FINDING_KIND_CHECKPOINT_ROOT_MISMATCH));
}

TEST_F(AuditE2eTest, InsertedForgedRowsAreDetected) {
  v1::Proposal a = CreateAndSubmit(kDesaA, 1);
  // Leave unused log indexes inside the next checkpoint's range (as rolled-back
  // inserts do), for a forged row to slip into.
  database_->ExecAsSuperuser(
      "SELECT setval(pg_get_serial_sequence('transitions', 'log_index'), 20)");
  CreateAndSubmit(kDesaA, 2);
  v1::CreateCheckpointResponse made = Checkpoint();
  EXPECT_EQ(made.checkpoint().last_log_index(), 23);
  EXPECT_EQ(made.checkpoint().transition_count(), 6);
  std::vector<v1::AuditedTransition> rows;
  for (const auto& row : ExportAll()) {
    if (row.transition().proposal_id() == a.proposal_id()) rows.push_back(row);
  }
  ASSERT_EQ(rows.size(), 3u);

  // A well-formed row appended to the chain (its hash computed with the public
  // encoding, linked to the real last row): the proposal's version gives it away.
  audit::TransitionFields forged = Fields(rows[2]);
  forged.sequence = 4;
  forged.from_state = "PRELIST";
  forged.to_state = "AGREED";
  forged.event = "deliberate";
  forged.reason = "";
  forged.evidence_hashes.clear();
  forged.attributes.clear();
  forged.prev_hash = rows[2].hash();
  const std::string hash = audit::TransitionHash(forged);
  auto insert = [&](const std::string& extra_columns, const std::string& extra_values) {
    Tamper(
        "INSERT INTO transitions (proposal_id, sequence, from_state, to_state, event, "
        "actor_id, role, region_code, reason, request_id, at, machine_version, prev_hash, "
        "hash" +
        extra_columns + ") " + (extra_columns.empty() ? "" : "OVERRIDING SYSTEM VALUE ") +
        "VALUES ('" + a.proposal_id() + "', 4, 'PRELIST', 'AGREED', 'deliberate', '" +
        forged.actor_id + "', '" + forged.role + "', '" + forged.region_code + "', '', '" +
        forged.request_id + "', 'epoch'::timestamptz + " + std::to_string(forged.at_us) +
        " * interval '1 microsecond', " + std::to_string(forged.machine_version) + ", '" + forged.prev_hash + "', '" + hash + "'" +
        extra_values + ")");
  };
  insert("", "");
  v1::VerifyChainResponse response = VerifyEverything();
  ASSERT_THAT(Kinds(response), ElementsAre(v1::AUDIT_FINDING_KIND_ROW_UNEXPECTED));
  EXPECT_EQ(response.findings(0).sequence(), 4);

  // The same row slipped into the checkpointed range (an unused log index inside
  // it): the checkpoint no longer adds up.
  Tamper("DELETE FROM transitions" + Where(a.proposal_id(), 4));
  insert(", log_index", ", 10");
  response = VerifyEverything();
  EXPECT_THAT(Kinds(response),
              ::testing::IsSupersetOf({v1::AUDIT_FINDING_KIND_ROW_UNEXPECTED,
                                       v1::AUDIT_FINDING_KIND_CHECKPOINT_COUNT_MISMATCH,
                                       v1::AUDIT_FINDING_KIND_CHECKPOINT_ROOT_MISMATCH}));

  // A row for a proposal that does not exist (foreign keys are off for the attacker
  // too), appended after the checkpoint.
  Tamper("INSERT INTO transitions (proposal_id, sequence, to_state, event, actor_id, role, "
         "region_code, at, machine_version, prev_hash, hash) VALUES "
         "('00000000-0000-4000-8000-00000000beef', 1, 'DRAFT', 'create', 'x', "
         "'village_operator', '3201012001', now(), 1, repeat('0', 64), repeat('a', 64))");
  response = VerifyEverything();
  const v1::AuditFinding* orphan = nullptr;
  for (const auto& finding : response.findings()) {
    if (finding.proposal_id() == "00000000-0000-4000-8000-00000000beef") orphan = &finding;
  }
  ASSERT_NE(orphan, nullptr);
  EXPECT_EQ(orphan->kind(), v1::AUDIT_FINDING_KIND_ROW_UNEXPECTED);
  EXPECT_THAT(orphan->detail(), HasSubstr("does not exist"));
}

TEST_F(AuditE2eTest, RehashedRowsWithoutResigningAreDetected) {
  v1::Proposal a = CreateAndSubmit(kDesaA, 1);
  CreateAndSubmit(kDesaA, 2);
  Checkpoint();
  // Change row 2 and re-hash it and every row after it consistently, with the
  // public encoding: the chain checks out, the signed checkpoint does not.
  std::vector<v1::AuditedTransition> rows;
  for (const auto& row : ExportAll()) {
    if (row.transition().proposal_id() == a.proposal_id()) rows.push_back(row);
  }
  ASSERT_EQ(rows.size(), 3u);
  std::string previous = rows[0].hash();
  for (size_t i = 1; i < rows.size(); ++i) {
    audit::TransitionFields f = Fields(rows[i]);
    if (i == 1) f.actor_id = "operator.lain";
    f.prev_hash = previous;
    previous = audit::TransitionHash(f);
    Tamper("UPDATE transitions SET actor_id = '" + f.actor_id + "', prev_hash = '" + f.prev_hash +
           "', hash = '" + previous + "'" + Where(a.proposal_id(), f.sequence));
  }
  v1::VerifyChainResponse response = VerifyEverything();
  ASSERT_THAT(Kinds(response), ElementsAre(v1::AUDIT_FINDING_KIND_CHECKPOINT_ROOT_MISMATCH));
  EXPECT_EQ(response.findings(0).checkpoint_sequence(), 1);

  // Rewriting the checkpoint's root to match needs the audit key: the signature fails.
  audit::MerkleRootBuilder builder;
  std::vector<v1::AuditedTransition> all = ExportAll();
  std::sort(all.begin(), all.end(),
            [](const auto& x, const auto& y) { return x.log_index() < y.log_index(); });
  for (const auto& row : all)
    builder.AddLeafHash(audit::LeafHash(*audit::DigestFromHex(row.hash())));
  Tamper("UPDATE checkpoints SET merkle_root = '" + audit::ToHex(builder.Root()) +
         "' WHERE sequence = 1");
  EXPECT_THAT(Kinds(VerifyEverything()),
              UnorderedElementsAre(v1::AUDIT_FINDING_KIND_CHECKPOINT_ALTERED,
                                   v1::AUDIT_FINDING_KIND_CHECKPOINT_SIGNATURE_INVALID));
}

TEST_F(AuditE2eTest, ForgedCheckpointsAreDetected) {
  CreateAndSubmit(kDesaA, 1);
  Checkpoint();
  CreateAndSubmit(kDesaA, 2);
  Checkpoint();
  EXPECT_TRUE(VerifyEverything().ok());

  // A signature that is not the audit key's.
  auto other = audit::SigningKey::FromPem(*audit::SigningKey::GeneratePem());
  ASSERT_TRUE(other.ok());
  Tamper("UPDATE checkpoints SET signature = '" + audit::Base64Encode(*other->Sign("forged")) +
         "' WHERE sequence = 2");
  v1::VerifyChainResponse response = VerifyEverything();
  ASSERT_THAT(Kinds(response), ElementsAre(v1::AUDIT_FINDING_KIND_CHECKPOINT_SIGNATURE_INVALID));
  EXPECT_EQ(response.findings(0).checkpoint_sequence(), 2);

  // A checkpoint re-made and properly signed with the attacker's own key.
  auto row = [&](const std::string& column) {
    return database_->QueryValueAsSuperuser("SELECT " + column +
                                            " FROM checkpoints WHERE sequence = 2");
  };
  audit::CheckpointFields f;
  f.sequence = 2;
  f.first_log_index = std::stoll(row("first_log_index"));
  f.last_log_index = std::stoll(row("last_log_index"));
  f.transition_count = std::stoll(row("transition_count"));
  f.merkle_root = row("merkle_root");
  f.previous_hash = row("previous_hash");
  f.created_at_us = std::stoll(row("(extract(epoch from created_at) * 1000000)::bigint"));
  f.key_id = other->verifying_key().key_id();
  Tamper("UPDATE checkpoints SET key_id = '" + f.key_id + "', signature = '" +
         audit::Base64Encode(*other->Sign(audit::EncodeCheckpoint(f))) + "', hash = '" +
         audit::CheckpointHash(f) + "' WHERE sequence = 2");
  EXPECT_THAT(Kinds(VerifyEverything()),
              ElementsAre(v1::AUDIT_FINDING_KIND_CHECKPOINT_KEY_UNKNOWN));

  // A checkpoint deleted: the next one no longer links, and its rows are uncovered.
  Tamper("DELETE FROM checkpoints WHERE sequence = 1");
  response = VerifyEverything();
  EXPECT_THAT(Kinds(response), ::testing::Contains(v1::AUDIT_FINDING_KIND_CHECKPOINT_LINK_BROKEN));
  EXPECT_EQ(response.transitions_not_checkpointed(), 3);
}

TEST_F(AuditE2eTest, ScopesSeeTheirOwnRows) {
  v1::Proposal a = CreateAndSubmit(kDesaA, 1);
  v1::Proposal far = CreateAndSubmit(kOtherKabupatenDesa, 2);
  Tamper("UPDATE transitions SET reason = 'x'" + Where(a.proposal_id(), 1));

  v1::VerifyChainRequest request;
  request.set_proposal_id(far.proposal_id());
  v1::VerifyChainResponse response = Verify(request);
  EXPECT_TRUE(response.ok());
  EXPECT_EQ(response.proposals_checked(), 1);
  EXPECT_EQ(response.transitions_checked(), 3);

  request.set_proposal_id(a.proposal_id());
  EXPECT_THAT(Kinds(Verify(request)), ElementsAre(v1::AUDIT_FINDING_KIND_ROW_ALTERED));
  // The village operator may verify their own proposal's chain.
  EXPECT_THAT(Kinds(Verify(request, OperatorToken(kDesaA))),
              ElementsAre(v1::AUDIT_FINDING_KIND_ROW_ALTERED));

  request.set_region_prefix(std::string(kOtherKabupatenDesa).substr(0, 4));
  response = Verify(request);
  EXPECT_TRUE(response.ok());
  EXPECT_EQ(response.proposals_checked(), 1);
  request.set_region_prefix(kKabupaten);
  EXPECT_FALSE(Verify(request, Token(workflow::Role::kDistrictOfficer, kKabupaten)).ok());
}

TEST_F(AuditE2eTest, VerifyChainAuthorizationAndValidation) {
  v1::Proposal a = CreateAndSubmit(kDesaA, 1);
  const std::string district = Token(workflow::Role::kDistrictOfficer, kKabupaten);
  v1::VerifyChainRequest everything;
  everything.set_everything(true);
  EXPECT_EQ(VerifyCode(everything, district), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(VerifyCode(everything, AuditorToken(kProvince)), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(VerifyCode(everything, Token(workflow::Role::kCentralReviewer, "")),
            grpc::StatusCode::OK);
  EXPECT_EQ(VerifyCode(everything, Token(workflow::Role::kSystem, "")), grpc::StatusCode::OK);
  EXPECT_EQ(VerifyCode(everything, ""), grpc::StatusCode::UNAUTHENTICATED);

  v1::VerifyChainRequest region;
  region.set_region_prefix("3202");
  EXPECT_EQ(VerifyCode(region, district), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(VerifyCode(region, AuditorToken(kProvince)), grpc::StatusCode::OK);
  region.set_region_prefix("32x");
  EXPECT_EQ(VerifyCode(region, AuditorToken()), grpc::StatusCode::INVALID_ARGUMENT);
  region.set_region_prefix("");
  EXPECT_EQ(VerifyCode(region, AuditorToken()), grpc::StatusCode::INVALID_ARGUMENT);

  v1::VerifyChainRequest proposal;
  proposal.set_proposal_id(a.proposal_id());
  EXPECT_EQ(VerifyCode(proposal, OperatorToken(kDesaB)), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(VerifyCode(proposal, Token(workflow::Role::kDistrictOfficer, "3202")),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(VerifyCode(proposal, district), grpc::StatusCode::OK);
  EXPECT_EQ(VerifyCode(proposal, AuditorToken(kKabupaten)), grpc::StatusCode::OK);
  proposal.set_proposal_id("not-a-uuid");
  EXPECT_EQ(VerifyCode(proposal, AuditorToken()), grpc::StatusCode::INVALID_ARGUMENT);
  proposal.set_proposal_id("00000000-0000-4000-8000-000000000000");
  EXPECT_EQ(VerifyCode(proposal, AuditorToken()), grpc::StatusCode::NOT_FOUND);

  v1::VerifyChainRequest none;
  EXPECT_EQ(VerifyCode(none, AuditorToken()), grpc::StatusCode::INVALID_ARGUMENT);
  v1::VerifyChainRequest not_everything;
  not_everything.set_everything(false);
  EXPECT_EQ(VerifyCode(not_everything, AuditorToken()), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(AuditE2eTest, ExportFiltersByRegionAndTime) {
  v1::Proposal a = CreateAndSubmit(kDesaA, 1);
  v1::Proposal far = CreateAndSubmit(kOtherKabupatenDesa, 2);
  Checkpoint();
  v1::Proposal late = CreateAndSubmit(kDesaB, 3);

  std::vector<v1::AuditedTransition> all = ExportAll();
  ASSERT_EQ(all.size(), 9u);
  for (size_t i = 1; i < all.size(); ++i) {  // oldest first
    EXPECT_LE(
        all[i - 1].transition().at().seconds() * 1'000'000'000LL +
            all[i - 1].transition().at().nanos(),
        all[i].transition().at().seconds() * 1'000'000'000LL + all[i].transition().at().nanos());
  }
  for (const auto& row : all) {
    EXPECT_EQ(row.checkpoint_sequence(),
              row.transition().proposal_id() == late.proposal_id() ? 0 : 1);
    EXPECT_GT(row.log_index(), 0);
    EXPECT_EQ(row.hash().size(), 64u);
  }

  grpc::Status status;
  v1::ExportTransitionsRequest request;
  request.set_region_prefix(kKabupaten);
  std::vector<v1::AuditedTransition> rows = Export(request, AuditorToken(), &status);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(rows.size(), 6u);
  for (const auto& row : rows) EXPECT_NE(row.transition().proposal_id(), far.proposal_id());

  // [from, to): the rows of the first proposal only.
  request.Clear();
  *request.mutable_from() = all[0].transition().at();
  *request.mutable_to() = all[3].transition().at();
  rows = Export(request, AuditorToken(), &status);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(rows.size(), 3u);
  for (const auto& row : rows) EXPECT_EQ(row.transition().proposal_id(), a.proposal_id());

  // A regional auditor's default is their own region.
  rows = Export(v1::ExportTransitionsRequest(), AuditorToken("3202"), &status);
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(rows.size(), 3u);
}

TEST_F(AuditE2eTest, ExportAuthorizationAndValidation) {
  CreateAndSubmit(kDesaA, 1);
  grpc::Status status;
  Export(v1::ExportTransitionsRequest(), OperatorToken(), &status);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  Export(v1::ExportTransitionsRequest(), Token(workflow::Role::kDistrictOfficer, kKabupaten),
         &status);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  v1::ExportTransitionsRequest request;
  request.set_region_prefix(kKabupaten);
  Export(request, AuditorToken("3202"), &status);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  Export(request, Token(workflow::Role::kCentralReviewer, ""), &status);
  EXPECT_TRUE(status.ok()) << status.error_message();
  request.set_region_prefix("320");
  Export(request, AuditorToken(), &status);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  request.Clear();
  request.mutable_from()->set_seconds(1714557600);
  request.mutable_to()->set_seconds(1714557600);
  Export(request, AuditorToken(), &status);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("to"));
  request.mutable_to()->set_nanos(-1);
  Export(request, AuditorToken(), &status);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  Export(v1::ExportTransitionsRequest(), "", &status);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(AuditE2eTest, CheckpointsAreSignedIdempotentAndProveInclusion) {
  v1::Proposal a = CreateAndSubmit(kDesaA, 1);
  CreateAndSubmit(kDesaB, 2);

  v1::CreateCheckpointRequest create;
  create.set_request_id("cp-1");
  v1::CreateCheckpointResponse first, repeat;
  ASSERT_TRUE(audit_->CreateCheckpoint(Context(AuditorToken()).get(), create, &first).ok());
  ASSERT_TRUE(audit_->CreateCheckpoint(Context(AuditorToken()).get(), create, &repeat).ok());
  EXPECT_TRUE(first.created());
  EXPECT_EQ(repeat.SerializeAsString(), first.SerializeAsString());
  EXPECT_EQ(CountRows("checkpoints"), 1);
  // Nothing new: no empty checkpoint, the latest comes back.
  v1::CreateCheckpointResponse nothing = Checkpoint();
  EXPECT_FALSE(nothing.created());
  EXPECT_EQ(nothing.checkpoint().sequence(), 1);

  // Only auditors and the system make checkpoints.
  create.set_request_id("cp-2");
  v1::CreateCheckpointResponse refused;
  EXPECT_EQ(audit_
                ->CreateCheckpoint(Context(Token(workflow::Role::kCentralReviewer, "")).get(),
                                   create, &refused)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  create.set_request_id("");
  EXPECT_EQ(audit_->CreateCheckpoint(Context(AuditorToken()).get(), create, &refused).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  // The signature verifies with the published key over the canonical encoding.
  v1::AuditKey key;
  ASSERT_TRUE(audit_->GetAuditKey(Context(OperatorToken()).get(), {}, &key).ok());
  EXPECT_EQ(key.key_id(), audit_key_->verifying_key().key_id());
  auto verifying = audit::VerifyingKey::FromPem(key.public_key_pem());
  ASSERT_TRUE(verifying.ok());
  v1::Checkpoint latest;
  ASSERT_TRUE(audit_->GetCheckpoint(Context(OperatorToken()).get(), {}, &latest).ok());
  audit::CheckpointFields fields{
      latest.sequence(),
      latest.first_log_index(),
      latest.last_log_index(),
      latest.transition_count(),
      latest.merkle_root(),
      latest.previous_hash(),
      latest.created_at().seconds() * 1'000'000 + latest.created_at().nanos() / 1000,
      latest.key_id()};
  EXPECT_EQ(fields.first_log_index, 1);
  EXPECT_EQ(fields.last_log_index, 6);
  EXPECT_EQ(fields.transition_count, 6);
  EXPECT_EQ(fields.previous_hash, std::string(64, '0'));
  EXPECT_TRUE(
      verifying->Verify(audit::EncodeCheckpoint(fields), *audit::Base64Decode(latest.signature())));
  EXPECT_EQ(audit::CheckpointHash(fields), latest.hash());
  v1::GetCheckpointRequest missing;
  missing.set_sequence(99);
  v1::Checkpoint none;
  EXPECT_EQ(audit_->GetCheckpoint(Context(OperatorToken()).get(), missing, &none).error_code(),
            grpc::StatusCode::NOT_FOUND);
  v1::ListCheckpointsResponse listed;
  ASSERT_TRUE(audit_->ListCheckpoints(Context(AuditorToken()).get(), {}, &listed).ok());
  ASSERT_EQ(listed.checkpoints_size(), 1);
  EXPECT_EQ(listed.checkpoints(0).hash(), latest.hash());

  // Every transition's inclusion proof leads to the signed root.
  for (int sequence = 1; sequence <= 3; ++sequence) {
    v1::GetInclusionProofRequest request;
    request.set_proposal_id(a.proposal_id());
    request.set_sequence(sequence);
    v1::InclusionProof proof;
    grpc::Status status =
        audit_->GetInclusionProof(Context(OperatorToken()).get(), request, &proof);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(proof.tree_size(), 6);
    EXPECT_EQ(proof.checkpoint().hash(), latest.hash());
    std::vector<audit::Digest> path;
    for (const auto& node : proof.audit_path()) path.push_back(*audit::DigestFromHex(node));
    EXPECT_TRUE(audit::VerifyInclusion(
        audit::LeafHash(*audit::DigestFromHex(proof.transition_hash())), proof.leaf_index(),
        proof.tree_size(), path, *audit::DigestFromHex(latest.merkle_root())));
  }
  v1::Proposal later = CreateAndSubmit(kDesaA, 3);
  v1::GetInclusionProofRequest uncovered;
  uncovered.set_proposal_id(later.proposal_id());
  uncovered.set_sequence(1);
  v1::InclusionProof proof;
  EXPECT_EQ(
      audit_->GetInclusionProof(Context(OperatorToken()).get(), uncovered, &proof).error_code(),
      grpc::StatusCode::FAILED_PRECONDITION);
  uncovered.set_sequence(9);
  EXPECT_EQ(
      audit_->GetInclusionProof(Context(OperatorToken()).get(), uncovered, &proof).error_code(),
      grpc::StatusCode::NOT_FOUND);
  uncovered.set_sequence(1);
  EXPECT_EQ(audit_->GetInclusionProof(Context(OperatorToken(kDesaB)).get(), uncovered, &proof)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

// A server started with a checkpoint interval makes checkpoints by itself and
// stops its schedule cleanly on shutdown.
TEST_F(AuditE2eTest, ScheduledCheckpoints) {
  CreateAndSubmit(kDesaA, 1);
  server::ServerOptions options{"127.0.0.1:0", verifier_};
  options.household_key = household_key_;
  options.audit.key = *audit_key_;
  options.checkpoint_interval = std::chrono::seconds(1);
  auto scheduled = server::UsulanServer::Start(options, *db_, clock_, *registry_);
  ASSERT_TRUE(scheduled.ok()) << scheduled.status();
  for (int i = 0; i < 100 && CountRows("checkpoints") == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(CountRows("checkpoints"), 1);
  const auto started = std::chrono::steady_clock::now();
  (*scheduled)->Shutdown(std::chrono::milliseconds(100));
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
  EXPECT_TRUE(VerifyEverything().ok());
}

TEST_F(AuditE2eTest, WithoutAnAuditKeyNoCheckpointIsMade) {
  server::ServerOptions options{"127.0.0.1:0", verifier_};
  options.tls = TestPki().ServerTls();
  options.household_key = household_key_;
  auto keyless = server::UsulanServer::Start(options, *db_, clock_, *registry_);
  ASSERT_TRUE(keyless.ok());
  auto channel = TestChannel((*keyless)->port());
  auto stub = v1::AuditService::NewStub(channel);
  v1::CreateCheckpointRequest request;
  request.set_request_id("cp-keyless");
  v1::CreateCheckpointResponse response;
  grpc::Status status = stub->CreateCheckpoint(Context(AuditorToken()).get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), HasSubstr("--audit-key-file"));
}

}  // namespace
}  // namespace usulan::testing
