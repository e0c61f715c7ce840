// OpenID Connect discovery against a small HTTP server on the loopback interface
// (in this process, so the test counts the JWKS fetches), through the real
// libcurl fetch.
#include "auth/oidc_key_source.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <map>
#include <mutex>
#include <thread>

#include "auth/dev_issuer.h"
#include "auth/http_fetch.h"

namespace usulan::auth {
namespace {

// Answers GET PATH with the body set for PATH (404 otherwise), one request per
// connection, and counts requests per path.
class LoopbackHttpServer {
 public:
  LoopbackHttpServer() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address);
    socklen_t length = sizeof address;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    listen(fd_, 16);
    thread_ = std::thread([this] { Serve(); });
  }
  ~LoopbackHttpServer() {
    shutdown(fd_, SHUT_RDWR);
    close(fd_);
    thread_.join();
  }
  std::string Url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  void Set(const std::string& path, const std::string& body) {
    std::lock_guard lock(mu_);
    bodies_[path] = body;
  }
  int Hits(const std::string& path) {
    std::lock_guard lock(mu_);
    return hits_[path];
  }

 private:
  void Serve() {
    for (;;) {
      int client = accept(fd_, nullptr, nullptr);
      if (client < 0) return;
      std::string request;
      char buffer[4096];
      while (request.find("\r\n\r\n") == std::string::npos) {
        ssize_t n = read(client, buffer, sizeof buffer);
        if (n <= 0) break;
        request.append(buffer, static_cast<size_t>(n));
      }
      std::string path = request.substr(4, request.find(' ', 4) - 4);
      std::string answer;
      {
        std::lock_guard lock(mu_);
        ++hits_[path];
        auto found = bodies_.find(path);
        answer = found == bodies_.end()
                     ? "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                     : "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
                           std::to_string(found->second.size()) + "\r\nConnection: close\r\n\r\n" +
                           found->second;
      }
      for (size_t sent = 0; sent < answer.size();) {
        ssize_t n = write(client, answer.data() + sent, answer.size() - sent);
        if (n <= 0) break;
        sent += static_cast<size_t>(n);
      }
      close(client);
    }
  }

  int fd_ = -1;
  int port_ = 0;
  std::thread thread_;
  std::mutex mu_;
  std::map<std::string, std::string> bodies_;
  std::map<std::string, int> hits_;
};

class OidcKeySourceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.Set("/.well-known/openid-configuration",
                R"({"issuer":")" + server_.Url() + R"(","jwks_uri":")" + server_.Url() +
                    R"(/jwks"})");
    server_.Set("/jwks", MakeJwks({first_.public_jwk}));
  }
  static SigningKeyPair Key(const std::string& kid) { return *GenerateSigningKey("EdDSA", kid); }

  LoopbackHttpServer server_;
  base::ManualClock clock_;
  SigningKeyPair first_ = Key("first");
};

TEST_F(OidcKeySourceTest, DiscoversTheJwksAndCachesIt) {
  auto source = OidcKeySource::Discover(server_.Url(), clock_, &HttpGet);
  ASSERT_TRUE(source.ok()) << source.status();
  EXPECT_TRUE((*source)->Find("first").has_value());
  EXPECT_TRUE((*source)->Find("first").has_value());
  EXPECT_EQ(server_.Hits("/jwks"), 1);
  EXPECT_EQ(server_.Hits("/.well-known/openid-configuration"), 1);
}

