#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "cloud/plan/cloud_plan.h"

namespace raycloud::cloud {

/// A CloudFormation template creating the same resources as BuildPlan(options, ...), for
/// `cloud export --format cloudformation`. Built from stored options without AWS calls:
/// account, partition and region come from pseudo parameters; the zones, bucket name,
/// external id and control-plane principal are template parameters whose defaults are the
/// cloud's. The outputs map one to one onto `cloud register` flags. `identity` needs
/// cloud_id, org_id, region and external_id (its account is not used).
Result<nlohmann::ordered_json> CloudFormationTemplate(const SetupOptions& options,
                                                      const CloudIdentity& identity);

/// The same template as YAML.
Result<std::string> CloudFormationYaml(const SetupOptions& options, const CloudIdentity& identity);

/// A CloudFormation logical id for a plan's logical name: "nat-subnet-us-west-2a" with
/// zone placeholders becomes "NatSubnetAvailabilityZone1".
std::string CloudFormationLogicalId(std::string_view logical_name);

}  // namespace raycloud::cloud
