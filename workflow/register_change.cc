#include "workflow/register_change.h"

#include <utility>

#include "base/string_view_compat.h"

namespace usulan::workflow {
namespace {

template <typename T>
using NameTable = std::pair<T, std::string_view>;

constexpr NameTable<EntryStatus> kStatusNames[] = {
    {EntryStatus::kActive, "ACTIVE"},
    {EntryStatus::kInactive, "INACTIVE"},
};

constexpr NameTable<RegisterChange> kChangeNames[] = {
    {RegisterChange::kListed, "LISTED"},
    {RegisterChange::kCorrected, "CORRECTED"},
    {RegisterChange::kDeactivated, "DEACTIVATED"},
    {RegisterChange::kReactivated, "REACTIVATED"},
    {RegisterChange::kDesilChanged, "DESIL_CHANGED"},
    {RegisterChange::kProgrammeJoined, "PROGRAMME_JOINED"},
};

template <typename T, size_t N>
std::string_view NameIn(const NameTable<T> (&table)[N], T value) {
  for (const auto& [v, name] : table) {
    if (v == value) return name;
  }
  return "";
}

template <typename T, size_t N>
std::optional<T> ParseIn(const NameTable<T> (&table)[N], std::string_view name) {
  for (const auto& [v, n] : table) {
    if (n == name) return v;
  }
  return std::nullopt;
}

}  // namespace

std::string_view Name(EntryStatus status) { return NameIn(kStatusNames, status); }
std::string_view Name(RegisterChange change) { return NameIn(kChangeNames, change); }
std::optional<EntryStatus> ParseEntryStatus(std::string_view name) {
  return ParseIn(kStatusNames, name);
}
std::optional<RegisterChange> ParseRegisterChange(std::string_view name) {
  return ParseIn(kChangeNames, name);
}

bool NamesEntry(Kind kind) { return kind != Kind::kNew; }

absl::Status CheckEntryNamed(Kind kind, bool has_entry, std::string_view field) {
  if (NamesEntry(kind) && !has_entry) {
    return absl::InvalidArgumentError(base::Concat(
        field, " is required for kind ", Name(kind), ": name the register entry it concerns"));
  }
  if (!NamesEntry(kind) && has_entry) {
    return absl::InvalidArgumentError(base::Concat(
        field, " must be empty for kind NEW: its acceptance creates the entry"));
  }
  return absl::OkStatus();
}

absl::Status CheckEntryStatusFor(Kind kind, EntryStatus status) {
  const EntryStatus needed =
      kind == Kind::kReactivation ? EntryStatus::kInactive : EntryStatus::kActive;
  if (status == needed) return absl::OkStatus();
  return absl::FailedPreconditionError(
      base::Concat("register entry is ", Name(status), "; a ", Name(kind),
                   " needs an entry that is ", Name(needed)));
}

bool OneOpenPerEntry(Kind kind) {
  return kind == Kind::kCorrection || kind == Kind::kDeactivation ||
         kind == Kind::kReactivation;
}

bool ClaimsNiks(Kind kind, Route route) {
  return kind != Kind::kObjection && route != Route::kCitizenProposal &&
         route != Route::kCitizenObjection;
}

RegisterEffect EffectOfAcceptance(Kind kind) {
  switch (kind) {
    case Kind::kNew:
      return {RegisterChange::kListed, EntryStatus::kActive};
    case Kind::kCorrection:
      return {RegisterChange::kCorrected, std::nullopt};
    case Kind::kDeactivation:
    case Kind::kObjection:
      return {RegisterChange::kDeactivated, EntryStatus::kInactive};
    case Kind::kReactivation:
      return {RegisterChange::kReactivated, EntryStatus::kActive};
  }
  return {RegisterChange::kListed, EntryStatus::kActive};
}

bool AlreadyInEffect(const RegisterEffect& effect, EntryStatus current) {
  return (effect.change == RegisterChange::kDeactivated ||
          effect.change == RegisterChange::kReactivated) &&
         effect.status_after == current;
}

}  // namespace usulan::workflow
