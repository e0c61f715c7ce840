// TLS on every gRPC link (issue 12; docs/tls.md): the credentials a server
// listens with and the one way every client (the civil-registry client,
// usulanctl, usulan-bench, the tests) makes a channel, so that certificates,
// the loopback-only plaintext rule and the reconnect backoff are decided once.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <grpcpp/channel.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/support/channel_arguments.h>
#include <grpcpp/support/client_interceptor.h>

#include "absl/status/statusor.h"

namespace usulan::base {

// What a server listens with. cert_file and key_file (PEM) go together; without
// them the server speaks plaintext, which only a loopback address may do unless
// allow_plaintext. client_ca_file (PEM) makes client certificates required and
// checked against it (mTLS). The three files are re-read every reload_interval
// and take effect for new connections when they changed.
struct ServerTls {
  std::string cert_file;
  std::string key_file;
  std::string client_ca_file;
  bool allow_plaintext = false;
  std::chrono::seconds reload_interval{60};
  // How the flags are spelled in messages: flag_prefix + "cert-file", ...
  std::string flag_prefix = "--tls-";
};

struct ServerCredentials {
  std::shared_ptr<grpc::ServerCredentials> credentials;
  bool plaintext = false;  // the caller logs a warning
};

// The loopback-only plaintext rule alone (no file is read), for a configuration
// check before anything starts: FAILED_PRECONDITION naming the flags when `tls`
// has no certificate, the address is not loopback and plaintext is not allowed.
absl::Status CheckPlaintextAllowed(std::string_view listen_address, const ServerTls& tls);

// INVALID_ARGUMENT naming the flag when a file is missing, unreadable or not
// PEM, when only one of cert and key is given, or when the key does not match
// the certificate; FAILED_PRECONDITION naming the flags for plaintext on an
// address that is not loopback (base/loopback.h) without allow_plaintext. The
// files are checked now so that a bad one stops the start, not each handshake.
absl::StatusOr<ServerCredentials> MakeServerCredentials(std::string_view listen_address,
                                                        const ServerTls& tls);

// What a client trusts and presents. ca_file (PEM) holds the roots that sign the
// server's certificate; cert_file and key_file, together, are the client's own
// certificate for a server that requires one (mTLS). Without ca_file the
// channel is plaintext, allowed only to a loopback address.
struct ClientTls {
  std::string ca_file;
  std::string cert_file;
  std::string key_file;
  std::string flag_prefix = "--tls-";  // "--registry-" for the registry client
};

// The reconnect backoff every client channel gets: after the peer comes back,
// the next connection attempt is at most kMaxReconnectBackoff away (gRPC's own
// ceiling is two minutes). The time one attempt may take stays gRPC's 20 s
// (GRPC_ARG_MIN_RECONNECT_BACKOFF_MS): a channel nobody polls advances its
// attempt only every 5 s (base/channel_keeper.h), and a shorter limit would cut
// such attempts off before they could finish.
inline constexpr std::chrono::milliseconds kInitialReconnectBackoff{100};
inline constexpr std::chrono::milliseconds kMaxReconnectBackoff{1000};

// A channel to `address` with TLS as `tls` says and the reconnect backoff above
// added to `arguments`. It connects lazily: an unreachable peer or a failed
// handshake shows per call, as UNAVAILABLE. INVALID_ARGUMENT naming the flag for
// an unreadable or non-PEM file or a certificate without its key;
// FAILED_PRECONDITION naming the CA flag for plaintext to a non-loopback address.
// `interceptors` (tests record calls with one) see every call.
absl::StatusOr<std::shared_ptr<grpc::Channel>> MakeClientChannel(
    const std::string& address, const ClientTls& tls,
    grpc::ChannelArguments arguments = grpc::ChannelArguments(),
    std::vector<std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>>
        interceptors = {});

// Whether a failed call's message (gRPC's own, for a connection that could not
// be made) tells of a TLS failure: an untrusted certificate, a refused or
// missing client certificate (with TLS 1.3 the server refuses it after the
// client's side of the handshake, so the client sees its socket closed), a
// plaintext peer. Lets callers name the certificate flags instead of a bare
// "cannot connect".
bool IsHandshakeFailure(std::string_view grpc_message);

}  // namespace usulan::base
