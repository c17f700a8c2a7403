#include "aws/endpoint/s3_endpoint.h"

#include <string>

#include "aws/endpoint/endpoint_url.h"
#include "aws/endpoint/partition.h"
#include "common/strings.h"

namespace raycloud::aws {
namespace {

constexpr char kInvalidRegion[] = "Invalid region: region was not a valid DNS name.";

Status CheckUnsupportedBucket(const std::string& bucket) {
  if (bucket.starts_with("arn:")) {
    return Fail(Error::Invalid(
        "S3 bucket ARNs (access points, Outposts, Object Lambda) are not supported: " + bucket));
  }
  if (bucket.ends_with("--x-s3") || bucket.ends_with("--xa-s3")) {
    return Fail(Error::Invalid("S3 Express directory buckets are not supported: " + bucket));
  }
  if (bucket.ends_with("--op-s3")) {
    return Fail(Error::Invalid("S3 on Outposts buckets are not supported: " + bucket));
  }
  return {};
}

// The S3 host for a region without a custom endpoint. `accelerate` only matters for
// virtual-hosted requests (the rules ignore it for bucketless ones and refuse it with path
// style).
std::string S3Host(const EndpointParams& params, bool accelerate) {
  const std::string& region = *params.region;
  const Partition& partition = PartitionForRegion(region);
  const std::string dns(partition.dns_suffix);
  // `aws-global` is us-east-1 reached through the legacy global host s3.amazonaws.com.
  const bool global_region = region == "aws-global";
  const bool global_host = global_region || (params.use_global_endpoint && region == "us-east-1");
  const std::string r = global_region ? "us-east-1" : region;
  if (accelerate) {
    if (params.use_dual_stack) {
      return global_region ? "s3-accelerate.dualstack.us-east-1." + dns
                           : "s3-accelerate.dualstack." + dns;
    }
    return "s3-accelerate." + dns;
  }
  if (params.use_fips && params.use_dual_stack) return "s3-fips.dualstack." + r + "." + dns;
  if (params.use_fips) return "s3-fips." + r + "." + dns;
  if (params.use_dual_stack) return "s3.dualstack." + r + "." + dns;
  if (global_host) return "s3." + dns;
  return "s3." + r + "." + dns;
}

std::string PathStyle(const EndpointUrl& url, const std::string& bucket) {
  return url.scheme + "://" + url.authority + url.NormalizedPath() + strings::PercentEncode(bucket);
}

Result<std::string> BucketUrl(const EndpointParams& params, const std::string& bucket) {
  const std::string& region = *params.region;
  std::optional<EndpointUrl> custom;
  if (params.endpoint) {
    custom = ParseEndpointUrl(*params.endpoint);
    if (!custom) {
      return Fail(Error::Invalid("Custom endpoint `" + *params.endpoint + "` was not a valid URI"));
    }
  }
  if (!params.force_path_style && IsVirtualHostableS3Bucket(bucket, false)) {
    if (!IsValidHostLabel(region, false)) return Fail(Error::Invalid(kInvalidRegion));
    if (params.accelerate && PartitionForRegion(region).name == "aws-cn") {
      return Fail(Error::Invalid("S3 Accelerate cannot be used in this region"));
    }
    if (custom) {
      if (custom->is_ip) return PathStyle(*custom, bucket);
      return custom->scheme + "://" + bucket + "." + custom->authority + custom->path;
    }
    return "https://" + bucket + "." + S3Host(params, params.accelerate);
  }
  // Over plain http a certificate cannot fail, so dotted bucket names still go in the host.
  if (custom && custom->scheme == "http" && !params.force_path_style &&
      IsVirtualHostableS3Bucket(bucket, true)) {
    if (!IsValidHostLabel(region, false)) return Fail(Error::Invalid(kInvalidRegion));
    return custom->scheme + "://" + bucket + "." + custom->authority + custom->path;
  }
  if (!IsValidHostLabel(region, false)) return Fail(Error::Invalid(kInvalidRegion));
  if (params.accelerate) {
    return Fail(Error::Invalid("Path-style addressing cannot be used with S3 Accelerate"));
  }
  if (custom) return PathStyle(*custom, bucket);
  return "https://" + S3Host(params, false) + "/" + strings::PercentEncode(bucket);
}

Result<std::string> BucketlessUrl(const EndpointParams& params) {
  if (params.endpoint) {
    auto custom = ParseEndpointUrl(*params.endpoint);
    if (!custom) {
      return Fail(Error::Invalid("Custom endpoint `" + *params.endpoint + "` was not a valid URI"));
    }
    if (!IsValidHostLabel(*params.region, false)) return Fail(Error::Invalid(kInvalidRegion));
    return custom->scheme + "://" + custom->authority + custom->path;
  }
  if (!IsValidHostLabel(*params.region, false)) return Fail(Error::Invalid(kInvalidRegion));
  return "https://" + S3Host(params, false);
}

}  // namespace

Result<ResolvedEndpoint> ResolveS3Endpoint(const EndpointParams& params) {
  if (!params.region) {
    return Fail(Error::Invalid("A region must be set when sending requests to S3."));
  }
  // The rules reject impossible combinations before looking at the bucket.
  if (params.accelerate && params.use_fips) {
    return Fail(Error::Invalid("Accelerate cannot be used with FIPS"));
  }
  if (params.use_dual_stack && params.endpoint) {
    return Fail(Error::Invalid("Cannot set dual-stack in combination with a custom endpoint."));
  }
  if (params.endpoint && params.use_fips) {
    return Fail(Error::Invalid("A custom endpoint cannot be combined with FIPS"));
  }
  if (params.endpoint && params.accelerate) {
    return Fail(Error::Invalid("A custom endpoint cannot be combined with S3 Accelerate"));
  }
  const std::string& region = *params.region;
  if (params.use_fips && PartitionForRegion(region).name == "aws-cn") {
    return Fail(Error::Invalid("Partition does not support FIPS"));
  }

  Result<std::string> url;
  if (params.bucket) {
    if (auto supported = CheckUnsupportedBucket(*params.bucket); !supported) {
      return Fail(supported.error());
    }
    url = BucketUrl(params, *params.bucket);
  } else {
    url = BucketlessUrl(params);
  }
  if (!url) return Fail(url.error());
  return ResolvedEndpoint{*url, region == "aws-global" ? "us-east-1" : region, "s3"};
}

}  // namespace raycloud::aws
