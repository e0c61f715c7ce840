#include "services/malformed_request_interceptor.h"

#include <string>

#include <google/protobuf/descriptor.h>

#include "absl/status/status.h"
#include "services/rpc_log.h"
#include "base/string_view_compat.h"

namespace usulan::services {
namespace {

using grpc::experimental::InterceptionHookPoints;
using grpc::experimental::ServerRpcInfo;

// "/usulan.v1.ProposalService/CreateProposal" -> "usulan.v1.CreateProposalRequest"
// (the method's input type from the descriptors compiled in; the method path when
// it is not one of them).
std::string RequestTypeOf(const std::string& method_path) {
  std::string dotted = method_path.substr(method_path.empty() ? 0 : 1);
  const size_t slash = dotted.rfind('/');
  if (slash != std::string::npos) dotted[slash] = '.';
  const google::protobuf::MethodDescriptor* method =
      google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(dotted);
  return method != nullptr ? method->input_type()->full_name() : dotted;
}

class MalformedRequestInterceptor final : public grpc::experimental::Interceptor {
 public:
  explicit MalformedRequestInterceptor(std::string method) : method_(std::move(method)) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_MESSAGE) &&
        methods->GetRecvMessage() == nullptr) {
      malformed_ = true;
    }
    if (malformed_ &&
        methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS) &&
        methods->GetSendStatus().error_code() == grpc::StatusCode::INTERNAL) {
      // Only INTERNAL is the failed deserialisation: a call refused for want of
      // threads also has no message, and keeps its RESOURCE_EXHAUSTED.
      const size_t slash = method_.rfind('/');
      RpcLog log(slash == std::string::npos ? method_ : method_.substr(slash + 1));
      methods->ModifySendStatus(log.Finish(absl::InvalidArgumentError(
          base::Concat("request is not a valid ", RequestTypeOf(method_),
                           " message (its bytes do not parse as protobuf)"))));
    }
    methods->Proceed();
  }

 private:
  const std::string method_;
  bool malformed_ = false;
};

class Factory final : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateServerInterceptor(ServerRpcInfo* info) override {
    // See the header: only where the one received message is the request.
    if (info->type() != ServerRpcInfo::Type::UNARY &&
        info->type() != ServerRpcInfo::Type::SERVER_STREAMING) {
      return nullptr;
    }
    return new MalformedRequestInterceptor(info->method());
  }
};

}  // namespace

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
MakeMalformedRequestInterceptorFactory() {
  return std::make_unique<Factory>();
}

}  // namespace usulan::services
