// Calls any method with bytes the test chooses, bypassing the generated stubs
// (which could only send well-formed messages): the request as raw bytes, the
// answers as raw bytes, whatever the method's kind (unary or streaming).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

namespace usulan::testing {

struct RawAnswer {
  grpc::StatusCode code = grpc::StatusCode::OK;
  std::string message;
  std::vector<std::string> responses;  // serialized response messages
};

// Sends `requests` (each as given, maybe not a valid message) to `method`
// ("/usulan.v1.ProposalService/CreateProposal") with `token` as the bearer
// token, half-closes, and reads every answer. A 30-second deadline.
RawAnswer RawCall(const std::shared_ptr<grpc::Channel>& channel, const std::string& method,
                  const std::vector<std::string>& requests, const std::string& token);

}  // namespace usulan::testing