TEST_F(OidcKeySourceTest, UnknownKidRefetchesAtMostOnceAMinute) {
  auto source = OidcKeySource::Discover(server_.Url(), clock_, &HttpGet);
  ASSERT_TRUE(source.ok()) << source.status();
  // The issuer rotates in a new key.
  server_.Set("/jwks", MakeJwks({first_.public_jwk, Key("second").public_jwk}));
  // Within the minute after the first fetch, unknown kids do not reach the issuer.
  EXPECT_FALSE((*source)->Find("second").has_value());
  EXPECT_FALSE((*source)->Find("forged-1").has_value());
  EXPECT_EQ(server_.Hits("/jwks"), 1);
  clock_.Advance(std::chrono::seconds(61));
  EXPECT_TRUE((*source)->Find("second").has_value());
  EXPECT_EQ(server_.Hits("/jwks"), 2);
  // A flood of forged kids costs one fetch a minute.
  for (int i = 0; i < 20; ++i) EXPECT_FALSE((*source)->Find("forged-" + std::to_string(i)));
  EXPECT_EQ(server_.Hits("/jwks"), 2);
  clock_.Advance(std::chrono::seconds(61));
  for (int i = 0; i < 20; ++i) EXPECT_FALSE((*source)->Find("forged-" + std::to_string(i)));
  EXPECT_EQ(server_.Hits("/jwks"), 3);
  EXPECT_TRUE((*source)->Find("first").has_value());
}

TEST_F(OidcKeySourceTest, AWithdrawnKeyStopsVerifyingWhenTheCacheIsOld) {
  auto source = OidcKeySource::Discover(server_.Url(), clock_, &HttpGet);
  ASSERT_TRUE(source.ok()) << source.status();
  server_.Set("/jwks", MakeJwks({Key("replacement").public_jwk}));
  clock_.Advance(std::chrono::minutes(9));
  EXPECT_TRUE((*source)->Find("first").has_value());  // cached, still fresh
  EXPECT_EQ(server_.Hits("/jwks"), 1);
  clock_.Advance(std::chrono::minutes(2));
  EXPECT_FALSE((*source)->Find("first").has_value());
  EXPECT_EQ(server_.Hits("/jwks"), 2);
  EXPECT_TRUE((*source)->Find("replacement").has_value());
}

TEST_F(OidcKeySourceTest, AFailedRefetchKeepsTheCachedKeys) {
  auto source = OidcKeySource::Discover(server_.Url(), clock_, &HttpGet);
  ASSERT_TRUE(source.ok()) << source.status();
  server_.Set("/jwks", "{broken");
  clock_.Advance(std::chrono::seconds(61));
  EXPECT_FALSE((*source)->Find("unknown").has_value());
  EXPECT_EQ(server_.Hits("/jwks"), 2);
  EXPECT_TRUE((*source)->Find("first").has_value());
}

TEST_F(OidcKeySourceTest, DiscoveryNamingAnotherIssuerIsRefused) {
  server_.Set("/.well-known/openid-configuration",
              R"({"issuer":"https://evil.example","jwks_uri":")" + server_.Url() + R"(/jwks"})");
  EXPECT_EQ(OidcKeySource::Discover(server_.Url(), clock_, &HttpGet).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(OidcKeySourceTest, UnreachableIssuerIsUnavailable) {
  server_.Set("/.well-known/openid-configuration", "");
  EXPECT_FALSE(OidcKeySource::Discover(server_.Url() + "/nothing-here", clock_, &HttpGet).ok());
}

TEST(HttpFetchTest, PlainHttpOnlyToLoopback) {
  EXPECT_TRUE(CheckFetchUrl("https://sso.kemensos.go.id/realms/dtks").ok());
  EXPECT_TRUE(CheckFetchUrl("http://127.0.0.1:8080/x").ok());
  EXPECT_TRUE(CheckFetchUrl("http://localhost:8080/x").ok());
  EXPECT_FALSE(CheckFetchUrl("http://sso.kemensos.go.id/realms/dtks").ok());
  EXPECT_FALSE(CheckFetchUrl("http://127.0.0.1.evil.example/").ok());
  EXPECT_FALSE(CheckFetchUrl("http://localhost.evil.example/").ok());
  EXPECT_FALSE(CheckFetchUrl("file:///etc/passwd").ok());
  // A loopback-looking prefix that is only a user name: the host is elsewhere.
  EXPECT_FALSE(CheckFetchUrl("http://127.0.0.1:1@evil.example/jwks").ok());
  EXPECT_FALSE(CheckFetchUrl("http://localhost:1@evil.example/").ok());
  EXPECT_FALSE(CheckFetchUrl("https://user:secret@sso.kemensos.go.id/").ok());
  EXPECT_EQ(HttpGet("http://example.org/").status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace usulan::auth
