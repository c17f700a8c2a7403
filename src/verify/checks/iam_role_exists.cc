#include "verify/checks/iam_role_exists.h"

#include <fmt/format.h>

#include "verify/checks/check_util.h"

namespace raycloud::verify {

Finding RoleExists(const char* check_id, const std::string& role_arn, const RoleSnapshot& role,
                   const char* flag) {
  if (role_arn.empty()) {
    return MakeFinding(check_id, std::nullopt, CheckStatus::kFail, "no role is configured",
                       fmt::format("Register the cloud with {}", flag));
  }
  if (role.role.ok()) {
    return MakeFinding(check_id, role_arn, CheckStatus::kPass,
                       fmt::format("role {} exists", role.name));
  }
  if (role.role.error_code == "NoSuchEntity" || !role.role.called()) {
    return MakeFinding(check_id, role_arn, CheckStatus::kFail,
                       fmt::format("role {} was not found", role.name),
                       fmt::format("Create it (raycloud cloud policies prints its documents) or "
                                   "register the cloud with the ARN of an existing role ({})",
                                   flag));
  }
  return MakeFinding(check_id, role_arn, CheckStatus::kFail,
                     fmt::format("could not read role {}: {}", role.name, role.role.Describe()),
                     ReadFailureFix(role.role, "iam:GetRole"));
}

}  // namespace raycloud::verify
