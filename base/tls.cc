#include "base/tls.h"

#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/x509.h>


#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/security/tls_certificate_provider.h>
#include <grpcpp/security/tls_credentials_options.h>

#include "base/key_file.h"
#include "base/loopback.h"
#include "base/string_view_compat.h"

namespace usulan::base {
namespace {

struct BioFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct X509Free {
  void operator()(X509* cert) const { X509_free(cert); }
};
struct PkeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};

// A PEM file anyone may read (certificates, CAs); the message names the flag.
absl::StatusOr<std::string> ReadPem(std::string_view flag, const std::string& path) {
  auto text = ReadPublicFile(flag, path);
  if (!text.ok()) return absl::InvalidArgumentError(Concat(flag, ": cannot read ", path));
  return text;
}

std::unique_ptr<BIO, BioFree> Bio(const std::string& pem) {
  return std::unique_ptr<BIO, BioFree>(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
}

// The first certificate of a PEM file (a chain or a CA bundle).
absl::StatusOr<std::unique_ptr<X509, X509Free>> ParseCertificate(std::string_view flag,
                                                                  const std::string& path,
                                                                  const std::string& pem) {
  std::unique_ptr<X509, X509Free> cert(PEM_read_bio_X509(Bio(pem).get(), nullptr, nullptr, nullptr));
  if (!cert) {
    return absl::InvalidArgumentError(Concat(flag, ": ", path, " holds no PEM certificate"));
  }
  return cert;
}

// Reads and checks a certificate and its key: both PEM, and the key the one the
// certificate names. Never puts the key in a message.
absl::Status CheckKeyPair(std::string_view cert_flag, const std::string& cert_path,
                          std::string_view key_flag, const std::string& key_path,
                          std::string* cert_pem = nullptr, std::string* key_pem = nullptr) {
  auto cert_text = ReadPem(cert_flag, cert_path);
  if (!cert_text.ok()) return cert_text.status();
  auto cert = ParseCertificate(cert_flag, cert_path, *cert_text);
  if (!cert.ok()) return cert.status();
  // A private key others can read is not a secret (key_file.h).
  auto key_text = ReadPrivateFile(key_flag, key_path);
  if (!key_text.ok()) return key_text.status();
  std::unique_ptr<EVP_PKEY, PkeyFree> key(
      PEM_read_bio_PrivateKey(Bio(*key_text).get(), nullptr, nullptr, nullptr));
  if (!key) {
    return absl::InvalidArgumentError(Concat(key_flag, ": ", key_path, " holds no PEM private key"));
  }
  if (X509_check_private_key(cert->get(), key.get()) != 1) {
    return absl::InvalidArgumentError(Concat(key_flag, ": ", key_path,
                                             " is not the key of the certificate in ", cert_path));
  }
  if (cert_pem != nullptr) *cert_pem = std::move(*cert_text);
  if (key_pem != nullptr) *key_pem = std::move(*key_text);
  return absl::OkStatus();
}

absl::StatusOr<std::string> ReadCaBundle(std::string_view flag, const std::string& path) {
  auto text = ReadPem(flag, path);
  if (!text.ok()) return text.status();
  auto cert = ParseCertificate(flag, path, *text);
  if (!cert.ok()) return cert.status();
  return text;
}

absl::Status CheckPair(const std::string& prefix, const std::string& cert_file,
                       const std::string& key_file) {
  if (cert_file.empty() != key_file.empty()) {
    return absl::InvalidArgumentError(
        Concat(prefix, "cert-file and ", prefix, "key-file go together: give both or neither"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckPlaintextAllowed(std::string_view listen_address, const ServerTls& tls) {
  if (!tls.cert_file.empty() || tls.allow_plaintext || IsLoopbackAddress(listen_address)) {
    return absl::OkStatus();
  }
  const std::string& p = tls.flag_prefix;
  return absl::FailedPreconditionError(
      Concat("refusing to listen in plaintext on ", listen_address,
             ", which is not a loopback address: give ", p, "cert-file and ", p,
             "key-file (TLS), or --allow-plaintext when a TLS proxy on this host fronts it"));
}

absl::StatusOr<ServerCredentials> MakeServerCredentials(std::string_view listen_address,
                                                        const ServerTls& tls) {
  const std::string& p = tls.flag_prefix;
  if (absl::Status pair = CheckPair(p, tls.cert_file, tls.key_file); !pair.ok()) return pair;
  if (tls.cert_file.empty()) {
    if (!tls.client_ca_file.empty()) {
      return absl::InvalidArgumentError(
          Concat(p, "client-ca-file needs ", p, "cert-file and ", p, "key-file"));
    }
    if (absl::Status allowed = CheckPlaintextAllowed(listen_address, tls); !allowed.ok()) {
      return allowed;
    }
    return ServerCredentials{grpc::InsecureServerCredentials(), true};
  }
  absl::Status pair = CheckKeyPair(Concat(p, "cert-file"), tls.cert_file, Concat(p, "key-file"),
                                   tls.key_file);
  if (!pair.ok()) return pair;
  if (!tls.client_ca_file.empty()) {
    auto ca = ReadCaBundle(Concat(p, "client-ca-file"), tls.client_ca_file);
    if (!ca.ok()) return ca.status();
  }
  // The provider re-reads the files every interval and hands changed ones to new
  // handshakes; a file caught half-written fails to parse and is retried later.
  auto provider = std::make_shared<grpc::experimental::FileWatcherCertificateProvider>(
      tls.key_file, tls.cert_file, tls.client_ca_file,
      static_cast<unsigned int>(std::max<int64_t>(1, tls.reload_interval.count())));
  grpc::experimental::TlsServerCredentialsOptions options(provider);
  options.watch_identity_key_cert_pairs();
  if (tls.client_ca_file.empty()) {
    options.set_cert_request_type(GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE);
  } else {
    options.watch_root_certs();
    options.set_cert_request_type(GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
  }
  return ServerCredentials{grpc::experimental::TlsServerCredentials(options), false};
}

absl::StatusOr<std::shared_ptr<grpc::Channel>> MakeClientChannel(const std::string& address,
                                                                 const ClientTls& tls,
                                                                 grpc::ChannelArguments arguments,
    std::vector<std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>>
        interceptors) {
  const std::string& p = tls.flag_prefix;
  if (absl::Status pair = CheckPair(p, tls.cert_file, tls.key_file); !pair.ok()) return pair;
  arguments.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS,
                   static_cast<int>(kInitialReconnectBackoff.count()));
  arguments.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS,
                   static_cast<int>(kMaxReconnectBackoff.count()));
  std::shared_ptr<grpc::ChannelCredentials> credentials;
  if (tls.ca_file.empty()) {
    if (!tls.cert_file.empty()) {
      return absl::InvalidArgumentError(Concat(p, "cert-file needs ", p, "ca-file"));
    }
    if (!IsLoopbackAddress(address)) {
      return absl::FailedPreconditionError(
          Concat(address, " is not a loopback address: give ", p,
                 "ca-file (the CA that signed its certificate) to reach it over TLS"));
    }
    credentials = grpc::InsecureChannelCredentials();
  } else {
    grpc::SslCredentialsOptions options;
    auto roots = ReadCaBundle(Concat(p, "ca-file"), tls.ca_file);
    if (!roots.ok()) return roots.status();
    options.pem_root_certs = std::move(*roots);
    if (!tls.cert_file.empty()) {
      absl::Status pair = CheckKeyPair(Concat(p, "cert-file"), tls.cert_file,
                                       Concat(p, "key-file"), tls.key_file,
                                       &options.pem_cert_chain, &options.pem_private_key);
      if (!pair.ok()) return pair;
    }
    credentials = grpc::SslCredentials(options);
  }
  return grpc::experimental::CreateCustomChannelWithInterceptors(address, credentials, arguments,
                                                                 std::move(interceptors));
}

bool IsHandshakeFailure(std::string_view grpc_message) {
  if (grpc_message.find("failed to connect") == std::string_view::npos) return false;
  for (std::string_view mark : {"SSL", "ssl", "TLS", "certificate", "Security handshake",
                                "Handshake read failed", "Socket closed"}) {
    if (grpc_message.find(mark) != std::string_view::npos) return true;
  }
  return false;
}

}  // namespace usulan::base
