#include "auth/rhonabwy_handles.h"

#include <mutex>

namespace usulan::auth::rhn {

void InitOnce() {
  static std::once_flag once;
  std::call_once(once, [] { r_global_init(); });
}

Jwk NewJwk() {
  InitOnce();
  jwk_t* jwk = nullptr;
  if (r_jwk_init(&jwk) != RHN_OK) return nullptr;
  return Jwk(jwk);
}

Jws NewJws() {
  InitOnce();
  jws_t* jws = nullptr;
  if (r_jws_init(&jws) != RHN_OK) return nullptr;
  return Jws(jws);
}

Jwk ImportJwk(std::string_view json) {
  Jwk jwk = NewJwk();
  const std::string text(json);  // rhonabwy wants a NUL-terminated string
  if (!jwk || r_jwk_import_from_json_str(jwk.get(), text.c_str()) != RHN_OK) return nullptr;
  return jwk;
}

std::string ExportJwk(jwk_t* jwk) {
  Text text(r_jwk_export_to_json_str(jwk, 0));
  return text ? std::string(text.get()) : std::string();
}

}  // namespace usulan::auth::rhn
