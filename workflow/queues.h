// Work queues and read access, derived from the transition table: which states a
// role has work in, and who may read a proposal. Pure: no I/O, no clock.
// Thread-safe: everything here is immutable.
#pragma once

#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "workflow/machine.h"
#include "workflow/vocabulary.h"

namespace usulan::workflow {

// The states in which `role` owns an event of TransitionTable() on any route, in lifecycle
// order (kAllStates), without duplicates. withdraw, update_draft, lapse and
// erase_personal_data do not count: the first two are possible in most village
// states but are never work waiting for the operator, lapse is a deadline, and
// erasure is housekeeping of settled proposals, not work. Empty for roles
// that own no event (auditor).
std::vector<State> QueueStates(Role role);

// Whether `actor` may read a proposal of `desa_code`: CheckScope (PERMISSION_DENIED
// with kOutOfRegion or kRoleScopeMismatch), and a verifier only the proposals
// assigned to them (PERMISSION_DENIED with kNotAssignedVerifier). Every other role
// reads everything in its region.
absl::Status CheckReadAccess(const Actor& actor, std::string_view desa_code,
                             std::string_view assigned_verifier);

// Least privilege for personal data (docs/personal-data-access.md). An auditor
// reads trails, checkpoints and proofs, never households: false for kAuditor,
// true for every role that enters, checks or decides households (not a citizen,
// who reads only their own).
bool ReadsHouseholds(Role role);

// Whether `role` may look a person up by NIK (LookupNik): the roles that handle
// households (village operator and head, verifier, district and province
// officer, central reviewer). The Bupati ratifies batches, the system runs jobs
// and the auditor reads trails: none of them needs to find a person. OK, or
// PERMISSION_DENIED (kRoleNotAllowed) naming the role.
absl::Status CheckNikLookupRole(Role role);

// True when listings of `role` are restricted to the caller's own assignments
// (assigned_verifier = the caller's subject).
bool SeesOnlyAssignments(Role role);

}  // namespace usulan::workflow
