// iam.control_plane_role.assume: the control plane's own credentials really assume the role
// with the external id (an AssumeRole call made while gathering), and the trust, evaluated
// for those credentials, refuses them without it. The second half is evaluated rather than
// tried because the emulator admits a missing ExternalId that AWS refuses.
#include <fmt/format.h>

#include "verify/checks/check_util.h"
#include "verify/checks/checks.h"
#include "verify/checks/iam_eval.h"
#include "verify/checks/iam_role_exists.h"

namespace raycloud::verify {

Findings CheckControlPlaneAssume(const CloudSnapshot& s) {
  constexpr const char* kId = "iam.control_plane_role.assume";
  const std::string& role_arn = s.target.control_plane_role_arn;
  const RoleSnapshot& role = s.control_plane_role;
  auto make = [&](CheckStatus status, std::string message, std::string fix = {}) {
    return Findings{MakeFinding(kId, role_arn, status, std::move(message), std::move(fix))};
  };
  if (!RoleFound(role)) {
    return make(CheckStatus::kSkip,
                MissingMessage("role", role_arn, "iam.control_plane_role.exists"));
  }
  if (!s.control_plane_caller.ok()) {
    return make(CheckStatus::kSkip,
                "could not identify the control plane's credentials: " +
                    (s.control_plane_caller.called() ? s.control_plane_caller.Describe()
                                                     : std::string("not read")));
  }
  std::string caller = Text(s.control_plane_caller.output, "Arn");
  std::string principal = ControlPlanePrincipal(s);
  if (!PrincipalCovers(principal, caller)) {
    return make(CheckStatus::kSkip,
                fmt::format("the control plane's credentials ({}) are not the trusted "
                            "principal's ({}); run verify with that principal's credentials "
                            "(RAYCLOUD_CONTROL_PLANE_PROFILE) to test the assumption",
                            caller, principal));
  }
  std::string trust_fix =
      UpdateTrustCommand(RoleNameOf(role_arn), cloud::ControlPlaneTrustPolicy(PolicyParamsOf(s)));
  if (!s.assume_role.ok()) {
    return make(CheckStatus::kFail,
                fmt::format("{} cannot assume the role with the external id: {}", caller,
                            s.assume_role.called() ? s.assume_role.Describe() : "not tried"),
                fmt::format("Allow sts:AssumeRole on {} to {} and apply the trust: {}", role_arn,
                            caller, trust_fix));
  }
  auto trust = CompileTrust(role);
  if (!trust) return make(CheckStatus::kSkip, trust.error().message);
  // The caller's own permissions allowed the real call, so only the trust is in question.
  auto evaluator =
      iam::Evaluator::Create({.identity = {CallerMayAssumeAnyRole()}, .resource = *trust});
  if (!evaluator) return make(CheckStatus::kSkip, evaluator.error().message);
  if (EvaluateAssumeRole(*evaluator, caller, role_arn, nullptr).allowed()) {
    return make(CheckStatus::kFail,
                fmt::format("{} can assume the role without an external id", caller), trust_fix);
  }
  return make(CheckStatus::kPass,
              fmt::format("{} assumes the role with the external id, and not without it", caller));
}

}  // namespace raycloud::verify
