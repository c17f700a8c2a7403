// ECS task roles and EKS Pod Identity: a credentials endpoint named by the environment
// (https://docs.aws.amazon.com/sdkref/latest/guide/feature-container-credentials.html).
#include <arpa/inet.h>

#include <chrono>

#include "aws/auth/credential_parsing.h"
#include "aws/auth/credential_sources.h"
#include "common/strings.h"

namespace raycloud::aws {
namespace {

constexpr std::string_view kEcsAgentBase = "http://169.254.170.2";
constexpr int kAttempts = 3;
constexpr auto kTimeout = std::chrono::seconds(2);
constexpr auto kRetryDelay = std::chrono::seconds(1);

// The host of an absolute URL, without brackets or port; "" if there is none.
std::string UrlHost(std::string_view url, std::string& scheme) {
  size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return "";
  scheme = strings::Lower(url.substr(0, scheme_end));
  std::string_view authority = url.substr(scheme_end + 3);
  authority = authority.substr(0, authority.find_first_of("/?#"));
  if (size_t at = authority.rfind('@'); at != std::string_view::npos) {
    authority = authority.substr(at + 1);
  }
  if (authority.starts_with('[')) {
    size_t close = authority.find(']');
    return close == std::string_view::npos ? "" : std::string(authority.substr(1, close - 1));
  }
  return strings::Lower(authority.substr(0, authority.find(':')));
}

bool IsLoopback(const std::string& host) {
  in_addr v4;
  if (inet_pton(AF_INET, host.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6;
  if (inet_pton(AF_INET6, host.c_str(), &v6) == 1) return IN6_IS_ADDR_LOOPBACK(&v6);
  return false;
}

// Plain http only to this machine or the ECS / EKS agents: the credentials must not cross a
// network in clear text (the AWS CLI's rule).
bool IsAllowedFullUri(std::string_view url) {
  std::string scheme;
  std::string host = UrlHost(url, scheme);
  if (host.empty()) return false;
  if (scheme == "https") return true;
  if (scheme != "http") return false;
  return host == "localhost" || host == "169.254.170.2" || host == "169.254.170.23" ||
         host == "fd00:ec2::23" || IsLoopback(host);
}

class ContainerSource final : public CredentialSource {
 public:
  explicit ContainerSource(CredentialsContext context) : context_(std::move(context)) {}

  std::string Where() const override {
    return "container credentials endpoint (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI or "
           "AWS_CONTAINER_CREDENTIALS_FULL_URI)";
  }

  Result<std::optional<Credentials>> Load() override {
    HttpRequest request;
    request.timeout = kTimeout;
    if (auto relative = NonEmptyEnv(context_.env, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")) {
      request.url =
          std::string(kEcsAgentBase) + (relative->starts_with('/') ? "" : "/") + *relative;
    } else if (auto full = NonEmptyEnv(context_.env, "AWS_CONTAINER_CREDENTIALS_FULL_URI")) {
      if (!IsAllowedFullUri(*full)) {
        return Fail(Error::Invalid(
            "AWS_CONTAINER_CREDENTIALS_FULL_URI must be https, or http to a loopback address or "
            "the ECS/EKS container agent"));
      }
      request.url = *full;
      auto token = AuthorizationToken();
      if (!token) return Fail(token.error());
      if (!token->empty()) request.headers.emplace_back("Authorization", *token);
    } else {
      return std::optional<Credentials>();
    }
    if (!context_.http) return Fail(Error::Internal("no HTTP transport for container credentials"));

    std::string failure;
    for (int attempt = 1; attempt <= kAttempts; ++attempt) {
      auto response = context_.http->Send(request);
      if (response && response->status == 200) {
        auto credentials = internal::ParseJsonCredentials(response->body, "Token",
                                                          "the container credentials endpoint");
        if (!credentials) return Fail(credentials.error());
        credentials->source = "container";
        return std::optional<Credentials>(std::move(*credentials));
      }
      failure = response ? "HTTP " + std::to_string(response->status) : response.error().message;
      if (response && response->status < 500) break;  // a 4xx will not change on retry
      if (attempt < kAttempts) context_.clock->SleepFor(kRetryDelay);
    }
    return Fail(
        Error::Io("the container credentials endpoint " + request.url + " failed: " + failure,
                  ErrorClass::kRetryable));
  }

 private:
  // The token file wins over the variable, and is re-read each time (EKS rotates it).
  Result<std::string> AuthorizationToken() const {
    std::string token;
    if (auto path = NonEmptyEnv(context_.env, "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE")) {
      auto content = internal::ReadSmallFile(*path, "container authorization token file");
      if (!content) return Fail(content.error());
      token = std::string(strings::Trim(*content));
    } else if (auto value = NonEmptyEnv(context_.env, "AWS_CONTAINER_AUTHORIZATION_TOKEN")) {
      token = *value;
    }
    if (token.find_first_of("\r\n") != std::string::npos) {
      return Fail(Error::Invalid("the container authorization token is not a legal header value"));
    }
    return token;
  }

  CredentialsContext context_;
};

}  // namespace

std::unique_ptr<CredentialSource> MakeContainerSource(CredentialsContext context) {
  return std::make_unique<ContainerSource>(std::move(context));
}

}  // namespace raycloud::aws
