// Answers INVALID_ARGUMENT, not INTERNAL, when the bytes of a request are not a
// valid message of the method's request type: the client's bytes are at fault,
// and INTERNAL would make clients and alerting blame the server.
//
// Why an interceptor (gRPC 1.51, synchronous server): the request is
// deserialised before any handler runs (src/cpp/server/server_cc.cc,
// SyncRequest::CallData::Run calls MethodHandler::Deserialize); when that fails,
// RpcMethodHandler::RunHandler (grpcpp/support/method_handler.h) skips the
// handler and sends the failed deserialisation's status, INTERNAL from
// GenericDeserialize (grpcpp/impl/codegen/proto_utils.h), so the service never
// sees the call. Interceptors do: Run sets POST_RECV_MESSAGE with the
// deserialised message, nullptr when deserialisation failed, and PRE_SEND_STATUS
// lets the status be replaced before it is sent.
//
// Unary and server-streaming methods only: there the one received message is the
// request, so nullptr means malformed. In a client or bidirectional stream
// (ImportProposals) each message is deserialised by the handler's Read(), which
// returns false both at the client's half-close and for a malformed message, and
// the interceptor sees nullptr for both; gRPC 1.51's synchronous API cannot tell
// them apart. A malformed message therefore ends an import stream as the client's
// half-close would: the rows before it are answered, it and the rest are not, and
// the call ends OK (never INTERNAL); README "Bulk import" says so, and
// tests/e2e/edge_validation_e2e_test.cc shows it.
#pragma once

#include <memory>

#include <grpcpp/support/server_interceptor.h>

namespace usulan::services {

// For ServerBuilder::experimental().SetInterceptorCreators. Thread-safe.
std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
MakeMalformedRequestInterceptorFactory();

}  // namespace usulan::services
