#include "aws/endpoint/region.h"

#include <regex>

namespace raycloud::aws {
namespace {

bool IsRegionName(std::string_view name) {
  // Area code, one or more words, then the number: us-east-1, us-gov-west-1, eusc-de-east-1.
  static const std::regex kPattern(R"(^[a-z]{2,4}(-[a-z]+)+-[0-9]{1,2}$)");
  return std::regex_match(name.begin(), name.end(), kPattern);
}

Result<ResolvedRegion> Validated(std::string_view value, RegionSource source) {
  auto region = Region::Parse(value);
  if (!region) {
    return Fail(
        Error::Invalid(region.error().message + " (from " + RegionSourceName(source) + ")"));
  }
  return ResolvedRegion{*region, source};
}

}  // namespace

Result<Region> Region::Parse(std::string_view name) {
  if (!IsRegionName(name)) {
    return Fail(Error::Invalid("invalid AWS region '" + std::string(name) +
                               "': expected a region name such as us-east-1"));
  }
  return Region(std::string(name));
}

const char* RegionSourceName(RegionSource source) {
  switch (source) {
    case RegionSource::kFlag:
      return "--region";
    case RegionSource::kAwsRegionEnv:
      return "AWS_REGION";
    case RegionSource::kAwsDefaultRegionEnv:
      return "AWS_DEFAULT_REGION";
    case RegionSource::kProfile:
      return "profile";
  }
  return "unknown";
}

Result<ResolvedRegion> ResolveRegion(const RegionInputs& inputs, const EnvLookup& env) {
  if (inputs.flag) return Validated(*inputs.flag, RegionSource::kFlag);
  if (auto value = env("AWS_REGION")) return Validated(*value, RegionSource::kAwsRegionEnv);
  if (auto value = env("AWS_DEFAULT_REGION")) {
    return Validated(*value, RegionSource::kAwsDefaultRegionEnv);
  }
  if (inputs.profile_region && !inputs.profile_region->empty()) {
    return Validated(*inputs.profile_region, RegionSource::kProfile);
  }
  return Fail(Error::Invalid(
      "no AWS region: pass --region or set AWS_REGION, AWS_DEFAULT_REGION or the profile's "
      "region"));
}

}  // namespace raycloud::aws
