// `usulanctl token ...`: a development token issuer (docs/tokens.md). In
// production the ministry's identity provider issues tokens; these commands let
// the demo, the tests and usulan-bench stand in for it.
//
//   token keygen --out issuer.jwk --jwks-out jwks.json [--kid KID]
//       a new Ed25519 private JWK (mode 600; kid and alg EdDSA) and the public
//       JWKS the server reads with --jwks-file
//   token mint --key-file issuer.jwk --subject S --role R [--region CODE]
//       [--issuer I] [--audience A] [--lifetime SECONDS]
//       a signed JWT on stdout; defaults usulan-dev-issuer, usulan, 3600, which
//       are the server's defaults for --token-issuer and --token-audience
//
// Exit status: 0 ok, 2 usage error (the problem on stderr).
#pragma once

#include <map>
#include <string>
#include <vector>

namespace usulan::tools {

// `positional` comes after "token"; returns the exit status.
int RunTokenCommand(const std::vector<std::string>& positional,
                    const std::map<std::string, std::string>& flags);

}  // namespace usulan::tools
