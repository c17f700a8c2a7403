// The two roles of a cloud (cloud-resources.md, "Identity").
#include <fmt/format.h>

#include "cloud/plan/plan_builder.h"
#include "cloud/plan/resource_kinds.h"

namespace raycloud::cloud {

void AddIdentity(PlanBuilder& builder, const PolicyParams& params) {
  const auto& options = builder.options();
  const PlanNames& names = builder.names();
  builder.Add("control-plane-role", kind::kIamRole, {},
              {{"role_name", names.control_plane_role},
               {"description", fmt::format("raycloud control plane for cloud {}", options.name)},
               {"assume_role_policy_document", ControlPlaneTrustPolicy(params)},
               {"max_session_duration", 3600},
               {"tags", builder.Tags("control-plane-role")}});
  builder.Add("control-plane-role-policy", kind::kIamRolePolicy, {},
              {{"role", Ref("control-plane-role")},
               {"role_name", names.control_plane_role},
               {"policy_name", "raycloud-control-plane"},
               {"policy_document", ControlPlanePolicy(params)}});
  builder.Add("instance-role", kind::kIamRole, {},
              {{"role_name", names.instance_role},
               {"description", fmt::format("raycloud cluster nodes of cloud {}", options.name)},
               {"assume_role_policy_document", InstanceTrustPolicy(params)},
               {"max_session_duration", 3600},
               {"tags", builder.Tags("instance-role")}});
  builder.Add("instance-role-policy", kind::kIamRolePolicy, {},
              {{"role", Ref("instance-role")},
               {"role_name", names.instance_role},
               {"policy_name", "raycloud-instance"},
               {"policy_document", InstancePolicy(params)}});
  // Same name as the role: `cloud register --instance-role-arn` relies on it.
  builder.Add("instance-profile", kind::kIamInstanceProfile, {},
              {{"instance_profile_name", names.instance_role},
               {"role", Ref("instance-role")},
               {"role_name", names.instance_role},
               {"tags", builder.Tags("instance-profile")}});
}

}  // namespace raycloud::cloud
