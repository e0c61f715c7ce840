// The log-scan scenario's harness: the usulan-server binary and the
// usulan-registry-sim binary as child processes (each with its own log file),
// clients whose every call is recorded (RpcRecorder), and a list of every
// personal value the test sent. The LifecycleTest helpers drive the lifecycle
// over the same recorded channel. The scenario's steps, each covering one
// service's successes and personal-data error paths, live in
// personal_data_log_scan_steps.cc.
#pragma once

#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <google/protobuf/message.h>
#include <nlohmann/json.hpp>

#include "tests/e2e/distinct_households.h"
#include "tests/e2e/document_calls.h"
#include "tests/e2e/lifecycle_driver.h"
#include "tests/e2e/rpc_coverage.h"
#include "tests/support/child_process.h"
#include "tests/support/personal_data_scan.h"
#include "usulan/registry/v1/population_registry.grpc.pb.h"
#include "usulan/v1/citizen_service.grpc.pb.h"
#include "usulan/v1/personal_data_service.grpc.pb.h"

namespace usulan::testing {

class PersonalDataLogScanTest : public LifecycleTest {
 protected:
  void SetUp() override;
  void TearDown() override;

  // The distinctive household of `seed` in desa A; its values become personal.
  v1::Household Household(int seed);
  // One more value that must never appear (e.g. a malformed NIK as sent).
  void AddPersonal(const std::string& what, const std::string& value, bool is_name = false);

  v1::CreateProposalRequest CreateRequest(const v1::Household& household,
                                          const std::string& desa = kDesaA);
  grpc::Status Create(const v1::Household& household, const std::string& token,
                      v1::Proposal* out, const std::string& desa = kDesaA);
  grpc::Status SubmitProposal(const std::string& id, v1::Proposal* out);
  // Creates and submits each seed's household; expects PRELIST; the ids.
  std::vector<std::string> PrelistedSeeds(const std::vector<int>& seeds);
  v1::GetHistoryResponse History(const std::string& id);

  std::string AuditorToken() const;
  // Expects `code`; `what` names the call in the failure message.
  static void ExpectCode(const grpc::Status& status, grpc::StatusCode code, const std::string& what);
  // An answer that must hold no personal data (its raw bytes are scanned).
  void Keep(const google::protobuf::Message& answer);

  // The scenario's steps (personal_data_log_scan_steps.cc).
  void EntryFailures();
  void RegistryOutcomes();
  void DraftEditAndWithdraw();
  void LookupsAndQueries(const std::string& prelisted_id);
  void Import();
  void ConcurrentDuplicates();
  void DeliberationReadsAndFailures(const std::string& agreed_id);
  // Uploads the Musdes minutes the scenario's deliberations then cite (and an
  // upload refused for a NIK in its file name); afterwards, downloads them
  // through `cited_id` and is refused outside its desa.
  void UploadMinutes();
  void Documents(const std::string& cited_id);
  void VerificationFailures(const std::string& verified_id);
  void ReturnToVillage(const std::string& id);
  void ReviewFailures(const std::string& approved_id);
  void ReturnBatchAndReads(const v1::Batch& submitted);
  void ReworkReturned(const std::string& id, int seed);
  void Decide(const v1::Batch& forwarded, const std::string& reject_id,
              const std::string& send_back_id);
  // Erasure of a settled household (the server keeps households 0 days here).
  void Erase(const std::string& settled_id);
  // A citizen (their NIK and KK in the token) files an usul mandiri for their own
  // household and another, lists and reads them back; the refusals that could
  // echo the token's numbers or the household's (a KK that is not theirs, another
  // citizen's id, an office calling).
  void Citizen(const std::string& others_id);
  // A citizen objects to the entry `accepted_id` (usul sanggah) and the household
  // reads its own entry: the refusals that could echo a number (a NIK as entry id,
  // bad coordinates, another desa), and answers with masked names only.
  void Objections(const std::string& accepted_id);
  void Audit(const std::string& accepted_id);
  // The register reads of the household `accepted_id` listed, and their failures.
  void RegisterReads(const std::string& accepted_id);
  // The cycle's determination of `accepted_id`'s listing, with personal data
  // and without, and a refused export (only the publication variant is kept).
  void Determination(const std::string& accepted_id);
  // The routes of machine version 4: a PBI-JK reactivation and a central death
  // decided alone, the district's confirmation, and citizens' proposals (written
  // as CitizenService would) taken up and declined by the village.
  void Routes();
  void PublicStatus();
  void RegistryDirect();

  // SIGTERM to the server, then the simulator; both must exit 0.
  void StopProcesses();

  std::filesystem::path dir_;
  RpcRecorder recorder_;
  std::unique_ptr<ChildProcess> sim_;
  std::unique_ptr<ChildProcess> server_process_;
  std::string sim_address_;
  std::vector<PersonalValue> personal_;
  std::set<std::string> personal_seen_;
  std::vector<std::string> returned_texts_;
};

}  // namespace usulan::testing
