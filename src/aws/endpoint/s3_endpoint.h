#pragma once

#include "aws/endpoint/endpoint_resolver.h"

namespace raycloud::aws {

/// S3's endpoint rules for plain bucket names: virtual-hosted style when the bucket is a DNS
/// label (path style otherwise, or when `force_path_style`), FIPS, dual-stack, Transfer
/// Acceleration, the us-east-1 global host (`aws-global`, UseGlobalEndpoint) and custom
/// endpoints (IP hosts always path style). Bucket ARNs (access points, Outposts, Object
/// Lambda) and directory buckets (`--x-s3`) are refused: raycloud never uses them.
Result<ResolvedEndpoint> ResolveS3Endpoint(const EndpointParams& params);

}  // namespace raycloud::aws
