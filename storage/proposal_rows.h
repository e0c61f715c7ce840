// Reading proposals back from their rows, shared by the one-proposal reads
// (proposal_repository.cc) and the set-based lock of many (transition_writes.cc), so that
// both build a ProposalRecord the same way. Internal to storage/.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "storage/errors.h"
#include "storage/records.h"

namespace pqxx {
class row;
}

namespace usulan::storage {

// Reverse of a workflow Name() for enums that have no Parse function.
template <typename E>
E ParseByName(std::string_view text, std::initializer_list<E> values, const char* what) {
  for (E value : values) {
    if (workflow::Name(value) == text) return value;
  }
  throw CorruptRow(absl::StrCat("unknown ", what, " name"));
}

// The value of a workflow Parse function, or CorruptRow.
template <typename T>
T Require(std::optional<T> value, const char* what) {
  if (!value) throw CorruptRow(absl::StrCat("unknown ", what, " name"));
  return *value;
}

// "SELECT <proposal, household and objection point columns> FROM proposals p LEFT
// JOIN households h ..." without a WHERE clause; ReadProposalRow reads one of its rows. The row's
// audit_head column is for the writer's chain (Tx::chain_heads_), not the record.
std::string SelectProposalColumnsSql();

// Everything but the members (household left empty, and no objection point, when
// it has been erased).
// CorruptRow for a value outside the domain.
ProposalRecord ReadProposalRow(const pqxx::row& row);

// The prepared statement (transition_writes.cc) reading the members of many
// proposals: $1 a uuid[]; rows carry proposal_id, then the member columns, by
// proposal and position.
inline constexpr const char* kMembersOfMany = "members_of_many";

// The member columns, in the order ReadMemberRow expects, for a SELECT on members.
std::string MemberColumnsSql();
workflow::Member ReadMemberRow(const pqxx::row& row);

}  // namespace usulan::storage
