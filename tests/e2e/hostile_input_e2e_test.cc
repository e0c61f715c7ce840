// Hostile input to every RPC: no answer is INTERNAL or UNKNOWN, and a bad field is
// INVALID_ARGUMENT naming it (DESIGN.md section 4: "No call answers INTERNAL for
// anything a client sent"). The methods and their fields come from the protobuf
// descriptors compiled in (every service of package usulan.v1 under proto/), so a
// new RPC or field is covered without editing this test. Each method gets:
//   - bytes that are not a message (truncated fields, a runaway varint);
//   - per string field, alone in an otherwise empty request: a NUL, 70,000
//     characters, a bidirectional override;
//   - per enum field: a number the enum does not declare;
//   - per google.protobuf.Timestamp: seconds 2^62, and nanos -1.
// Nested messages are filled on the way to the field (repeated ones with one
// item), so the field's path is known: "household.members[0].name".
#include <functional>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include "tests/e2e/e2e_fixture.h"
#include "tests/e2e/raw_call.h"
#include "tests/e2e/rpc_coverage.h"
#include "tests/support/build_paths.h"
#include "usulan/v1/field_rules.pb.h"

namespace usulan::testing {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::MethodDescriptor;

// Never INTERNAL or UNKNOWN; when `field` is given, INVALID_ARGUMENT naming it
// (the message starts with the field's path).
::testing::AssertionResult WellRefused(const RawAnswer& answer, const std::string& method,
                                       const std::string& what, const std::string& field) {
  if (answer.code == grpc::StatusCode::INTERNAL || answer.code == grpc::StatusCode::UNKNOWN) {
    return ::testing::AssertionFailure()
           << method << " answered " << answer.code << " (" << answer.message << ") to " << what;
  }
  if (field.empty()) return ::testing::AssertionSuccess();
  if (answer.code != grpc::StatusCode::INVALID_ARGUMENT ||
      answer.message.rfind(field + " ", 0) != 0) {
    return ::testing::AssertionFailure() << method << " answered " << answer.code << " ("
                                         << answer.message << ") to " << what
                                         << "; expected INVALID_ARGUMENT naming " << field;
  }
  return ::testing::AssertionSuccess();
}

// One hostile request: the serialized message and the field it targets.
struct Hostile {
  std::string what;
  std::string field;        // its path; "" when any refusal but INTERNAL/UNKNOWN will do
  std::string bytes;
};

bool IsFreeText(const FieldDescriptor& field) {
  return field.options().GetExtension(v1::rules).text() == v1::TEXT_FREE;
}

// Calls `visit(message, field, path)` for every leaf field reachable from `type`,
// on a fresh message of the request type whose path to the field is filled in.
using LeafVisitor =
    std::function<void(Message& root, Message& holder, const FieldDescriptor& field,
                       const std::string& path)>;
void ForEachLeaf(const Descriptor& root_type, const LeafVisitor& visit) {
  const Message* prototype =
      google::protobuf::MessageFactory::generated_factory()->GetPrototype(&root_type);
  // A path is a list of (field, repeated?) steps from the root.
  std::function<void(const Descriptor&, std::vector<const FieldDescriptor*>&, int)> walk =
      [&](const Descriptor& type, std::vector<const FieldDescriptor*>& steps, int depth) {
        for (int i = 0; i < type.field_count(); ++i) {
          const FieldDescriptor* field = type.field(i);
          const bool is_message = field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE;
          const bool timestamp =
              is_message && field->message_type()->full_name() == "google.protobuf.Timestamp";
          if (is_message && !timestamp) {
            if (depth < 4 && !field->is_map()) {
              steps.push_back(field);
              walk(*field->message_type(), steps, depth + 1);
              steps.pop_back();
            }
            continue;
          }
          std::unique_ptr<Message> root(prototype->New());
          Message* holder = root.get();
          std::string path;
          for (const FieldDescriptor* step : steps) {
            path += step->name();
            const auto* reflection = holder->GetReflection();
            if (step->is_repeated()) {
              holder = reflection->AddMessage(holder, step);
              path += "[0]";
            } else {
              holder = reflection->MutableMessage(holder, step);
            }
            path += ".";
          }
          path += field->name();
          visit(*root, *holder, *field, path);
        }
      };
  std::vector<const FieldDescriptor*> steps;
  walk(root_type, steps, 0);
}

std::vector<Hostile> HostileRequests(const Descriptor& type) {
  std::vector<Hostile> out;
  // Not a message of any type: a length-delimited field 1 promising 5 bytes and
  // carrying 2, a varint that never ends, a tag of field number 0.
  out.push_back({"truncated bytes", "", std::string("\x0a\x05" "ab", 4)});
  out.push_back({"a runaway varint", "", std::string(11, '\xff')});
  out.push_back({"field number 0", "", std::string("\x00\x01", 2)});
  ForEachLeaf(type, [&](Message& root, Message& holder, const FieldDescriptor& field,
                        const std::string& path) {
    const auto* reflection = holder.GetReflection();
    const std::string item = field.is_repeated() ? path + "[0]" : path;
    auto add = [&](const std::string& what, const std::string& expected_field) {
      out.push_back({what + " in " + item, expected_field, root.SerializeAsString()});
    };
    auto set_string = [&](const std::string& value) {
      if (field.is_repeated()) {
        if (reflection->FieldSize(holder, &field) == 0) reflection->AddString(&holder, &field, "");
        reflection->SetRepeatedString(&holder, &field, 0, value);
      } else {
        reflection->SetString(&holder, &field, value);
      }
    };
    switch (field.cpp_type()) {
      case FieldDescriptor::CPPTYPE_STRING:
        if (field.type() == FieldDescriptor::TYPE_BYTES) break;
        set_string(std::string("a\0b", 3));
        add("a NUL", item);
        set_string(std::string(70'000, 'a'));
        add("70,000 characters", item);
        set_string("a\u202Eb");
        add("a bidirectional override", IsFreeText(field) ? "" : item);
        break;
      case FieldDescriptor::CPPTYPE_ENUM: {
        int undeclared = 1;
        while (field.enum_type()->FindValueByNumber(undeclared) != nullptr) ++undeclared;
        undeclared += 70;
        if (field.is_repeated()) {
          reflection->AddEnumValue(&holder, &field, undeclared);
        } else {
          reflection->SetEnumValue(&holder, &field, undeclared);
        }
        add("an undeclared enum number", item);
        break;
      }
      case FieldDescriptor::CPPTYPE_MESSAGE: {  // a google.protobuf.Timestamp
        Message* t = field.is_repeated() ? reflection->AddMessage(&holder, &field)
                                         : reflection->MutableMessage(&holder, &field);
        const Descriptor& td = *t->GetDescriptor();
        t->GetReflection()->SetInt64(t, td.FindFieldByName("seconds"), int64_t{1} << 62);
        add("a timestamp of 2^62 seconds", item);
        t->GetReflection()->SetInt64(t, td.FindFieldByName("seconds"), 1'700'000'000);
        t->GetReflection()->SetInt32(t, td.FindFieldByName("nanos"), -1);
        add("a timestamp with nanos -1", item);
        break;
      }
      default:
        break;
    }
  });
  return out;
}

class HostileInputTest : public E2eTest {};

TEST_F(HostileInputTest, NoCallAnswersInternalAndEveryBadFieldIsNamed) {
  std::vector<std::string> problems;
  std::vector<std::string> methods = UsulanMethods(ProtoDir(), &problems);
  // The server's own API must all be here; the registry's protocol is one the
  // server calls, not serves.
  std::erase_if(problems, [](const std::string& p) { return p.rfind("usulan/v1/", 0) != 0; });
  ASSERT_THAT(problems, ::testing::IsEmpty());
  // A national system token: authentication passes, and the edge step runs before
  // any rule of role or region.
  const std::string token = Token(workflow::Role::kSystem, "");
  int served = 0, calls = 0;
  for (const std::string& method : methods) {
    if (method.rfind("/usulan.v1.", 0) != 0) continue;  // e.g. the registry's, a client side
    std::string dotted = method.substr(1);
    dotted[dotted.rfind('/')] = '.';
    const MethodDescriptor* descriptor =
        google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(dotted);
    ASSERT_NE(descriptor, nullptr) << method;
    ++served;
    // Where the client streams, a refusal may come per message (ImportProposals
    // answers each row): there only "never INTERNAL/UNKNOWN" is asserted.
    const bool client_streams = descriptor->client_streaming();
    for (const Hostile& hostile : HostileRequests(*descriptor->input_type())) {
      const RawAnswer answer = RawCall(channel_, method, {hostile.bytes}, token);
      ++calls;
      std::string field = hostile.field;
      if (client_streams) field.clear();
      if (hostile.what.find("bytes") != std::string::npos ||
          hostile.what.find("varint") != std::string::npos ||
          hostile.what.find("number 0") != std::string::npos) {
        EXPECT_TRUE(WellRefused(answer, method, hostile.what, ""));
        if (!client_streams) {
          EXPECT_EQ(answer.code, grpc::StatusCode::INVALID_ARGUMENT)
              << method << " to " << hostile.what << ": " << answer.message;
        }
        continue;
      }
      EXPECT_TRUE(WellRefused(answer, method, hostile.what, field));
    }
  }
  EXPECT_GT(served, 40) << "every RPC of usulan.v1";
  EXPECT_GT(calls, 500);
}

// Control: the check above can fail. A fabricated INTERNAL, UNKNOWN, a refusal
// naming another field and an OK where a refusal is due are all flagged.
TEST(HostileInputCheckTest, FlagsInternalUnknownAndUnnamedRefusals) {
  EXPECT_FALSE(WellRefused({grpc::StatusCode::INTERNAL, "", {}}, "/m", "x", ""));
  EXPECT_FALSE(WellRefused({grpc::StatusCode::UNKNOWN, "", {}}, "/m", "x", ""));
  EXPECT_FALSE(WellRefused({grpc::StatusCode::INVALID_ARGUMENT, "reason is required", {}}, "/m",
                           "x", "household.address"));
  EXPECT_FALSE(WellRefused({grpc::StatusCode::OK, "", {}}, "/m", "x", "reason"));
  EXPECT_TRUE(WellRefused({grpc::StatusCode::INVALID_ARGUMENT, "reason must not ...", {}}, "/m",
                          "x", "reason"));
  EXPECT_TRUE(WellRefused({grpc::StatusCode::NOT_FOUND, "", {}}, "/m", "x", ""));
  // And the generator reaches nested fields with their paths.
  bool found = false;
  for (const Hostile& h : HostileRequests(*v1::CreateProposalRequest::descriptor())) {
    if (h.field == "household.members[0].name") found = true;
  }
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace usulan::testing
