#include "aws/client/aws_session.h"

#include "aws/client/client_sts_caller.h"
#include "aws/endpoint/region.h"
#include "aws/http/curl_http_transport.h"

namespace raycloud::aws {
namespace {

Result<RetrySettings> ResolveRetrySettings(const EnvLookup& env, const ProfileConfig& profile) {
  RetrySettings settings;
  if (auto mode = NonEmptyEnv(env, "AWS_RETRY_MODE")) {
    settings.mode = *mode;
  } else if (profile.retry_mode) {
    settings.mode = *profile.retry_mode;
  }
  if (settings.mode != "standard" && settings.mode != "adaptive" && settings.mode != "legacy") {
    return Fail(Error::Invalid("retry mode '" + settings.mode +
                               "' is not one of standard, adaptive, legacy (AWS_RETRY_MODE or "
                               "the profile's retry_mode)"));
  }
  if (auto attempts = NonEmptyEnv(env, "AWS_MAX_ATTEMPTS")) {
    char* end = nullptr;
    long value = std::strtol(attempts->c_str(), &end, 10);
    if (end == attempts->c_str() || *end != '\0' || value < 1 || value > 100) {
      return Fail(Error::Invalid("AWS_MAX_ATTEMPTS must be a whole number from 1 to 100"));
    }
    settings.max_attempts = static_cast<int>(value);
  } else if (profile.max_attempts) {
    settings.max_attempts = *profile.max_attempts;
  } else if (settings.mode == "legacy") {
    settings.max_attempts = 5;
  }
  return settings;
}

}  // namespace

Result<AwsSession> OpenAwsSession(const AwsSessionOptions& options) {
  std::string home = options.home_dir.empty() ? HomeDirectory(options.env) : options.home_dir;
  auto profile = LoadProfileConfig(options.env, home, options.profile);
  if (!profile) return Fail(profile.error());
  auto region = ResolveRegion({options.region, profile->region}, options.env);
  if (!region) return Fail(region.error());
  auto retry = ResolveRetrySettings(options.env, *profile);
  if (!retry) return Fail(retry.error());

  std::shared_ptr<HttpTransport> transport = options.transport;
  if (!transport) {
    TransportPolicy policy;
    if (auto bundle = NonEmptyEnv(options.env, "AWS_CA_BUNDLE")) policy.ca_bundle = *bundle;
    transport = std::make_shared<CurlHttpTransport>(policy);
  }

  ClientConfig config;
  config.region = region->region.name();
  config.endpoint_url = options.endpoint_url;
  config.env = options.env;
  config.profile_endpoint = [profile = *profile](std::string_view service_id) {
    return profile.EndpointUrlFor(service_id);
  };
  config.transport = transport;
  config.retry = *retry;
  config.clock = options.clock;

  CredentialsChainOptions chain_options;
  chain_options.env = options.env;
  chain_options.home_dir = home;
  chain_options.profile = options.profile;
  chain_options.clock = options.clock;
  chain_options.http = transport;
  chain_options.sts = std::make_shared<ClientStsCaller>(config);
  auto chain = DefaultCredentialsChain::Create(std::move(chain_options));
  if (!chain) return Fail(chain.error());
  std::shared_ptr<DefaultCredentialsChain> credentials = std::move(*chain);

  config.credentials = credentials;
  auto client = AwsClient::Create(std::move(config));
  if (!client) return Fail(client.error());
  return AwsSession{std::move(*client), credentials, region->region.name()};
}

}  // namespace raycloud::aws
