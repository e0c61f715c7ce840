// A client's bytes as the request of any usulan.v1 RPC, through the edge step the
// server runs before any rule: the request is parsed as the method's input type
// (a parse failure is INVALID_ARGUMENT, services/malformed_request_interceptor.h),
// then validated (services/request_validation.h), its request_id checked and its
// page token decoded (services/request_checks.h).
//
// Input: the method's full name ("usulan.v1.ProposalService.CreateProposal"), a
// newline, then the request's wire bytes. A name that is not a method (a mutated
// one) still picks a method, by its hash, so no input is wasted.
//
// Properties, each an abort when broken:
//   - validation answers only OK or INVALID_ARGUMENT (never INTERNAL or another
//     code for what a client sent), and a refusal names a field of the request;
//   - a request it accepts is accepted again, unchanged (ids canonicalised once),
//     also after it is serialised and parsed again, as the server passes it on.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>
#include <google/protobuf/util/message_differencer.h>

#include "fuzz/fail.h"
#include "services/request_checks.h"
#include "services/request_validation.h"

namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::MethodDescriptor;

void Fail(std::string_view what, const MethodDescriptor& method, std::string_view detail) {
  usulan::fuzz::Fail("edge_validation", what, method.full_name() + ": " + std::string(detail));
}

// Every method of every service in the API's .proto files (USULAN_API_PROTOS, from
// fuzz/CMakeLists.txt), in a stable order.
const std::vector<const MethodDescriptor*>& Methods() {
  static const auto* methods = [] {
    auto* list = new std::vector<const MethodDescriptor*>;
    const auto* pool = google::protobuf::DescriptorPool::generated_pool();
    std::string_view names = USULAN_API_PROTOS;
    while (!names.empty()) {
      const size_t comma = names.find(',');
      const std::string name(names.substr(0, comma));
      names = comma == std::string_view::npos ? "" : names.substr(comma + 1);
      const auto* file = pool->FindFileByName(name);
      if (file == nullptr) {
        usulan::fuzz::Fail("edge_validation", name, "is not linked in");
      }
      for (int s = 0; s < file->service_count(); ++s) {
        for (int m = 0; m < file->service(s)->method_count(); ++m) {
          list->push_back(file->service(s)->method(m));
        }
      }
    }
    if (list->size() < 40) {
      usulan::fuzz::Fail("edge_validation", "fewer than 40 methods found");
    }
    return list;
  }();
  return *methods;
}

const MethodDescriptor& PickMethod(std::string_view name) {
  uint64_t hash = 14695981039346656037u;  // FNV-1a: stable across runs and builds
  for (const MethodDescriptor* method : Methods()) {
    if (method->full_name() == name) return *method;
  }
  for (unsigned char c : name) hash = (hash ^ c) * 1099511628211u;
  return *Methods()[hash % Methods().size()];
}

// The refusal names a field of the request: its message starts with a path
// ("household.members[1].name ...") whose first part is a field of `type`.
bool NamesAField(const Descriptor& type, std::string_view message) {
  const std::string_view path = message.substr(0, message.find(' '));
  const std::string_view first = path.substr(0, path.find_first_of(".["));
  return type.FindFieldByName(std::string(first)) != nullptr;
}

// The request's singular field `name` of `type`, or nullptr.
const FieldDescriptor* Field(const Message& request, const char* name,
                             FieldDescriptor::Type type) {
  const FieldDescriptor* field = request.GetDescriptor()->FindFieldByName(name);
  return field != nullptr && field->type() == type && !field->is_repeated() ? field : nullptr;
}

// What the server reads from a request before any rule: every field's rules, the
// request id of a mutating call, and the page token and size of a list call
// (services/request_checks.h), where the request has them.
absl::Status EdgeStep(Message& request) {
  absl::Status status = usulan::services::ValidateIncomingRequest(request);
  if (!status.ok()) return status;
  const auto& reflection = *request.GetReflection();
  if (const auto* id = Field(request, "request_id", FieldDescriptor::TYPE_STRING)) {
    status = usulan::services::ValidateRequestId(reflection.GetString(request, id));
    if (!status.ok()) return status;
  }
  if (const auto* token = Field(request, "page_token", FieldDescriptor::TYPE_STRING)) {
    status = usulan::services::DecodePageToken(reflection.GetString(request, token)).status();
    if (!status.ok()) return status;
  }
  if (const auto* size = Field(request, "page_size", FieldDescriptor::TYPE_INT32)) {
    return usulan::services::CheckPageSize(reflection.GetInt32(request, size)).status();
  }
  return absl::OkStatus();
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  Methods();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t newline = input.find('\n');
  const std::string_view name = newline == std::string_view::npos ? input : input.substr(0, newline);
  const std::string_view bytes =
      newline == std::string_view::npos ? std::string_view() : input.substr(newline + 1);
  const MethodDescriptor& method = PickMethod(name);

  const Message* prototype =
      google::protobuf::MessageFactory::generated_factory()->GetPrototype(method.input_type());
  std::unique_ptr<Message> request(prototype->New());
  if (!request->ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) return 0;

  absl::Status status = EdgeStep(*request);
  if (!status.ok()) {
    if (status.code() != absl::StatusCode::kInvalidArgument) {
      Fail("answered neither OK nor INVALID_ARGUMENT", method, status.ToString());
    }
    const std::string message(status.message());
    if (!NamesAField(*method.input_type(), message)) {
      Fail("a refusal that names no field", method, message);
    }
    return 0;
  }
  std::unique_ptr<Message> again(request->New());
  again->CopyFrom(*request);
  if (absl::Status second = EdgeStep(*again); !second.ok()) {
    Fail("accepted, then refused", method, second.ToString());
  }
  if (!google::protobuf::util::MessageDifferencer::Equals(*request, *again)) {
    Fail("a second validation changed an accepted request", method, "");
  }
  std::unique_ptr<Message> reparsed(request->New());
  if (!reparsed->ParseFromString(request->SerializeAsString())) {
    Fail("an accepted request does not parse after serialisation", method, "");
  }
  if (absl::Status third = EdgeStep(*reparsed); !third.ok()) {
    Fail("accepted, then refused after serialisation", method, third.ToString());
  }
  return 0;
}
