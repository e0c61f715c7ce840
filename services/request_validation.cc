#include "services/request_validation.h"

#include <cstdint>
#include <optional>
#include <vector>

#include <google/protobuf/descriptor.h>

#include "base/ids.h"
#include "base/utf8.h"
#include "usulan/v1/field_rules.pb.h"
#include "base/string_view_compat.h"

namespace usulan::services {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;
using base::Concat;

// What a field without declared rules gets: the strictest human text and modest
// bounds. A unit test (request_validation_test.cc) refuses request fields without
// rules, so this only guards a field added in a hurry.
constexpr uint32_t kDefaultMaxChars = 1000;
constexpr uint32_t kDefaultMaxItems = 1000;

// The range google.protobuf.Timestamp defines (timestamp.proto).
constexpr int64_t kMinTimestampSeconds = -62'135'596'800;  // 0001-01-01T00:00:00Z
constexpr int64_t kMaxTimestampSeconds = 253'402'300'799;  // 9999-12-31T23:59:59Z

struct Rules {
  v1::TextKind text = v1::TEXT_NAME;
  uint32_t max_chars = kDefaultMaxChars;
  uint32_t max_items = kDefaultMaxItems;
  bool audited = false;
};

Rules RulesOf(const FieldDescriptor& field) {
  Rules rules;
  if (!field.options().HasExtension(v1::rules)) return rules;
  const v1::FieldRules& declared = field.options().GetExtension(v1::rules);
  if (declared.has_text() && declared.text() != v1::TEXT_KIND_UNSPECIFIED) {
    rules.text = declared.text();
  }
  if (declared.has_max_chars()) rules.max_chars = declared.max_chars();
  if (declared.has_max_items()) rules.max_items = declared.max_items();
  rules.audited = declared.audited();
  return rules;
}

absl::Status Invalid(std::string_view path, std::string_view problem) {
  return absl::InvalidArgumentError(Concat(path, " ", problem));
}

// Embedding and override (U+202A-U+202E) and isolates (U+2066-U+2069): they
// reorder what a reader sees, so a name could read as another one.
bool IsBidiControl(char32_t cp) {
  return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

absl::Status CheckString(std::string_view path, const Rules& rules, std::string* value) {
  const std::string_view text = *value;
  size_t chars = 0;
  for (size_t pos = 0; pos < text.size(); ++chars) {
    std::optional<char32_t> cp = base::NextCodePoint(text, &pos);
    if (!cp) return Invalid(path, "is not valid UTF-8");
    const bool control = *cp < 0x20 || *cp == 0x7F;
    switch (rules.text) {
      case v1::TEXT_FREE:
        if (control && *cp != '\t' && *cp != '\n') {
          return Invalid(path, "must not contain control characters (tab and newline are allowed)");
        }
        break;
      case v1::TEXT_CODE:
      case v1::TEXT_ID:
        if (*cp <= 0x20 || *cp >= 0x7F) {
          return Invalid(path, "must be printable ASCII without spaces");
        }
        break;
      default:  // TEXT_NAME
        if (control) return Invalid(path, "must be one line without control characters");
        if (IsBidiControl(*cp)) {
          return Invalid(path,
                         "must not contain bidirectional override or isolate characters "
                         "(U+202A-U+202E, U+2066-U+2069)");
        }
        break;
    }
  }
  if (chars > rules.max_chars) {
    return Invalid(path, Concat("must be at most ", rules.max_chars, " characters"));
  }
  if (rules.audited && HoldsSixteenDigits(text)) {
    return Invalid(path,
                   "must not hold 16 digits in a row (a NIK or KK number is personal data, and "
                   "this field is kept in the audit trail, which is never erased)");
  }
  if (rules.text == v1::TEXT_ID && !text.empty()) {
    if (!base::IsUuid(text)) return Invalid(path, "must be a UUID");
    for (char& c : *value) {
      if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return absl::OkStatus();
}

absl::Status CheckEnum(std::string_view path, const FieldDescriptor& field, int number) {
  if (field.enum_type()->FindValueByNumber(number) != nullptr) return absl::OkStatus();
  return Invalid(path, Concat("is not a value of ", field.enum_type()->full_name(), " (",
                              number, ")"));
}

absl::Status CheckTimestamp(std::string_view path, const Message& timestamp) {
  const Descriptor& type = *timestamp.GetDescriptor();
  const Reflection& reflection = *timestamp.GetReflection();
  const int64_t seconds = reflection.GetInt64(timestamp, type.FindFieldByName("seconds"));
  const int32_t nanos = reflection.GetInt32(timestamp, type.FindFieldByName("nanos"));
  if (seconds < kMinTimestampSeconds || seconds > kMaxTimestampSeconds || nanos < 0 ||
      nanos > 999'999'999) {
    return Invalid(path,
                   "is not a valid timestamp (0001-01-01T00:00:00Z to "
                   "9999-12-31T23:59:59.999999999Z, nanos 0 to 999999999)");
  }
  return absl::OkStatus();
}

absl::Status CheckMessage(std::string_view prefix, Message& message);

absl::Status CheckField(std::string_view path, Message& message, const FieldDescriptor& field,
                        const Rules& rules, int index) {
  const Reflection& reflection = *message.GetReflection();
  const bool repeated = index >= 0;
  switch (field.cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING: {
      if (field.type() == FieldDescriptor::TYPE_BYTES) return absl::OkStatus();
      std::string value = repeated ? reflection.GetRepeatedString(message, &field, index)
                                   : reflection.GetString(message, &field);
      const std::string before = value;
      if (absl::Status s = CheckString(path, rules, &value); !s.ok()) return s;
      if (value != before) {
        if (repeated) {
          reflection.SetRepeatedString(&message, &field, index, std::move(value));
        } else {
          reflection.SetString(&message, &field, std::move(value));
        }
      }
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_ENUM:
      return CheckEnum(path, field,
                       repeated ? reflection.GetRepeatedEnumValue(message, &field, index)
                                : reflection.GetEnumValue(message, &field));
    case FieldDescriptor::CPPTYPE_MESSAGE: {
      Message* child = repeated ? reflection.MutableRepeatedMessage(&message, &field, index)
                                : reflection.MutableMessage(&message, &field);
      if (child->GetDescriptor()->full_name() == "google.protobuf.Timestamp") {
        return CheckTimestamp(path, *child);
      }
      return CheckMessage(path, *child);
    }
    default:
      return absl::OkStatus();
  }
}

absl::Status CheckMessage(std::string_view prefix, Message& message) {
  const Reflection& reflection = *message.GetReflection();
  std::vector<const FieldDescriptor*> fields;
  reflection.ListFields(message, &fields);  // only those set: nothing to check in the others
  for (const FieldDescriptor* field : fields) {
    const std::string path =
        prefix.empty() ? field->name() : Concat(prefix, ".", field->name());
    const Rules rules = RulesOf(*field);
    if (!field->is_repeated()) {
      if (absl::Status s = CheckField(path, message, *field, rules, -1); !s.ok()) return s;
      continue;
    }
    const int size = reflection.FieldSize(message, field);
    if (static_cast<uint32_t>(size) > rules.max_items) {
      return Invalid(path, Concat("must hold at most ", rules.max_items, " items"));
    }
    for (int i = 0; i < size; ++i) {
      if (absl::Status s = CheckField(Concat(path, "[", i, "]"), message, *field, rules, i);
          !s.ok()) {
        return s;
      }
    }
  }
  return absl::OkStatus();
}

}  // namespace

bool HoldsSixteenDigits(std::string_view text) {
  int in_a_row = 0;
  for (char c : text) {
    in_a_row = (c >= '0' && c <= '9') ? in_a_row + 1 : 0;
    if (in_a_row >= 16) return true;
  }
  return false;
}

absl::Status ValidateRequestId(std::string_view request_id) {
  if (request_id.empty()) {
    return absl::InvalidArgumentError("request_id is required (an idempotency key)");
  }
  if (request_id.size() > 128) {
    return absl::InvalidArgumentError("request_id must be at most 128 characters");
  }
  if (HoldsSixteenDigits(request_id)) {
    // A key built from a NIK or KK number ("create-<NIK>") would be stored in
    // the audit trail, which can never be erased.
    return absl::InvalidArgumentError(
        "request_id must not hold 16 digits in a row (a NIK or KK number is personal "
        "data, and request ids are kept in the audit trail)");
  }
  for (char c : request_id) {
    bool allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                   c == '.' || c == '_' || c == ':' || c == '-';
    if (!allowed) {
      return absl::InvalidArgumentError("request_id may contain only letters, digits and . _ : -");
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateRequest(Message& request) { return CheckMessage("", request); }

absl::Status ValidateIncomingRequest(const Message& request) {
  // See the header: the object is the call's own and not const in itself.
  return ValidateRequest(const_cast<Message&>(request));
}

}  // namespace usulan::services
