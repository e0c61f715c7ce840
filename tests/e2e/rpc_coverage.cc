#include "tests/e2e/rpc_coverage.h"

#include <algorithm>

#include <google/protobuf/descriptor.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/support/client_interceptor.h>
#include <gtest/gtest.h>

#include "usulan/v1/determination.pb.h"

namespace usulan::testing {
namespace {

using grpc::experimental::InterceptionHookPoints;

// Records the call's final status; passes everything through unchanged.
class RecordingInterceptor final : public grpc::experimental::Interceptor {
 public:
  RecordingInterceptor(std::string method, RpcRecorder* recorder)
      : method_(std::move(method)), recorder_(recorder) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_STATUS)) {
      const grpc::Status* status = methods->GetRecvStatus();
      recorder_->Record({method_, status->error_code(), status->error_message(),
                         status->error_details()});
    }
    methods->Proceed();
  }

 private:
  std::string method_;
  RpcRecorder* recorder_;
};

class RecordingFactory final : public grpc::experimental::ClientInterceptorFactoryInterface {
 public:
  explicit RecordingFactory(RpcRecorder* recorder) : recorder_(recorder) {}
  grpc::experimental::Interceptor* CreateClientInterceptor(
      grpc::experimental::ClientRpcInfo* info) override {
    return new RecordingInterceptor(info->method(), recorder_);
  }

 private:
  RpcRecorder* recorder_;
};

}  // namespace

void RpcRecorder::Record(RecordedCall call) {
  std::lock_guard<std::mutex> lock(mutex_);
  calls_.push_back(std::move(call));
}

std::vector<RecordedCall> RpcRecorder::Calls() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return calls_;
}

std::map<std::string, int> RpcRecorder::Counts() const {
  std::map<std::string, int> counts;
  for (const RecordedCall& call : Calls()) ++counts[call.method];
  return counts;
}

std::shared_ptr<grpc::Channel> RecordingChannel(const std::string& target, RpcRecorder* recorder,
                                                const base::ClientTls& tls) {
  std::vector<std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>> factories;
  factories.push_back(std::make_unique<RecordingFactory>(recorder));
  auto channel =
      base::MakeClientChannel(target, tls, grpc::ChannelArguments(), std::move(factories));
  EXPECT_TRUE(channel.ok()) << channel.status();
  return channel.ok() ? *channel : nullptr;
}

std::vector<std::string> UsulanMethods(const std::filesystem::path& proto_root,
                                       std::vector<std::string>* problems) {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(proto_root)) {
    if (entry.is_regular_file() && entry.path().extension() == ".proto") {
      files.push_back(entry.path().lexically_relative(proto_root).generic_string());
    }
  }
  std::sort(files.begin(), files.end());
  if (files.empty()) problems->push_back("no .proto file under " + proto_root.string());
  std::vector<std::string> methods;
  // A file of messages only is in the pool once something uses its code; no
  // service of this binary may do so yet (determination.proto before its rpc).
  (void)v1::DeterminationFileChunk::descriptor();
  const auto* pool = google::protobuf::DescriptorPool::generated_pool();
  for (const std::string& name : files) {
    const google::protobuf::FileDescriptor* file = pool->FindFileByName(name);
    if (file == nullptr) {
      problems->push_back(name + " is not compiled into this test (link its generated code)");
      continue;
    }
    for (int s = 0; s < file->service_count(); ++s) {
      const google::protobuf::ServiceDescriptor* service = file->service(s);
      for (int m = 0; m < service->method_count(); ++m) {
        methods.push_back("/" + service->full_name() + "/" + service->method(m)->name());
      }
    }
  }
  return methods;
}

std::string ShortMethodName(const std::string& full_method) {
  return full_method.substr(full_method.rfind('/') + 1);
}

}  // namespace usulan::testing
