#include "auth/http_fetch.h"

#include <curl/curl.h>

#include <memory>
#include <mutex>

#include "base/string_view_compat.h"

namespace usulan::auth {
namespace {

struct Body {
  std::string text;
  bool too_large = false;
};

size_t Append(char* data, size_t size, size_t count, void* user) {
  auto* body = static_cast<Body*>(user);
  if (body->text.size() + size * count > kMaxFetchBytes) {
    body->too_large = true;
    return 0;  // makes curl stop with CURLE_WRITE_ERROR
  }
  body->text.append(data, size * count);
  return size * count;
}

// One part of a parsed URL; empty when absent.
std::string UrlPart(CURLU* url, CURLUPart part) {
  char* text = nullptr;
  if (curl_url_get(url, part, &text, 0) != CURLUE_OK || text == nullptr) return "";
  std::string copy(text);
  curl_free(text);
  return copy;
}

}  // namespace

absl::Status CheckFetchUrl(const std::string& url) {
  // Parsed as curl will fetch it, so that no prefix trick (userinfo such as
  // http://127.0.0.1:1@elsewhere/) reaches another host in plaintext.
  std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> parsed(curl_url(), &curl_url_cleanup);
  const auto refused = [&] {
    return absl::InvalidArgumentError(base::Concat(
        "URL ", url, " must use https (http only to 127.0.0.1 or localhost, for tests), "
        "without a user name or password"));
  };
  if (!parsed || curl_url_set(parsed.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) {
    return refused();
  }
  if (!UrlPart(parsed.get(), CURLUPART_USER).empty() ||
      !UrlPart(parsed.get(), CURLUPART_PASSWORD).empty()) {
    return refused();
  }
  const std::string scheme = UrlPart(parsed.get(), CURLUPART_SCHEME);
  const std::string host = UrlPart(parsed.get(), CURLUPART_HOST);
  if (scheme == "https" && !host.empty()) return absl::OkStatus();
  if (scheme == "http" && (host == "127.0.0.1" || host == "localhost")) return absl::OkStatus();
  return refused();
}

absl::StatusOr<std::string> HttpGet(const std::string& url) {
  if (absl::Status allowed = CheckFetchUrl(url); !allowed.ok()) return allowed;
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), &curl_easy_cleanup);
  if (!curl) return absl::UnavailableError("libcurl could not start a transfer");
  Body body;
  curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_PROTOCOLS_STR, "https,http");
  curl_easy_setopt(curl.get(), CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(curl.get(), CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt(curl.get(), CURLOPT_CONNECTTIMEOUT_MS, 5000L);
  curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT_MS, 10000L);
  curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);  // threads: no SIGALRM for DNS timeouts
  curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, &Append);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &body);
  CURLcode result = curl_easy_perform(curl.get());
  if (body.too_large) {
    return absl::UnavailableError(base::Concat("GET ", url, ": answer larger than 1 MiB"));
  }
  if (result != CURLE_OK) {
    return absl::UnavailableError(base::Concat("GET ", url, ": ", curl_easy_strerror(result)));
  }
  long status = 0;
  curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &status);
  if (status != 200) {
    return absl::UnavailableError(base::Concat("GET ", url, ": HTTP status ", status));
  }
  return std::move(body.text);
}

}  // namespace usulan::auth
