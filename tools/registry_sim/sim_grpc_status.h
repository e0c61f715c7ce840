// How the simulator's services answer: the absl status of a pure handler as the
// gRPC status, its message (which names fields, never values) passed on.
#pragma once

#include <string>

#include <grpcpp/support/status.h>

#include "absl/status/statusor.h"

namespace usulan::registry_sim {

template <typename Response>
grpc::Status Answer(absl::StatusOr<Response> answer, Response* response) {
  if (!answer.ok()) {
    return grpc::Status(static_cast<grpc::StatusCode>(answer.status().code()),
                        std::string(answer.status().message()));
  }
  *response = std::move(*answer);
  return grpc::Status::OK;
}

}  // namespace usulan::registry_sim
