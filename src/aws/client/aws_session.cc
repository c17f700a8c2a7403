#include "aws/client/aws_session.h"

#include "aws/client/call_timeout.h"
#include "aws/client/client_sts_caller.h"
#include "aws/endpoint/region.h"
#include "aws/http/curl_http_transport.h"

namespace raycloud::aws {
Result<AwsSession> OpenAwsSession(const AwsSessionOptions& options) {
  std::string home = options.home_dir.empty() ? HomeDirectory(options.env) : options.home_dir;
  auto profile = LoadProfileConfig(options.env, home, options.profile);
  if (!profile) return Fail(profile.error());
  auto region = ResolveRegion({options.region, profile->region}, options.env);
  if (!region) return Fail(region.error());
  std::optional<std::string> profile_max_attempts;
  if (profile->max_attempts) profile_max_attempts = std::to_string(*profile->max_attempts);
  auto retry = ResolveRetryConfig(options.env, profile->retry_mode, profile_max_attempts);
  if (!retry) return Fail(retry.error());
  if (!NonEmptyEnv(options.env, "AWS_MAX_ATTEMPTS") && !profile->max_attempts) {
    retry->throttling_max_attempts = options.throttling_max_attempts;
  }
  auto call_timeout = ResolveCallTimeout(options.env);
  if (!call_timeout) return Fail(call_timeout.error());

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
  config.request_timeout = *call_timeout;
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
