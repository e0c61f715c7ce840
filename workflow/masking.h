// Masking of personal data for callers outside the proposal's region (a village
// operator asking about a person moving in sees that the person is in a proposal
// elsewhere, not who the household is). Pure.
#pragma once

#include <string>
#include <string_view>

namespace usulan::workflow {

// Each word of a name reduced to its first character (a whole UTF-8 sequence)
// and "***": "Asep Sunandar" -> "A*** S***". Empty stays empty.
std::string MaskName(std::string_view name);

// A NIK or KK number with all but the first and last four characters replaced by
// '*': "3201010101000001" -> "3201********0001". Values of eight characters or
// fewer are masked entirely.
std::string MaskNumber(std::string_view number);

}  // namespace usulan::workflow
