// End-to-end harness: a real usulan server (every service, on a free loopback
// port, over TLS with the tests' PKI: tests/support/dev_pki.h) over a fresh migrated database on the throwaway PostgreSQL, and clients
// that call it through gRPC with minted tokens.
#pragma once

#include <memory>
#include <string>

#include <grpcpp/grpcpp.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "audit/signing.h"
#include "auth/token_verifier.h"
#include "server/server.h"
#include "storage/database.h"
#include "storage/table_population_registry.h"
#include "storage/tx.h"
#include "tests/support/dev_pki.h"
#include "tests/support/dev_tokens.h"
#include "tests/support/households.h"
#include "tests/support/scratch_database.h"
#include "usulan/v1/audit_service.grpc.pb.h"
#include "usulan/v1/decision_service.grpc.pb.h"
#include "usulan/v1/deliberation_service.grpc.pb.h"
#include "usulan/v1/personal_data_service.grpc.pb.h"
#include "usulan/v1/proposal_service.grpc.pb.h"
#include "usulan/v1/review_service.grpc.pb.h"
#include "usulan/v1/verification_service.grpc.pb.h"

namespace usulan::testing {

// Regions used throughout: one kabupaten with two desa and one kelurahan.
inline constexpr char kProvince[] = "32";
inline constexpr char kKabupaten[] = "3201";
inline constexpr char kKecamatan[] = "320101";
inline constexpr char kDesaA[] = "3201012001";
inline constexpr char kDesaB[] = "3201012002";
inline constexpr char kKelurahan[] = "3201011001";
inline constexpr char kOtherKabupatenDesa[] = "3202012001";

class E2eTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // A valid token for `subject` acting as `role` in `region`.
  std::string Token(workflow::Role role, const std::string& region,
                    const std::string& subject = "") const;
  std::string OperatorToken(const std::string& desa = kDesaA) const;
  std::string HeadToken(const std::string& desa = kDesaA) const;

  // A client context carrying the token (none if empty) and a deadline.
  std::unique_ptr<grpc::ClientContext> Context(const std::string& token) const;

  // A NEW proposal request for desa `desa` with household `seed`, whose members
  // are (when `registered`) in the civil registry.
  v1::CreateProposalRequest NewProposal(const std::string& desa, int seed,
                                        bool registered = true);
  void Register(const v1::Household& household);

  // Creates and submits; asserts success; returns the submitted proposal.
  v1::Proposal CreateAndSubmit(const std::string& desa, int seed, bool registered = true);

  // The proposal's audit trail as `token` (the village operator's if none) reads it.
  v1::GetHistoryResponse History(const std::string& proposal_id, const std::string& token = "");

  // Counts rows of a table, as the superuser, for "nothing was written" checks.
  int64_t CountRows(const std::string& table) const;

  // Tables (other than the civil-registry simulation, which stands for Dukcapil)
  // that hold `value` in any column, as text or inside bytes, comma-separated
  // in name order; "" when none. Read as the superuser, so nothing is hidden by
  // grants.
  std::string TablesHolding(const std::string& value) const;

  std::string NextRequestId();

  // A stub of every service over channel_.
  void ConnectStubs();

  // The civil registry the server asks; the registry_people table unless a
  // derived fixture answers otherwise (called in SetUp, after the database opens).
  virtual workflow::PopulationRegistry& Registry() { return *registry_; }
  // Lets a derived fixture adjust the server's options (e.g. the group commit
  // window) before SetUp starts it.
  virtual void ConfigureServer(server::ServerOptions& /*options*/) {}
  // The clock the server reads; clock_ unless a derived fixture wraps it (e.g. to
  // stop a call between reading the time and taking its locks).
  virtual const base::Clock& ServerClock() { return clock_; }

  std::unique_ptr<ScratchDatabase> database_;
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<storage::TablePopulationRegistry> registry_;
  // Moves only when a test moves it (deadlines, cycles); tokens follow it.
  base::ManualClock clock_;
  std::unique_ptr<server::UsulanServer> server_;
  std::unique_ptr<v1::ProposalService::Stub> proposals_;
  std::unique_ptr<v1::DeliberationService::Stub> deliberations_;
  std::unique_ptr<v1::AuditService::Stub> audit_;
  std::unique_ptr<v1::VerificationService::Stub> verification_;
  std::unique_ptr<v1::ReviewService::Stub> review_;
  std::unique_ptr<v1::DecisionService::Stub> decisions_;
  std::unique_ptr<v1::PersonalDataService::Stub> personal_data_;
  std::shared_ptr<grpc::Channel> channel_;
  // The server's token verifier: it trusts only the test issuer's public key
  // (tests/support/dev_tokens.h), at the server clock's time.
  std::shared_ptr<const auth::TokenVerifier> verifier_;
  // The secret of the NIK keyed hash, and the retention of settled households
  // before erasure (PersonalDataService), as the server is configured here.
  std::string nik_key_ = std::string(32, 'h');
  // The secret of the household digest in the audit trail (services/digest.h).
  std::string household_key_ = std::string(32, 'd');
  static constexpr int kRetentionDays = 30;
  // Signs the server's audit checkpoints (a fresh key per test).
  std::optional<audit::SigningKey> audit_key_;
  int request_counter_ = 0;
};

}  // namespace usulan::testing
