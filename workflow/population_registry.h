// The civil registry (Dukcapil) as the workflow sees it: a port that confirms the
// NIKs of a household. Implementations do I/O; this header does not.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "workflow/household.h"

namespace usulan::workflow {

enum class NikStatus {
  kMatched,        // the person exists, is alive and belongs to this KK
  kNotFound,       // no such NIK
  kDeceased,       // registered as deceased
  kOtherFamily,    // registered under another KK
};
std::string_view Name(NikStatus status);

struct MemberCheck {
  int position;  // 1-based position of the member in the household
  NikStatus status;
};

class PopulationRegistry {
 public:
  virtual ~PopulationRegistry() = default;
  // One result per member, in order. UNAVAILABLE when the registry cannot answer;
  // the caller must then change nothing. Must be thread-safe.
  virtual absl::StatusOr<std::vector<MemberCheck>> Check(const Household& household) = 0;
};

// What the civil registry holds about one NIK, as far as matching is concerned.
struct RegistryEntry {
  std::string kk_number;  // the KK the person is registered under
  bool deceased = false;
};

// The matching rule, shared by every registry that holds its own entries (the
// development table, the simulator): no entry -> kNotFound; deceased ->
// kDeceased; registered under another KK than `household_kk` -> kOtherFamily;
// else kMatched.
NikStatus MatchMember(const RegistryEntry* entry, std::string_view household_kk);

// MatchMember for every member of `household`, in order (positions 1..n); `find`
// returns the entry of a NIK, or nullptr when there is none.
std::vector<MemberCheck> MatchHousehold(
    const Household& household,
    const std::function<const RegistryEntry*(const std::string& nik)>& find);

// The 1-based positions of members that did not match; empty when all matched.
std::vector<int> MismatchedPositions(const std::vector<MemberCheck>& checks);

}  // namespace usulan::workflow
