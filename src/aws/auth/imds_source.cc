// EC2 instance metadata (IMDSv2): PUT a session token, read the role name, read its
// credentials
// (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instance-metadata-security-credentials.html).
#include <charconv>
#include <chrono>

#include "aws/auth/credential_parsing.h"
#include "aws/auth/credential_sources.h"
#include "common/strings.h"

namespace raycloud::aws {
namespace {

constexpr std::string_view kDefaultEndpoint = "http://169.254.169.254";
constexpr std::string_view kDefaultIpv6Endpoint = "http://[fd00:ec2::254]";
constexpr std::string_view kTokenPath = "/latest/api/token";
constexpr std::string_view kRolePath = "/latest/meta-data/iam/security-credentials/";
constexpr std::string_view kTokenTtl = "21600";

bool IsTrue(const std::optional<std::string>& value) {
  return value && strings::Lower(strings::Trim(*value)) == "true";
}

int PositiveOr(const std::optional<std::string>& text, int fallback) {
  if (!text) return fallback;
  int value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  return ec == std::errc() && end == text->data() + text->size() && value > 0 ? value : fallback;
}

class InstanceMetadataSource final : public CredentialSource {
 public:
  InstanceMetadataSource(CredentialsContext context, std::string profile)
      : context_(std::move(context)), profile_(std::move(profile)) {}

  std::string Where() const override {
    if (Disabled()) return "EC2 instance metadata (disabled by AWS_EC2_METADATA_DISABLED)";
    std::string where = "EC2 instance metadata at " + Endpoint();
    if (!last_failure_.empty()) where += " (" + last_failure_ + ")";
    return where;
  }

  Result<std::optional<Credentials>> Load() override {
    // Every failure here means "not on EC2, or no role": the chain moves on, as the AWS CLI
    // does; the reason is kept for the "no credentials" message.
    last_failure_.clear();
    if (Disabled()) return std::optional<Credentials>();
    if (!context_.http) {
      last_failure_ = "no HTTP transport";
      return std::optional<Credentials>();
    }
    auto token = FetchToken();
    if (!token) return NotAvailable(token.error().message);
    auto role = Get(std::string(kRolePath), *token);
    if (!role) return NotAvailable(role.error().message);
    std::string role_name(strings::Trim(strings::Split(*role, '\n').front()));
    if (role_name.empty()) return NotAvailable("no IAM role is attached to the instance");
    auto document = Get(std::string(kRolePath) + role_name, *token);
    if (!document) return NotAvailable(document.error().message);
    auto credentials =
        internal::ParseJsonCredentials(*document, "Token", "the instance metadata service");
    if (!credentials) return NotAvailable(credentials.error().message);
    credentials->source = "instance-metadata";
    return std::optional<Credentials>(std::move(*credentials));
  }

 private:
  Result<std::optional<Credentials>> NotAvailable(std::string reason) {
    last_failure_ = std::move(reason);
    return std::optional<Credentials>();
  }

  std::optional<std::string> Setting(const char* env_name, const char* key) const {
    if (auto value = NonEmptyEnv(context_.env, env_name)) return value;
    return internal::ProfileValue(context_.config->Merged(profile_), key);
  }

  bool Disabled() const { return IsTrue(NonEmptyEnv(context_.env, "AWS_EC2_METADATA_DISABLED")); }

  std::string Endpoint() const {
    std::string endpoint;
    if (auto configured =
            Setting("AWS_EC2_METADATA_SERVICE_ENDPOINT", "ec2_metadata_service_endpoint")) {
      endpoint = *configured;
    } else {
      auto mode =
          Setting("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "ec2_metadata_service_endpoint_mode");
      endpoint = mode && strings::Lower(*mode) == "ipv6" ? kDefaultIpv6Endpoint : kDefaultEndpoint;
    }
    while (endpoint.ends_with('/')) endpoint.pop_back();
    return endpoint;
  }

  int Attempts() const {
    return PositiveOr(Setting("AWS_METADATA_SERVICE_NUM_ATTEMPTS", "metadata_service_num_attempts"),
                      1);
  }

  std::chrono::milliseconds Timeout() const {
    return std::chrono::seconds(
        PositiveOr(Setting("AWS_METADATA_SERVICE_TIMEOUT", "metadata_service_timeout"), 1));
  }

  // Sends with the configured attempts; transport errors and 5xx are retried.
  Result<HttpResponse> Send(HttpRequest request) const {
    request.timeout = Timeout();
    Result<HttpResponse> response = Fail(Error::Internal("not sent"));
    for (int attempt = 0; attempt < Attempts(); ++attempt) {
      response = context_.http->Send(request);
      if (response && response->status < 500) break;
    }
    return response;
  }

  // The IMDSv2 session token; "" when the service only speaks IMDSv1 and that is allowed.
  Result<std::string> FetchToken() const {
    HttpRequest request;
    request.method = "PUT";
    request.url = Endpoint() + std::string(kTokenPath);
    request.headers.emplace_back("X-aws-ec2-metadata-token-ttl-seconds", std::string(kTokenTtl));
    auto response = Send(request);
    if (!response) return Fail(Error::Io("no answer: " + response.error().message));
    if (response->status == 200) return std::string(strings::Trim(response->body));
    // 403 (IMDSv2 disabled), 404/405 (an IMDSv1-only endpoint): fall back to IMDSv1, as the
    // AWS CLI does, unless the user turned IMDSv1 off.
    bool v1_fallback =
        response->status == 403 || response->status == 404 || response->status == 405;
    if (v1_fallback &&
        !IsTrue(Setting("AWS_EC2_METADATA_V1_DISABLED", "ec2_metadata_v1_disabled"))) {
      return std::string();
    }
    return Fail(Error::Io("token request answered HTTP " + std::to_string(response->status)));
  }

  Result<std::string> Get(const std::string& path, const std::string& token) const {
    HttpRequest request;
    request.url = Endpoint() + path;
    if (!token.empty()) request.headers.emplace_back("X-aws-ec2-metadata-token", token);
    auto response = Send(request);
    if (!response) return Fail(Error::Io("no answer: " + response.error().message));
    if (response->status != 200) {
      return Fail(Error::Io("GET " + std::string(kRolePath) + "... answered HTTP " +
                            std::to_string(response->status)));
    }
    return response->body;
  }

  CredentialsContext context_;
  std::string profile_;
  std::string last_failure_;
};

}  // namespace

std::unique_ptr<CredentialSource> MakeInstanceMetadataSource(CredentialsContext context,
                                                             std::string profile) {
  return std::make_unique<InstanceMetadataSource>(std::move(context), std::move(profile));
}

}  // namespace raycloud::aws
