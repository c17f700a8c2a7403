#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "aws/endpoint/endpoint_resolver.h"
#include "aws/endpoint/env.h"
#include "common/error.h"

namespace raycloud::aws {

/// Where a configured endpoint URL came from.
struct ConfiguredEndpoint {
  std::string url;
  std::string source;  // "--endpoint-url", "AWS_ENDPOINT_URL_EC2", "AWS_ENDPOINT_URL"
};

/// The endpoint URL configured for a service (botocore name), by precedence: the
/// --endpoint-url flag, then AWS_ENDPOINT_URL_<SERVICE ID>, then AWS_ENDPOINT_URL; none when
/// unset (the environment ones are ignored when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true).
/// A value that is not an http(s) URL with a host is kInvalidArgument naming its source.
Result<std::optional<ConfiguredEndpoint>> ConfiguredEndpointUrl(
    std::string_view service, const std::optional<std::string>& flag_endpoint_url,
    const EnvLookup& env);

/// The endpoint-rule parameters of one service's client: the region, the configured
/// endpoint URL, AWS_USE_FIPS_ENDPOINT / AWS_USE_DUALSTACK_ENDPOINT, and the legacy global
/// endpoints (AWS_STS_REGIONAL_ENDPOINTS=legacy, AWS_S3_US_EAST_1_REGIONAL_ENDPOINT=legacy).
Result<EndpointParams> ClientEndpointParams(std::string_view service, std::string_view region,
                                            const std::optional<std::string>& flag_endpoint_url,
                                            const EnvLookup& env);

/// ClientEndpointParams then ResolveEndpoint: where a client of `service` sends requests.
Result<ResolvedEndpoint> ResolveClientEndpoint(std::string_view service, std::string_view region,
                                               const std::optional<std::string>& flag_endpoint_url,
                                               const EnvLookup& env);

}  // namespace raycloud::aws
