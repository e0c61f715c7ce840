// Server reflection as a per-server choice (--reflection). gRPC's usual switch,
// grpc::reflection::InitProtoReflectionServerBuilderPlugin(), registers the
// plugin for every server the process ever builds and cannot be undone; this
// option adds it to one builder, or removes it when it is off, so a deployment
// that does not want its API enumerated without a token can say so, and a
// test can run servers both ways in one process.
#pragma once

#include <memory>

#include <grpcpp/impl/server_builder_option.h>

namespace usulan::server {

// For ServerBuilder::SetOption: exactly one reflection service when `enabled`,
// none otherwise.
std::unique_ptr<grpc::ServerBuilderOption> ReflectionOption(bool enabled);

}  // namespace usulan::server
