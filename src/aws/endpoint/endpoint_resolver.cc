#include "aws/endpoint/endpoint_resolver.h"

#include <string>

#include "aws/endpoint/endpoint_services.h"
#include "aws/endpoint/global_endpoints.h"
#include "aws/endpoint/partition.h"
#include "aws/endpoint/s3_endpoint.h"

namespace raycloud::aws {
namespace {

// Services whose GovCloud endpoints are FIPS-validated already, so that FIPS there means
// the plain regional host.
bool GovFipsUsesPlainHost(std::string_view service) {
  return service == "ec2" || service == "elbv2" || service == "cloudformation" ||
         service == "cloudtrail" || service == "service-quotas" || service == "sts" ||
         service == "acm";
}

// EFS serves dual-stack under the shorter `efs` prefix in the commercial, China and GovCloud
// partitions; elsewhere it keeps `elasticfilesystem`.
std::string DualStackPrefix(const ServiceEndpointInfo& service, const Partition& partition) {
  if (service.name == "efs" &&
      (partition.name == "aws" || partition.name == "aws-cn" || partition.name == "aws-us-gov")) {
    return "efs";
  }
  return std::string(service.host_prefix);
}

Result<ResolvedEndpoint> CustomEndpoint(const ServiceEndpointInfo& service,
                                        const EndpointParams& params) {
  // ACM's rules let a custom endpoint win over FIPS and dual-stack; the others refuse the mix.
  if (service.name != "acm") {
    if (params.use_fips) {
      return Fail(
          Error::Invalid("Invalid Configuration: FIPS and custom endpoint are not supported"));
    }
    if (params.use_dual_stack) {
      return Fail(
          Error::Invalid("Invalid Configuration: Dualstack and custom endpoint are not supported"));
    }
  }
  return ResolvedEndpoint{*params.endpoint, params.region.value_or(""),
                          std::string(service.signing_name)};
}

// The partition's support for the requested variants, with the rules' error wording.
Status CheckVariantSupport(const Partition& partition, bool fips, bool dual_stack) {
  if (fips && dual_stack && !(partition.supports_fips && partition.supports_dual_stack)) {
    return Fail(Error::Invalid(
        "FIPS and DualStack are enabled, but this partition does not support one or both"));
  }
  if (fips && !partition.supports_fips) {
    return Fail(Error::Invalid("FIPS is enabled but this partition does not support FIPS"));
  }
  if (dual_stack && !partition.supports_dual_stack) {
    return Fail(
        Error::Invalid("DualStack is enabled but this partition does not support DualStack"));
  }
  return {};
}

ResolvedEndpoint PartitionGlobalEndpoint(const ServiceEndpointInfo& service,
                                         const Partition& partition, bool fips, bool dual_stack) {
  if (auto exception = GlobalEndpointException(service.name, partition, fips, dual_stack)) {
    exception->signing_name = std::string(service.signing_name);
    return *exception;
  }
  std::string host(service.host_prefix);
  if (fips) host += "-fips";
  host += ".";
  host += dual_stack ? partition.dual_stack_dns_suffix : partition.dns_suffix;
  return ResolvedEndpoint{"https://" + host, std::string(partition.implicit_global_region),
                          std::string(service.signing_name)};
}

ResolvedEndpoint RegionalEndpoint(const ServiceEndpointInfo& service, const Partition& partition,
                                  const std::string& region, bool fips, bool dual_stack) {
  ResolvedEndpoint out{"", region, std::string(service.signing_name)};
  if (fips && !dual_stack && partition.name == "aws-us-gov" && GovFipsUsesPlainHost(service.name)) {
    out.url = "https://" + std::string(service.host_prefix) + "." + region + ".amazonaws.com";
    return out;
  }
  if (service.name == "sts" && region == "aws-global" && !fips && !dual_stack) {
    out.url = "https://sts.amazonaws.com";
    out.signing_region = "us-east-1";
    return out;
  }
  if (service.name == "memorydb" && region == "fips" && !fips && !dual_stack) {
    // A pseudo-region from the days before the UseFIPS flag.
    out.url = "https://memory-db-fips.us-west-1.amazonaws.com";
    out.signing_region = "us-west-1";
    return out;
  }
  std::string prefix =
      dual_stack ? DualStackPrefix(service, partition) : std::string(service.host_prefix);
  if (fips) prefix += "-fips";
  const std::string_view suffix =
      dual_stack ? partition.dual_stack_dns_suffix : partition.dns_suffix;
  out.url = "https://" + prefix + "." + region + "." + std::string(suffix);
  return out;
}

}  // namespace

Result<ResolvedEndpoint> ResolveEndpoint(std::string_view service_name,
                                         const EndpointParams& params) {
  const ServiceEndpointInfo* service = FindServiceEndpointInfo(service_name);
  if (service == nullptr) {
    return Fail(Error::Invalid("no endpoint rules for service " + std::string(service_name)));
  }
  if (service->name == "s3") return ResolveS3Endpoint(params);

  // STS's legacy global endpoint applies before a custom endpoint is considered.
  if (service->name == "sts" && params.use_global_endpoint && !params.endpoint && params.region &&
      !params.use_fips && !params.use_dual_stack) {
    const std::string& region = *params.region;
    if (IsStsLegacyGlobalRegion(region)) {
      return ResolvedEndpoint{"https://sts.amazonaws.com", "us-east-1", "sts"};
    }
    return ResolvedEndpoint{
        "https://sts." + region + "." + std::string(PartitionForRegion(region).dns_suffix), region,
        "sts"};
  }

  if (params.endpoint) return CustomEndpoint(*service, params);
  if (!params.region) return Fail(Error::Invalid("Invalid Configuration: Missing Region"));

  const std::string& region = *params.region;
  const Partition& partition = PartitionForRegion(region);
  if (auto supported = CheckVariantSupport(partition, params.use_fips, params.use_dual_stack);
      !supported) {
    return Fail(supported.error());
  }
  if (IsPartitionGlobalService(service->name)) {
    return PartitionGlobalEndpoint(*service, partition, params.use_fips, params.use_dual_stack);
  }
  return RegionalEndpoint(*service, partition, region, params.use_fips, params.use_dual_stack);
}

}  // namespace raycloud::aws
