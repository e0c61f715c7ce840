// Issue 4: logs and error messages never contain a NIK, KK number or name.
//
// The real usulan-server binary runs as a child process (stdout and stderr, so
// also gRPC's own and the storage layer's messages, into one file), asking the
// real usulan-registry-sim over gRPC. The test drives every RPC of every service
// under proto/ with households of distinctive NIKs, KK numbers and names (odd
// characters included), successful calls and the failures whose natural error
// path could echo personal data. Then it scans the server's log, the
// simulator's log and every status message and details the clients received
// for every personal value it ever sent (zero hits), checks the log has one
// line per RPC made, and checks that no method of the protobuf descriptors was
// left out. Scenario helpers are in personal_data_log_scan_fixture.h.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/e2e/personal_data_log_scan_fixture.h"
#include "tests/support/build_paths.h"

namespace usulan::testing {
namespace {

using ::testing::HasSubstr;
using workflow::Role;

// Counts the server's log lines of RPC `method` ("rpc":"Method").
int LoggedLines(const std::string& log, const std::string& method) {
  const std::string key = "\"rpc\":\"" + method + "\"";
  int lines = 0;
  for (std::size_t at = log.find(key); at != std::string::npos; at = log.find(key, at + 1)) ++lines;
  return lines;
}

// --- the scanner itself can fail (negative controls) ---

TEST(PersonalDataScanTest, FindsPlantedValuesInEveryForm) {
  v1::Household household = DistinctHousehold(kDesaA, 901);
  std::vector<PersonalValue> values = PersonalValuesOf(household, "household 901");
  const std::string nik = household.members(1).nik();
  EXPECT_TRUE(FindPersonalData("{\"rpc\":\"LookupNik\",\"code\":\"OK\"}", values).empty());
  EXPECT_FALSE(FindPersonalData("{\"error\":\"nik " + nik + " unknown\"}", values).empty());
  EXPECT_FALSE(FindPersonalData("kk=" + household.kk_number(), values).empty());
  // A name as a JSON log carries it (quotes, backslashes, newlines escaped).
  nlohmann::json line = {{"error", "member " + household.members(3).name()}};
  EXPECT_FALSE(FindPersonalData(line.dump(), values).empty()) << line.dump();
  EXPECT_FALSE(FindPersonalData(nlohmann::json(household.members(2).name()).dump(-1, ' ', true),
                                values).empty());
  // Part of a name (one distinctive word) still counts.
  EXPECT_FALSE(FindPersonalData("head Wiryakusumah refused", values).empty());
  std::vector<PersonalDataHit> hits = FindPersonalData("x " + nik + " y", values);
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_THAT(hits[0].what, HasSubstr("nik of household 901 member 2"));
  EXPECT_THAT(Describe(hits), HasSubstr(nik));
}

TEST(RpcCoverageTest, EnumeratesEveryServiceMethodFromTheDescriptors) {
  std::vector<std::string> problems;
  std::vector<std::string> methods = UsulanMethods(ProtoDir(), &problems);
  EXPECT_THAT(problems, ::testing::IsEmpty());
  EXPECT_THAT(methods, ::testing::Contains("/usulan.v1.ProposalService/LookupNik"));
  EXPECT_THAT(methods, ::testing::Contains("/usulan.v1.AuditService/GetInclusionProof"));
  EXPECT_THAT(methods,
              ::testing::Contains("/usulan.registry.v1.PopulationRegistryService/CheckHousehold"));
  EXPECT_GE(methods.size(), 41u);
  EXPECT_EQ(ShortMethodName("/usulan.v1.ReviewService/ReturnBatch"), "ReturnBatch");
}

// --- the scenario ---

TEST_F(PersonalDataLogScanTest, NoPersonalDataInLogsOrErrorsOfAnyRpc) {
  // 1. Village entry: every registered household reaches PRELIST through the
  //    civil-registry check (CheckHousehold on the simulator).
  std::vector<std::string> main = PrelistedSeeds({kAccepted1, kAccepted2, kRejectedByPusdatin,
                                                  kReturnedByPusdatin, kBatchReturned1,
                                                  kBatchReturned2, kReturnedByDinsos,
                                                  kNotEligible, kRejectedInMusdes});
  ASSERT_EQ(main.size(), 9u);
  const std::string rejected_in_musdes = main[8];
  const std::string not_eligible = main[7];
  const std::string returned_by_dinsos = main[6];

  EntryFailures();
  RegistryOutcomes();
  DraftEditAndWithdraw();
  LookupsAndQueries(main[0]);
  Import();
  ConcurrentDuplicates();

  // 2. Musdes (one rejected), verification (one not eligible), village release.
  UploadMinutes();
  Deliberate(kDesaA, main, {rejected_in_musdes});
  DeliberationReadsAndFailures(main[0]);
  Documents(main[0]);
  Citizen(main[0]);
  std::vector<std::string> visited(main.begin(), main.begin() + 8);
  AssignVerifier(visited);
  ExpectCode(RecordVisit(main[0], v1::VISIT_OUTCOME_COMPLETED, true, OperatorToken()),
             grpc::StatusCode::PERMISSION_DENIED, "visit by an operator");
  for (const auto& id : visited) {
    const bool eligible = id != not_eligible;
    grpc::Status status =
        RecordVisit(id, eligible ? v1::VISIT_OUTCOME_COMPLETED : v1::VISIT_OUTCOME_HOUSEHOLD_NOT_FOUND,
                    eligible, VerifierToken(), eligible ? "" : "rumah tidak ditemukan di alamat");
    EXPECT_TRUE(status.ok()) << status.error_message();
  }
  VerificationFailures(main[0]);
  std::vector<std::string> verified(main.begin(), main.begin() + 7);
  FinalizeVillage(kDesaA, verified);

  // 3. District review: one returned to the village and reworked, two batches.
  OpenReview(verified);
  ReturnToVillage(returned_by_dinsos);
  std::vector<std::string> approved(main.begin(), main.begin() + 6);
  Approve(approved);
  ReviewFailures(main[0]);
  v1::Batch decided_batch = Forward(Submit(Ratify(CreateBatch({main[0], main[1], main[2], main[3]}))));
  v1::Batch returned_batch = Submit(Ratify(CreateBatch({main[4], main[5]})));
  ReturnBatchAndReads(returned_batch);
  ReworkReturned(returned_by_dinsos, kReturnedByDinsos);

  // 4. Pusdatin decides with one rejection and one return.
  Decide(decided_batch, main[2], main[3]);
  Erase(main[2]);  // rejected by Pusdatin: settled
  RegisterReads(main[0]);
  PublicStatus();
  Determination(main[0]);
  Objections(main[0]);
  Routes();

  // 5. The audit trail: history, chain, export, checkpoints, proofs.
  Audit(main[0]);

  // 6. The civil registry's own service, asked directly as well.
  RegistryDirect();

  StopProcesses();
  const std::string server_log = server_process_->Log();
  const std::string sim_log = sim_->Log();

  // Every method under proto/ was called, and succeeded at least once.
  std::vector<std::string> problems;
  std::vector<std::string> methods = UsulanMethods(ProtoDir(), &problems);
  EXPECT_THAT(problems, ::testing::IsEmpty());
  std::map<std::string, int> ok_calls;
  for (const RecordedCall& call : recorder_.Calls()) {
    if (call.code == grpc::StatusCode::OK) ++ok_calls[call.method];
  }
  for (const std::string& method : methods) {
    EXPECT_GT(ok_calls[method], 0) << method
                                   << " was never called successfully by this test: add it "
                                      "(with its personal-data error paths) to the scenario";
  }

  // The log is the real one: one line per call to the server, each named.
  std::map<std::string, int> counts = recorder_.Counts();
  int server_calls = 0, failed_calls = 0;
  for (const auto& [method, count] : counts) {
    // The central sources' protocols are served by the simulator.
    if (method.rfind("/usulan.registry.", 0) == 0 || method.rfind("/usulan.bps.", 0) == 0) {
      continue;
    }
    server_calls += count;
    EXPECT_EQ(LoggedLines(server_log, ShortMethodName(method)), count) << method;
  }
  for (const RecordedCall& call : recorder_.Calls()) failed_calls += call.code != grpc::StatusCode::OK;
  std::cout << server_calls << " calls to the server (" << failed_calls << " refused), "
            << methods.size() << " methods, " << personal_.size() << " personal values, "
            << server_log.size() << " bytes of server log scanned\n";
  EXPECT_GT(server_calls, 150);
  EXPECT_GT(failed_calls, 40);
  EXPECT_THAT(server_log, HasSubstr(R"("event":"listening")"));
  EXPECT_THAT(server_log, HasSubstr(R"("event":"stopped")"));
  EXPECT_THAT(sim_log, HasSubstr("stopped"));

  // Zero hits: the logs, every status the clients saw, every row-level error.
  ASSERT_GT(personal_.size(), 100u);
  EXPECT_EQ(Describe(FindPersonalData(server_log, personal_)), "") << "in the server log";
  EXPECT_EQ(Describe(FindPersonalData(sim_log, personal_)), "") << "in the simulator log";
  for (const RecordedCall& call : recorder_.Calls()) {
    EXPECT_EQ(Describe(FindPersonalData(call.message + "\n" + call.details, personal_)), "")
        << "in the status of " << call.method << " (" << call.code << ")";
  }
  for (const std::string& text : returned_texts_) {
    EXPECT_EQ(Describe(FindPersonalData(text, personal_)), "") << "in an answer:\n" << text;
  }
  // Control: the same scan over the same log does find a planted NIK.
  EXPECT_FALSE(FindPersonalData(server_log + "\n" + DistinctHousehold(kDesaA, kAccepted1).members(0).nik(),
                                personal_)
                   .empty());
}

}  // namespace
}  // namespace usulan::testing
