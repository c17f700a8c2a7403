#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/error.h"

namespace raycloud::aws {

/// The inputs of endpoint resolution (the AWS endpoint-rules parameters raycloud supports).
struct EndpointParams {
  std::optional<std::string> region;
  bool use_fips = false;
  bool use_dual_stack = false;
  /// A custom endpoint already chosen by precedence (see ConfiguredEndpointUrl).
  std::optional<std::string> endpoint;
  /// STS and S3: send us-east-1 (and, for STS, the legacy global regions) to the global host.
  bool use_global_endpoint = false;

  // S3 only.
  std::optional<std::string> bucket;  // plain bucket names; ARNs and directory buckets refused
  bool force_path_style = false;
  bool accelerate = false;
};

/// Where to send a request and how to sign it.
struct ResolvedEndpoint {
  std::string url;  // scheme://host[:port][/path]; for S3 with a bucket, includes the bucket
  std::string signing_region;
  std::string signing_name;
};

/// Resolves the endpoint of a service (botocore name, e.g. "ec2", "elbv2") following the
/// AWS endpoint rules of that service: partitions and their DNS suffixes, FIPS, dual-stack,
/// global services (IAM, Budgets, STS global, S3 us-east-1), a custom endpoint, and S3
/// virtual-hosted/path-style addressing. Errors (kInvalidArgument) carry the rules' wording.
Result<ResolvedEndpoint> ResolveEndpoint(std::string_view service, const EndpointParams& params);

}  // namespace raycloud::aws
