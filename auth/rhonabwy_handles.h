// Owning handles for librhonabwy's C objects (JWK, JWS), so that every early
// return frees them, and the library's one-time initialisation. rhonabwy's jwk_t
// is a mutable jansson object: never share one between threads; import a fresh
// one from its JSON text where several threads verify (token_verifier.cc).
#pragma once

#include <rhonabwy.h>

#include <memory>
#include <string>
#include <string_view>

namespace usulan::auth::rhn {

struct JwkFree {
  void operator()(jwk_t* jwk) const { r_jwk_free(jwk); }
};
struct JwsFree {
  void operator()(jws_t* jws) const { r_jws_free(jws); }
};
struct CharFree {
  void operator()(char* text) const { r_free(text); }
};
using Jwk = std::unique_ptr<jwk_t, JwkFree>;
using Jws = std::unique_ptr<jws_t, JwsFree>;
using Text = std::unique_ptr<char, CharFree>;

// r_global_init once per process (thread-safe; the first call does it).
void InitOnce();

// An empty JWK / JWS; nullptr only when memory runs out.
Jwk NewJwk();
Jws NewJws();

// The JWK parsed from `json`, or nullptr when rhonabwy refuses it.
Jwk ImportJwk(std::string_view json);

// The JWK's JSON text ("" on failure).
std::string ExportJwk(jwk_t* jwk);

}  // namespace usulan::auth::rhn
