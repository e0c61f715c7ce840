// Drives proposals along the lifecycle through the real gRPC API, as the role
// that owns each step, so that tests can start from any state. Every step asserts
// success (gtest non-fatal) and returns what the server answered.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "tests/e2e/e2e_fixture.h"
#include "usulan/v1/citizen_service.pb.h"

namespace usulan::testing {

// Subjects of the people on the way; distinct so separation of duties holds.
inline constexpr char kVerifier[] = "verifier.sukamaju";
inline constexpr char kDinsosOfficer[] = "dinsos.bogor";
inline constexpr char kRegentSubject[] = "bupati.bogor";
inline constexpr char kProvinceSubject[] = "dinsos.jabar";
inline constexpr char kPusdatinSubject[] = "pusdatin.reviewer";
inline constexpr char kDocHash[] = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
inline constexpr char kListingDecree[] = "Kepmensos 21/HUK/2026";
// The health facility's letter of a PBI-JK reactivation.
inline constexpr char kLetterSha[] = "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae";

class LifecycleTest : public E2eTest {
 protected:
  std::string DinsosToken(const std::string& kabupaten = kKabupaten) const;
  std::string RegentToken(const std::string& kabupaten = kKabupaten) const;
  std::string ProvinceToken(const std::string& province = kProvince) const;
  std::string PusdatinToken() const;
  std::string VerifierToken(const std::string& region = kKabupaten) const;

  // Today in WIB by the test's clock: a meeting is recorded once it is held.
  std::string MeetingDate() const;
  // PRELIST proposals of `desa` with seeds [first, first + count).
  std::vector<std::string> Prelisted(const std::string& desa, int first, int count);
  // An open Musdes (desa) or Muskel (kelurahan) of `desa`, held today.
  v1::Deliberation OpenDeliberation(const std::string& desa = kDesaA);
  // A Musdes/Muskel with every id on its agenda, all agreed unless listed in
  // `rejected`, closed.
  void Deliberate(const std::string& desa, const std::vector<std::string>& ids,
                  const std::vector<std::string>& rejected = {});
  void AssignVerifier(const std::vector<std::string>& ids, const std::string& desa = kDesaA);
  // AssignVerifier of kVerifier to `ids` as `token`: what the server answered.
  grpc::Status AssignVerifierAs(const std::vector<std::string>& ids, const std::string& token);
  grpc::Status RecordVisit(const std::string& id, v1::VisitOutcome outcome, bool eligible,
                           const std::string& token, const std::string& reason = "");
  // The request RecordVisit sends (a new request id, visited now).
  v1::RecordVisitRequest VisitRequest(const std::string& id, v1::VisitOutcome outcome,
                                      bool eligible, const std::string& reason = "");
  void FinalizeVillage(const std::string& desa, const std::vector<std::string>& ids);
  void OpenReview(const std::vector<std::string>& ids);
  void Approve(const std::vector<std::string>& ids);
  v1::Batch CreateBatch(const std::vector<std::string>& ids);
  v1::Batch Ratify(const v1::Batch& batch);
  v1::Batch Submit(const v1::Batch& batch);
  v1::Batch Forward(const v1::Batch& batch);

  // Proposals of desa A (seeds from `first`) brought to each state in order.
  std::vector<std::string> ToAgreed(int first, int count, const std::string& desa = kDesaA);
  std::vector<std::string> ToVerified(int first, int count, const std::string& desa = kDesaA);
  std::vector<std::string> ToDistrictReview(int first, int count,
                                            const std::string& desa = kDesaA);
  std::vector<std::string> ToDistrictApproved(int first, int count,
                                              const std::string& desa = kDesaA);
  // A forwarded batch (members in CENTRAL_REVIEW).
  v1::Batch ToCentralReview(int first, int count, const std::string& desa = kDesaA);

  // Pusdatin decides `batch` accepting every member under `decree`: what the
  // server answered.
  grpc::Status DecideBatch(const v1::Batch& batch, const std::string& decree);
  // The NEW proposal of desa A with `seed` accepted by Pusdatin under `decree`:
  // the register entry it listed (whose id is the proposal's).
  std::string ListedEntry(int seed, const std::string& decree = kListingDecree);

  // ---- The routes of machine version 4 (docs/lifecycle.md) ----

  // A register entry of `desa` in `status` ("ACTIVE" or "INACTIVE") written
  // straight into the database (tests/support/register_seed.h: no household, no
  // history), fresh for every call.
  std::string SeededEntry(std::string_view status, const std::string& desa = kDesaA);
  // A creation request of desa A on `route` as its office files it: DISTRICT
  // (NEW), PBI_JK (REACTIVATION of a seeded INACTIVE entry, with the health
  // facility's letter), CENTRAL (DEACTIVATION, DECEASED, of a seeded ACTIVE entry).
  v1::CreateProposalRequest OnRoute(v1::ProposalRoute route, int seed, bool registered = true);
  // The token of `route`'s filer: Pusdatin's for CENTRAL, Dinsos's otherwise.
  std::string FilerToken(v1::ProposalRoute route) const;
  // OnRoute created by its filer (asserted).
  v1::Proposal Created(v1::ProposalRoute route, int seed, bool registered = true);
  // The requests of the routes' own steps, each with a new request id.
  v1::TakeUpProposalRequest TakeUpRequest(const std::string& id, const v1::Household& household);
  v1::DeclineProposalRequest DeclineRequest(const std::string& id);
  v1::ConfirmCentralChangeRequest ConfirmRequest(const std::string& id, bool confirmed);
  v1::DecideProposalRequest AcceptRequest(const std::string& id);
  // A citizen's objection to `entry` with the house photo `photo` (none if
  // empty) and a point in desa A.
  v1::FileObjectionRequest ObjectionRequest(const std::string& entry, const std::string& photo);

  v1::Proposal Get(const std::string& id);
  v1::ProposalState StateOf(const std::string& id) { return Get(id).state(); }

  // The Berita Acara Deliberate closes its meetings with (a test that uploaded
  // the minutes sets it to their hash).
  std::string minutes_sha256_ = "3f79bb7b435b05321651daefd374cdc681dc06faa65e374e38337b88ca046dea";

 private:
  int seeded_entries_ = 0;
};

}  // namespace usulan::testing
