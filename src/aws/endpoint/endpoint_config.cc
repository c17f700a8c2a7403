#include "aws/endpoint/endpoint_config.h"

#include "aws/endpoint/endpoint_services.h"
#include "aws/endpoint/endpoint_url.h"
#include "common/strings.h"

namespace raycloud::aws {
namespace {

bool EnvIsTrue(const EnvLookup& env, std::string_view name) {
  auto value = env(name);
  return value && strings::Lower(strings::Trim(*value)) == "true";
}

bool EnvEquals(const EnvLookup& env, std::string_view name, std::string_view expected) {
  auto value = env(name);
  return value && strings::Lower(strings::Trim(*value)) == expected;
}

Result<std::optional<ConfiguredEndpoint>> Checked(std::string url, std::string source) {
  if (!ParseEndpointUrl(url)) {
    return Fail(Error::Invalid("invalid endpoint URL '" + url + "' (from " + source +
                               "): expected http(s)://host[:port][/path]"));
  }
  return ConfiguredEndpoint{std::move(url), std::move(source)};
}

}  // namespace

Result<std::optional<ConfiguredEndpoint>> ConfiguredEndpointUrl(
    std::string_view service, const std::optional<std::string>& flag_endpoint_url,
    const EnvLookup& env) {
  const ServiceEndpointInfo* info = FindServiceEndpointInfo(service);
  if (info == nullptr) {
    return Fail(Error::Invalid("no endpoint rules for service " + std::string(service)));
  }
  if (flag_endpoint_url) return Checked(*flag_endpoint_url, "--endpoint-url");
  if (EnvIsTrue(env, "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")) return std::nullopt;
  const std::string service_var = ServiceEndpointEnvName(*info);
  if (auto value = env(service_var)) return Checked(*value, service_var);
  if (auto value = env("AWS_ENDPOINT_URL")) return Checked(*value, "AWS_ENDPOINT_URL");
  return std::nullopt;
}

Result<EndpointParams> ClientEndpointParams(std::string_view service, std::string_view region,
                                            const std::optional<std::string>& flag_endpoint_url,
                                            const EnvLookup& env) {
  auto configured = ConfiguredEndpointUrl(service, flag_endpoint_url, env);
  if (!configured) return Fail(configured.error());
  EndpointParams params;
  params.region = std::string(region);
  if (*configured) params.endpoint = (*configured)->url;
  params.use_fips = EnvIsTrue(env, "AWS_USE_FIPS_ENDPOINT");
  params.use_dual_stack = EnvIsTrue(env, "AWS_USE_DUALSTACK_ENDPOINT");
  // Both SDK defaults are now "regional"; "legacy" restores the global hosts.
  if (service == "sts")
    params.use_global_endpoint = EnvEquals(env, "AWS_STS_REGIONAL_ENDPOINTS", "legacy");
  if (service == "s3") {
    params.use_global_endpoint = EnvEquals(env, "AWS_S3_US_EAST_1_REGIONAL_ENDPOINT", "legacy");
  }
  return params;
}

Result<ResolvedEndpoint> ResolveClientEndpoint(std::string_view service, std::string_view region,
                                               const std::optional<std::string>& flag_endpoint_url,
                                               const EnvLookup& env) {
  auto params = ClientEndpointParams(service, region, flag_endpoint_url, env);
  if (!params) return Fail(params.error());
  return ResolveEndpoint(service, *params);
}

}  // namespace raycloud::aws
