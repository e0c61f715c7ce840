#include "server/reflection_option.h"

#include <algorithm>

#include <grpcpp/ext/proto_server_reflection_plugin.h>

namespace usulan::server {
namespace {

class Reflection final : public grpc::ServerBuilderOption {
 public:
  explicit Reflection(bool enabled) : enabled_(enabled) {}

  void UpdateArguments(grpc::ChannelArguments* /*args*/) override {}

  void UpdatePlugins(std::vector<std::unique_ptr<grpc::ServerBuilderPlugin>>* plugins) override {
    const std::string name = grpc::reflection::ProtoServerReflectionPlugin().name();
    plugins->erase(std::remove_if(plugins->begin(), plugins->end(),
                                  [&](const auto& plugin) { return plugin->name() == name; }),
                   plugins->end());
    if (enabled_) {
      plugins->push_back(std::make_unique<grpc::reflection::ProtoServerReflectionPlugin>());
    }
  }

 private:
  bool enabled_;
};

}  // namespace

std::unique_ptr<grpc::ServerBuilderOption> ReflectionOption(bool enabled) {
  return std::make_unique<Reflection>(enabled);
}

}  // namespace usulan::server
