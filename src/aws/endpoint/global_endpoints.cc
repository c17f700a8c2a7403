#include "aws/endpoint/global_endpoints.h"

#include <algorithm>
#include <iterator>

namespace raycloud::aws {
namespace {

struct GlobalException {
  std::string_view service;
  std::string_view partition;
  bool fips;
  bool dual_stack;
  std::string_view url;
  std::string_view signing_region;
};

// The exceptions in the IAM and Budgets endpoint rules. IAM signs with us-east-1,
// cn-north-1 and us-gov-west-1 whatever the client region; the iso partitions keep a
// regional-looking host for their single global endpoint.
constexpr GlobalException kExceptions[] = {
    {"iam", "aws", false, true, "https://iam.global.api.aws", "us-east-1"},
    {"iam", "aws", true, true, "https://iam-fips.global.api.aws", "us-east-1"},
    {"iam", "aws-cn", false, true, "https://iam.global.api.amazonwebservices.com.cn", "cn-north-1"},
    {"iam", "aws-cn", false, false, "https://iam.cn-north-1.amazonaws.com.cn", "cn-north-1"},
    {"iam", "aws-cn", true, true, "https://iam-fips.api.amazonwebservices.com.cn", "cn-north-1"},
    {"iam", "aws-cn", true, false, "https://iam-fips.amazonaws.com.cn", "cn-north-1"},
    // GovCloud IAM is FIPS-validated already: the FIPS host is the plain one.
    {"iam", "aws-us-gov", false, true, "https://iam.us-gov.api.aws", "us-gov-west-1"},
    {"iam", "aws-us-gov", true, true, "https://iam.us-gov.api.aws", "us-gov-west-1"},
    {"iam", "aws-us-gov", false, false, "https://iam.us-gov.amazonaws.com", "us-gov-west-1"},
    {"iam", "aws-us-gov", true, false, "https://iam.us-gov.amazonaws.com", "us-gov-west-1"},
    {"iam", "aws-iso", false, false, "https://iam.us-iso-east-1.c2s.ic.gov", "us-iso-east-1"},
    {"iam", "aws-iso", true, false, "https://iam-fips.us-iso-east-1.c2s.ic.gov", "us-iso-east-1"},
    {"iam", "aws-iso-b", false, false, "https://iam.us-isob-east-1.sc2s.sgov.gov",
     "us-isob-east-1"},
    {"iam", "aws-iso-b", true, false, "https://iam-fips.us-isob-east-1.sc2s.sgov.gov",
     "us-isob-east-1"},
    {"iam", "aws-iso-e", false, false, "https://iam.eu-isoe-west-1.cloud.adc-e.uk",
     "eu-isoe-west-1"},
    {"iam", "aws-iso-f", false, false, "https://iam.us-isof-south-1.csp.hci.ic.gov",
     "us-isof-south-1"},
    {"iam", "aws-eusc", false, false, "https://iam.eusc-de-east-1.amazonaws.eu", "eusc-de-east-1"},
    {"budgets", "aws", false, true, "https://budgets.us-east-1.api.aws", "us-east-1"},
    {"budgets", "aws-iso-b", false, false, "https://budgets.global.sc2s.sgov.gov",
     "us-isob-east-1"},
    {"budgets", "aws-iso-e", false, false, "https://budgets.global.cloud.adc-e.uk",
     "eu-isoe-west-1"},
    {"budgets", "aws-iso-f", false, false, "https://budgets.global.csp.hci.ic.gov",
     "us-isof-south-1"},
    {"budgets", "aws-eusc", false, false, "https://budgets.eusc-de-east-1.api.amazonwebservices.eu",
     "eusc-de-east-1"},
    {"budgets", "aws-eusc", false, true, "https://budgets.eusc-de-east-1.api.amazonwebservices.eu",
     "eusc-de-east-1"},
};

constexpr std::string_view kStsLegacyGlobalRegions[] = {
    "ap-northeast-1", "ap-south-1",   "ap-southeast-1", "ap-southeast-2",
    "aws-global",     "ca-central-1", "eu-central-1",   "eu-north-1",
    "eu-west-1",      "eu-west-2",    "eu-west-3",      "sa-east-1",
    "us-east-1",      "us-east-2",    "us-west-1",      "us-west-2",
};

}  // namespace

std::optional<ResolvedEndpoint> GlobalEndpointException(std::string_view service,
                                                        const Partition& partition, bool fips,
                                                        bool dual_stack) {
  for (const auto& e : kExceptions) {
    if (e.service == service && e.partition == partition.name && e.fips == fips &&
        e.dual_stack == dual_stack) {
      return ResolvedEndpoint{std::string(e.url), std::string(e.signing_region), ""};
    }
  }
  return std::nullopt;
}

bool IsPartitionGlobalService(std::string_view service) {
  return service == "iam" || service == "budgets";
}

bool IsStsLegacyGlobalRegion(std::string_view region) {
  return std::ranges::find(kStsLegacyGlobalRegions, region) != std::end(kStsLegacyGlobalRegions);
}

}  // namespace raycloud::aws
