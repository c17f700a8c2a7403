#pragma once

// Internal to the CloudFormation export: one plan resource to template resources.

#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "cloud/plan/cloud_plan.h"

namespace raycloud::cloud {

/// Turns a plan value into a template value: {"ref"} becomes Ref (or Fn::GetAtt where the
/// property needs an attribute), strings holding ${...} become Fn::Sub, and strings equal
/// to a key of `exact` become that value.
class TemplateValues {
 public:
  explicit TemplateValues(std::map<std::string, nlohmann::ordered_json> exact)
      : exact_(std::move(exact)) {}
  nlohmann::ordered_json Convert(const nlohmann::json& value) const;

 private:
  std::map<std::string, nlohmann::ordered_json> exact_;
};

/// Adds the template resources of `resource` to `resources` (some kinds fold into the
/// resource they configure: VPC attributes into the VPC, bucket settings into the bucket).
void AddTemplateResources(const CloudPlan& plan, const ResourceSpec& resource,
                          const TemplateValues& values, nlohmann::ordered_json& resources);

}  // namespace raycloud::cloud
