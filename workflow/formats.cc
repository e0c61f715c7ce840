#include "workflow/formats.h"

#include "absl/strings/ascii.h"

namespace usulan::workflow {
namespace {

int DigitsValue(std::string_view digits) {
  int value = 0;
  for (char c : digits) value = value * 10 + (c - '0');
  return value;
}

bool IsLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

}  // namespace

bool IsAllDigits(std::string_view value) {
  for (char c : value) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

bool IsSha256Hex(std::string_view value) {
  if (value.size() != 64) return false;
  for (char c : value) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

bool IsIsoDate(std::string_view value) {
  if (value.size() != 10 || value[4] != '-' || value[7] != '-') return false;
  const std::string_view year = value.substr(0, 4);
  const std::string_view month = value.substr(5, 2);
  const std::string_view day = value.substr(8, 2);
  if (!IsAllDigits(year) || !IsAllDigits(month) || !IsAllDigits(day)) return false;
  const int y = DigitsValue(year);
  const int m = DigitsValue(month);
  const int d = DigitsValue(day);
  if (y < 1 || m < 1 || m > 12 || d < 1) return false;
  return d <= DaysInMonth(y, m);
}

}  // namespace usulan::workflow
