// iam.instance_role.exists, .trust, .instance_profile.
#include <fmt/format.h>

#include "verify/checks/check_util.h"
#include "verify/checks/checks.h"
#include "verify/checks/iam_eval.h"
#include "verify/checks/iam_role_exists.h"

namespace raycloud::verify {
namespace {

Finding Trust(const CloudSnapshot& s, const RoleSnapshot& role) {
  const std::string& role_arn = s.target.instance_role_arn;
  std::string fix = UpdateTrustCommand(role.name, cloud::InstanceTrustPolicy(PolicyParamsOf(s)));
  auto trust = CompileTrust(role);
  if (!trust) {
    return MakeFinding("iam.instance_role.trust", role_arn, CheckStatus::kFail,
                       trust.error().message, fix);
  }
  auto evaluator = iam::Evaluator::Create({.resource = *trust});
  if (!evaluator) {
    return MakeFinding("iam.instance_role.trust", role_arn, CheckStatus::kSkip,
                       evaluator.error().message);
  }
  iam::Request request{
      .principal = "ec2.amazonaws.com", .action = "sts:AssumeRole", .resource = role_arn};
  iam::Decision decision = EvaluateRequest(*evaluator, request);
  if (decision.allowed()) {
    return MakeFinding("iam.instance_role.trust", role_arn, CheckStatus::kPass,
                       "ec2.amazonaws.com may assume the role");
  }
  return MakeFinding("iam.instance_role.trust", role_arn, CheckStatus::kFail,
                     "ec2.amazonaws.com may not assume the role, so nodes get no credentials: " +
                         iam::Explain(decision, request),
                     fix);
}

Finding InstanceProfile(const CloudSnapshot& s, const RoleSnapshot& role) {
  const std::string& role_arn = s.target.instance_role_arn;
  const CallResult& call = role.instance_profile;
  std::string create = fmt::format(
      "aws iam create-instance-profile --instance-profile-name {} && aws iam "
      "add-role-to-instance-profile --instance-profile-name {} --role-name {}",
      role.name, role.name, role.name);
  if (call.failed() && call.error_code == "NoSuchEntity") {
    return MakeFinding("iam.instance_role.instance_profile", role_arn, CheckStatus::kFail,
                       fmt::format("no instance profile is named {}", role.name), create);
  }
  if (!call.ok()) {
    return MakeFinding("iam.instance_role.instance_profile", role_arn, CheckStatus::kSkip,
                       "could not read the instance profile: " +
                           (call.called() ? call.Describe() : std::string("not read")));
  }
  const json profile = call.output.value("InstanceProfile", json::object());
  std::vector<std::string> roles;
  for (const auto& member : Items(profile, "Roles")) {
    roles.push_back(Text(member, "RoleName"));
  }
  if (std::find(roles.begin(), roles.end(), role.name) != roles.end()) {
    return MakeFinding("iam.instance_role.instance_profile", role_arn, CheckStatus::kPass,
                       fmt::format("instance profile {} contains the role", role.name));
  }
  std::string add =
      fmt::format("aws iam add-role-to-instance-profile --instance-profile-name {} --role-name {}",
                  role.name, role.name);
  // A profile holds one role: the one in the way must leave first.
  if (!roles.empty()) {
    add = fmt::format(
        "aws iam remove-role-from-instance-profile --instance-profile-name {} "
        "--role-name {} && {}",
        role.name, roles.front(), add);
  }
  return MakeFinding("iam.instance_role.instance_profile", role_arn, CheckStatus::kFail,
                     fmt::format("instance profile {} does not contain the role{}", role.name,
                                 roles.empty() ? "" : " (it holds " + JoinList(roles) + ")"),
                     add);
}

}  // namespace

Findings CheckInstanceRole(const CloudSnapshot& s) {
  const std::string& role_arn = s.target.instance_role_arn;
  const RoleSnapshot& role = s.instance_role;
  Findings out{RoleExists("iam.instance_role.exists", role_arn, role, "--instance-role-arn")};
  if (!RoleFound(role)) {
    std::string why = MissingMessage("role", role_arn, "iam.instance_role.exists");
    for (const char* id : {"iam.instance_role.trust", "iam.instance_role.instance_profile"}) {
      out.push_back(MakeFinding(id, role_arn, CheckStatus::kSkip, why));
    }
    return out;
  }
  out.push_back(Trust(s, role));
  out.push_back(InstanceProfile(s, role));
  return out;
}

Findings CheckIamSameAccount(const CloudSnapshot& s) {
  constexpr const char* kId = "iam.same_account";
  std::string account = CloudAccount(s);
  std::vector<std::string> different;
  for (const std::string* arn : {&s.target.control_plane_role_arn, &s.target.instance_role_arn}) {
    std::string role_account = AccountOf(*arn);
    if (!arn->empty() && role_account != account) {
      different.push_back(fmt::format("{} (account {})", *arn, role_account));
    }
  }
  if (account.empty()) {
    return {MakeFinding(kId, std::nullopt, CheckStatus::kSkip,
                        "the cloud's account is not known (sts:GetCallerIdentity failed)")};
  }
  if (!different.empty()) {
    return {
        MakeFinding(kId, account, CheckStatus::kFail,
                    fmt::format("not in the cloud's account {}: {}", account, JoinList(different)),
                    fmt::format("Register the cloud with roles of account {} "
                                "(--control-plane-role-arn, --instance-role-arn)",
                                account))};
  }
  return {MakeFinding(kId, account, CheckStatus::kPass,
                      fmt::format("both roles are in the cloud's account {}", account))};
}

}  // namespace raycloud::verify
