// Finds personal data (NIK, KK number, name) in text such as a server log or an
// error message. A value counts as found in any of the forms a log may carry it:
// as is, or escaped as a JSON string (with or without \u escapes for non-ASCII);
// a name also by each of its distinctive words (6 bytes or more), so a log that
// kept only part of a name still counts. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "usulan/v1/common.pb.h"

namespace usulan::testing {

// One personal value and what it is (for the failure message).
struct PersonalValue {
  std::string what;   // e.g. "nik of household 501 member 2"
  std::string value;
  bool is_name = false;
};

struct PersonalDataHit {
  std::string what;    // the PersonalValue's description
  std::string needle;  // the form that was found
  std::string context;  // up to 60 bytes of text either side
};

// Every NIK, the KK number and every name of `household`, labelled with `label`.
std::vector<PersonalValue> PersonalValuesOf(const v1::Household& household,
                                            const std::string& label);

// The forms of `value` searched for (see the file comment).
std::vector<std::string> SearchForms(const PersonalValue& value);

// Every occurrence of any form of any value in `text`, at most one hit per form.
std::vector<PersonalDataHit> FindPersonalData(std::string_view text,
                                              const std::vector<PersonalValue>& values);

// The hits, one per line, for a failure message.
std::string Describe(const std::vector<PersonalDataHit>& hits);

}  // namespace usulan::testing
