#include "services/digest.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include "audit/digest.h"
#include "audit/keyed_hash.h"
#include "services/convert.h"

namespace usulan::services {

std::string Sha256Hex(std::string_view data) { return audit::ToHex(audit::Sha256(data)); }

std::string DeterministicBytes(const google::protobuf::Message& message) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    message.SerializeToCodedStream(&coded);
  }
  return bytes;
}

std::string HouseholdDigest(std::string_view key, const workflow::Household& household) {
  v1::Household message;
  ToProto(household, &message);
  return audit::ToHex(audit::HmacSha256(key, DeterministicBytes(message)));
}

std::string ReasonDigest(std::string_view key, std::string_view reason) {
  return audit::ToHex(audit::HmacSha256(key, reason));
}

void AddHouseholdEvidence(std::string_view key, const workflow::Household& household,
                          std::vector<std::string>& hashes,
                          std::map<std::string, std::string>& attributes) {
  hashes.push_back(HouseholdDigest(key, household));
  attributes[kHouseholdDigestAttribute] = kHouseholdDigestHmacSha256;
}

}  // namespace usulan::services
