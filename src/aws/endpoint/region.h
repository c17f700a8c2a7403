#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "aws/endpoint/env.h"
#include "aws/endpoint/partition.h"
#include "common/error.h"

namespace raycloud::aws {

/// A validated AWS region name such as "us-east-1", "cn-north-1", "us-gov-west-1" or
/// "eusc-de-east-1". Parse it once at the edge; code past the CLI takes a Region.
class Region {
 public:
  /// Accepts `<area>-<words>-<number>` in lower case (e.g. "ap-southeast-2"); anything else
  /// (upper case, spaces, "aws-global", an availability zone such as "us-east-1a") is
  /// kInvalidArgument.
  static Result<Region> Parse(std::string_view name);

  const std::string& name() const { return name_; }
  /// The partition the region belongs to (decides DNS suffixes and global endpoints).
  const Partition& partition() const { return PartitionForRegion(name_); }

  bool operator==(const Region&) const = default;

 private:
  explicit Region(std::string name) : name_(std::move(name)) {}
  std::string name_;
};

/// Where the region came from, for `config show` style output and error messages.
enum class RegionSource { kFlag, kAwsRegionEnv, kAwsDefaultRegionEnv, kProfile };

/// "--region", "AWS_REGION", "AWS_DEFAULT_REGION" or "profile".
const char* RegionSourceName(RegionSource source);

struct ResolvedRegion {
  Region region;
  RegionSource source;
};

/// The region inputs that do not come from the environment.
struct RegionInputs {
  std::optional<std::string> flag;            // --region
  std::optional<std::string> profile_region;  // the selected profile's `region`
};

/// The first region set among --region, AWS_REGION, AWS_DEFAULT_REGION and the profile's
/// `region`, validated. No region anywhere, or a malformed one, is kInvalidArgument naming
/// the source.
Result<ResolvedRegion> ResolveRegion(const RegionInputs& inputs, const EnvLookup& env);

}  // namespace raycloud::aws
