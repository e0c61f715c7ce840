// Every unary usulan.v1 RPC, callable by name with a JSON request and answering
// JSON, so operators and scripts can drive the service without writing code.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <grpcpp/channel.h>
#include <grpcpp/support/status.h>

namespace usulan::tools {

struct CallResult {
  grpc::Status status;
  std::string response_json;  // set when status is OK
};

// `method` is "Service.Method" (e.g. "ProposalService.CreateProposal"); `token` is
// sent as the bearer token. An unknown method or bad JSON answers INVALID_ARGUMENT.
CallResult CallJson(const std::shared_ptr<grpc::Channel>& channel, const std::string& method,
                    const std::string& request_json, const std::string& token);

// The names CallJson accepts, sorted.
std::vector<std::string> MethodNames();

}  // namespace usulan::tools
