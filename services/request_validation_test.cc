#include "services/request_validation.h"

#include <filesystem>
#include <set>

#include <google/protobuf/descriptor.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "services/request_checks.h"
#include "tests/support/build_paths.h"
#include "usulan/v1/audit_service.pb.h"
#include "usulan/v1/citizen_service.pb.h"
#include "usulan/v1/decision_service.pb.h"
#include "usulan/v1/deliberation_service.pb.h"
#include "usulan/v1/determination.pb.h"
#include "usulan/v1/document_service.pb.h"
#include "usulan/v1/field_rules.pb.h"
#include "usulan/v1/personal_data_service.pb.h"
#include "usulan/v1/proposal_service.pb.h"
#include "usulan/v1/public_status_service.pb.h"
#include "usulan/v1/register_service.pb.h"
#include "usulan/v1/review_service.pb.h"
#include "usulan/v1/verification_service.pb.h"

namespace usulan::services {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using ::testing::HasSubstr;

constexpr char kId[] = "3f2c1d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f";
constexpr char kUpperId[] = "3F2C1D4E-5A6B-4C7D-8E9F-0A1B2C3D4E5F";

v1::CreateProposalRequest Create() {
  v1::CreateProposalRequest request;
  request.set_request_id("create-1");
  request.set_kind(v1::PROPOSAL_KIND_NEW);
  request.set_reason("baru pindah\tke desa\nbaris dua");
  request.mutable_household()->set_address("Jl. Raya No. 5\nRT 01/RW 02");
  v1::Member* head = request.mutable_household()->add_members();
  head->set_nik("3201011204780001");
  head->set_name("Asep Sunarya");
  head->set_sex(v1::SEX_MALE);
  v1::Member* child = request.mutable_household()->add_members();
  child->set_name("Siti Nurhaliza");
  return request;
}

std::string Message(const absl::Status& status) { return std::string(status.message()); }

TEST(RequestValidationTest, AWellFormedRequestPasses) {
  v1::CreateProposalRequest request = Create();
  EXPECT_TRUE(ValidateRequest(request).ok()) << ValidateRequest(request);
}

TEST(RequestValidationTest, NulAndControlCharactersAreRefusedNamingTheField) {
  v1::CreateProposalRequest request = Create();
  request.mutable_household()->mutable_members(1)->set_name(std::string("Siti\0X", 6));
  absl::Status status = ValidateRequest(request);
  EXPECT_TRUE(absl::IsInvalidArgument(status));
  EXPECT_THAT(Message(status), HasSubstr("household.members[1].name"));

  request = Create();
  request.set_reason(std::string("alasan\0", 7));
  EXPECT_THAT(Message(ValidateRequest(request)), HasSubstr("reason must not contain control"));
  request.set_reason("alasan\r\n");
  EXPECT_TRUE(absl::IsInvalidArgument(ValidateRequest(request)));

  request = Create();
  request.mutable_household()->set_address(std::string("Jl.\0Raya", 8));
  EXPECT_THAT(Message(ValidateRequest(request)), HasSubstr("household.address"));

  request = Create();
  request.mutable_household()->mutable_members(0)->set_name("Asep\tSunarya");  // one line
  EXPECT_THAT(Message(ValidateRequest(request)), HasSubstr("household.members[0].name"));
}

TEST(RequestValidationTest, BidiControlsAreRefusedInNamesAndCodes) {
  v1::CreateProposalRequest request = Create();
  request.mutable_household()->mutable_members(0)->set_name("Asep \u202Eayranu");
  EXPECT_THAT(Message(ValidateRequest(request)),
              HasSubstr("household.members[0].name must not contain bidirectional"));
  request = Create();
  request.mutable_household()->mutable_members(0)->set_nik("3201\u2066011204780001");
  EXPECT_THAT(Message(ValidateRequest(request)), HasSubstr("household.members[0].nik"));
}

TEST(RequestValidationTest, InvalidUtf8IsRefused) {
  v1::CreateProposalRequest request = Create();
  request.set_reason("\xC0\xAF");  // an overlong '/'
  EXPECT_THAT(Message(ValidateRequest(request)), HasSubstr("reason is not valid UTF-8"));
  request.set_reason("\xED\xA0\x80");  // a surrogate
  EXPECT_TRUE(absl::IsInvalidArgument(ValidateRequest(request)));
}

TEST(RequestValidationTest, LimitsAreInCharactersAsDeclared) {
  v1::CreateProposalRequest request = Create();
  request.mutable_household()->mutable_members(0)->set_name(std::string(200, 'a'));
  EXPECT_TRUE(ValidateRequest(request).ok());
  std::string accented;
  for (int i = 0; i < 200; ++i) accented += "\u00e9";  // 400 bytes, 200 characters
  request.mutable_household()->mutable_members(0)->set_name(accented);
  EXPECT_TRUE(ValidateRequest(request).ok());
  request.mutable_household()->mutable_members(0)->set_name(std::string(201, 'a'));
  EXPECT_THAT(Message(ValidateRequest(request)),
              HasSubstr("household.members[0].name must be at most 200 characters"));
}

TEST(RequestValidationTest, AuditedTextRefusesSixteenDigitsInARow) {
  v1::WithdrawProposalRequest request;
  request.set_request_id("w-1");
  request.set_proposal_id(kId);
  request.set_reason("pindah, KK 3201010101010001");
  EXPECT_THAT(Message(ValidateRequest(request)), HasSubstr("reason must not hold 16 digits"));
  request.set_reason("pindah, KK 320101010101000");  // 15
  EXPECT_TRUE(ValidateRequest(request).ok());
  // Not audited: an address may hold a long number.
  v1::CreateProposalRequest create = Create();
  create.mutable_household()->set_address("Persil 3201010101010001");
  EXPECT_TRUE(ValidateRequest(create).ok());
}

TEST(RequestValidationTest, UndeclaredEnumNumbersAreRefused) {
  v1::CreateProposalRequest request = Create();
  request.mutable_household()->mutable_members(1)->set_sex(static_cast<v1::Sex>(77));
  EXPECT_THAT(Message(ValidateRequest(request)),
              HasSubstr("household.members[1].sex is not a value of usulan.v1.Sex (77)"));
  v1::ListProposalsRequest list;
  list.add_states(v1::PROPOSAL_STATE_DRAFT);
  list.add_states(static_cast<v1::ProposalState>(-3));
  EXPECT_THAT(Message(ValidateRequest(list)), HasSubstr("states[1] is not a value"));
}

TEST(RequestValidationTest, TimestampsOutsideProtobufsRangeAreRefused) {
  v1::RecordVisitRequest request;
  request.mutable_visit_time()->set_seconds(int64_t{1} << 62);
  EXPECT_THAT(Message(ValidateRequest(request)), HasSubstr("visit_time is not a valid timestamp"));
  request.mutable_visit_time()->set_seconds(1'700'000'000);
  request.mutable_visit_time()->set_nanos(-1);
  EXPECT_TRUE(absl::IsInvalidArgument(ValidateRequest(request)));
  request.mutable_visit_time()->set_nanos(999'999'999);
  EXPECT_TRUE(ValidateRequest(request).ok());
  v1::ExportTransitionsRequest export_request;
  export_request.mutable_to()->set_seconds(253'402'300'800);  // 10000-01-01
  EXPECT_THAT(Message(ValidateRequest(export_request)), HasSubstr("to is not a valid timestamp"));
}

TEST(RequestValidationTest, IdsAreCanonicalisedToLowerCase) {
  v1::ApproveProposalsRequest request;
  request.set_request_id("approve-1");
  request.add_proposal_ids(kUpperId);
  request.add_proposal_ids(kId);
  ASSERT_TRUE(ValidateRequest(request).ok());
  EXPECT_EQ(request.proposal_ids(0), kId);
  // So the list's de-duplication sees one proposal twice.
  auto ids = CheckIdList("proposal_ids", request.proposal_ids(), 500);
  EXPECT_THAT(Message(ids.status()), HasSubstr("proposal_ids[1] is listed twice"));

  v1::DecideBatchRequest decide;
  decide.set_batch_id(kUpperId);
  decide.add_exceptions()->set_proposal_id(kUpperId);
  ASSERT_TRUE(ValidateRequest(decide).ok());
  EXPECT_EQ(decide.batch_id(), kId);
  EXPECT_EQ(decide.exceptions(0).proposal_id(), kId);

  v1::GetProposalRequest get;
  get.set_proposal_id("3F2C1D4E-5A6B-4C7D-8E9F-0A1B2C3D4E5");
  EXPECT_THAT(Message(ValidateRequest(get)), HasSubstr("proposal_id must be a UUID"));
}

TEST(RequestValidationTest, RepeatedFieldsAreBounded) {
  v1::CreateProposalRequest request = Create();
  while (request.household().members_size() <= 30) request.mutable_household()->add_members();
  EXPECT_THAT(Message(ValidateRequest(request)),
              HasSubstr("household.members must hold at most 30 items"));
}

// Every string and repeated field a request can carry declares its rules beside
// it in proto, so a new field cannot be added without a limit. Walks every
// method's request type of every service in the .proto files under proto/.
void CollectUndeclared(const Descriptor& message, std::set<std::string>* seen,
                       std::vector<std::string>* undeclared) {
  if (!seen->insert(message.full_name()).second) return;
  if (message.full_name() == "google.protobuf.Timestamp") return;
  for (int i = 0; i < message.field_count(); ++i) {
    const FieldDescriptor& field = *message.field(i);
    // Bytes are no text (a document's chunk): their bound is gRPC's message limit.
    const bool text = field.cpp_type() == FieldDescriptor::CPPTYPE_STRING &&
                      field.type() != FieldDescriptor::TYPE_BYTES;
    const bool needs_rules = field.is_repeated() || text;
    if (needs_rules && !field.options().HasExtension(v1::rules)) {
      undeclared->push_back(field.full_name());
    }
    const v1::FieldRules& rules = field.options().GetExtension(v1::rules);
    if (text && (!rules.has_text() || !rules.has_max_chars())) {
      undeclared->push_back(field.full_name() + " (text kind and max_chars)");
    }
    if (field.is_repeated() && !rules.has_max_items()) {
      undeclared->push_back(field.full_name() + " (max_items)");
    }
    if (field.message_type() != nullptr) CollectUndeclared(*field.message_type(), seen, undeclared);
  }
}

TEST(RequestValidationTest, EveryRequestFieldDeclaresItsRules) {
  // A file's descriptors are in the pool once its generated code is linked in; a
  // new .proto file fails below until it is referenced here too.
  for (const Descriptor* linked :
       {v1::CreateProposalRequest::descriptor(), v1::OpenDeliberationRequest::descriptor(),
        v1::RecordVisitRequest::descriptor(), v1::ApproveProposalsRequest::descriptor(),
        v1::DecideBatchRequest::descriptor(), v1::GetHistoryRequest::descriptor(),
        v1::ErasePersonalDataRequest::descriptor(), v1::UploadDocumentRequest::descriptor(),
        v1::ExportDeterminationRequest::descriptor(),
        v1::GetEntryRequest::descriptor(),

        v1::FileProposalRequest::descriptor(), v1::CheckStatusRequest::descriptor()}) {
    ASSERT_NE(linked, nullptr);
  }
  const auto* pool = google::protobuf::DescriptorPool::generated_pool();
  std::set<std::string> seen;
  std::vector<std::string> undeclared;
  int methods = 0;
  const std::string proto_dir = ::usulan::testing::ProtoDir();
  for (const auto& entry : std::filesystem::recursive_directory_iterator(proto_dir)) {
    if (entry.path().extension() != ".proto") continue;
    const std::string name =
        entry.path().lexically_relative(proto_dir).generic_string();
    if (name.rfind("usulan/v1/", 0) != 0) continue;  // the service's own API
    const auto* file = pool->FindFileByName(name);
    ASSERT_NE(file, nullptr) << name << " is not compiled into this binary";
    for (int s = 0; s < file->service_count(); ++s) {
      for (int m = 0; m < file->service(s)->method_count(); ++m) {
        ++methods;
        CollectUndeclared(*file->service(s)->method(m)->input_type(), &seen, &undeclared);
      }
    }
  }
  EXPECT_GT(methods, 40);
  EXPECT_THAT(undeclared, ::testing::IsEmpty());
}

TEST(RequestValidationTest, TheDeclarationCheckCanFail) {
  // Control: a message with an undeclared string field is reported.
  std::set<std::string> seen;
  std::vector<std::string> undeclared;
  CollectUndeclared(*v1::Proposal::descriptor(), &seen, &undeclared);
  EXPECT_THAT(undeclared, ::testing::Contains("usulan.v1.Proposal.proposal_id"));
}

}  // namespace
}  // namespace usulan::services
