// iam.control_plane_role.permissions: every row of the required-actions table is allowed by
// the role's effective policy (inline + attached managed policies, limited by the
// permissions boundary) for the row's resource and request context.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <set>

#include "cloud/policy/required_actions.h"
#include "verify/checks/check_util.h"
#include "verify/checks/checks.h"
#include "verify/checks/iam_eval.h"
#include "verify/checks/iam_role_exists.h"

namespace raycloud::verify {
namespace {

constexpr const char* kIamControlPlanePermissionsId = "iam.control_plane_role.permissions";

struct Missing {
  std::string action;
  std::string resource;  // the table's pattern, e.g. arn:aws:ec2:us-west-2:1:instance/*
  std::string why;
};

// "instance/*" for "arn:aws:ec2:us-west-2:123456789012:instance/*": the part a reader needs.
std::string ShortResource(const std::string& arn) {
  size_t colons = 0;
  for (size_t i = 0; i < arn.size(); ++i) {
    if (arn[i] == ':' && ++colons == 5) return arn.substr(i + 1);
  }
  return arn;
}

// One phrase per action and reason, naming its resources: "ec2:RunInstances on instance/*,
// volume/* (no statement allows it)".
std::string Describe(const std::vector<Missing>& missing) {
  std::vector<std::pair<std::string, std::vector<std::string>>> groups;  // action+why -> res
  std::vector<std::string> keys;
  for (const auto& m : missing) {
    std::string key = m.action + " (" + m.why + ")";
    auto it = std::find(keys.begin(), keys.end(), key);
    if (it == keys.end()) {
      keys.push_back(key);
      groups.push_back({m.action, {}});
      it = keys.end() - 1;
    }
    groups[it - keys.begin()].second.push_back(ShortResource(m.resource));
  }
  std::vector<std::string> parts;
  std::set<std::string> actions;
  for (size_t i = 0; i < groups.size(); ++i) {
    actions.insert(groups[i].first);
    std::string why = keys[i].substr(groups[i].first.size());
    parts.push_back(
        fmt::format("{} on {}{}", groups[i].first, fmt::join(groups[i].second, ", "), why));
  }
  return fmt::format("{} action{} not allowed: {}", actions.size(),
                     actions.size() == 1 ? " is" : "s are", fmt::join(parts, "; "));
}

// Why a row is refused: the denying statements, or the step that found no allow.
std::string WhyDenied(const iam::Decision& decision) {
  if (decision.kind == iam::DecisionKind::kExplicitDeny) {
    return "denied by " + DecisiveStatements(decision);
  }
  if (decision.step == iam::DecisiveStep::kBoundary) {
    return "the permissions boundary does not allow it";
  }
  return "no statement allows it";
}

}  // namespace

Findings CheckControlPlanePermissions(const CloudSnapshot& s) {
  const std::string& role_arn = s.target.control_plane_role_arn;
  const RoleSnapshot& role = s.control_plane_role;
  if (!RoleFound(role)) {
    return {MakeFinding(kIamControlPlanePermissionsId, role_arn, CheckStatus::kSkip,
                        MissingMessage("role", role_arn, "iam.control_plane_role.exists"))};
  }
  CompiledRole compiled = CompileRole(role);
  if (!compiled.problems.empty()) {
    return {
        MakeFinding(kIamControlPlanePermissionsId, role_arn, CheckStatus::kSkip,
                    "the role's policies could not all be read: " + JoinList(compiled.problems))};
  }
  auto evaluator =
      iam::Evaluator::Create({.identity = compiled.identity, .boundary = compiled.boundary});
  if (!evaluator) {
    return {MakeFinding(kIamControlPlanePermissionsId, role_arn, CheckStatus::kSkip,
                        evaluator.error().message)};
  }
  cloud::PolicyParams params = PolicyParamsOf(s);
  const std::string session = SessionArnOf(role_arn, "raycloud-control-plane");
  std::vector<Missing> core, services;
  for (const auto& row : cloud::ExpandedRequiredActions(params)) {
    iam::Request request{.principal = session,
                         .action = row.action,
                         .resource = cloud::ExampleResource(row.resource)};
    for (const auto& [key, value] : row.context) request.context.Add(key, value);
    iam::Decision decision = EvaluateRequest(*evaluator, request);
    if (decision.allowed()) continue;
    auto& list = row.group == cloud::ActionGroup::kCore ? core : services;
    list.push_back({row.action, row.resource, WhyDenied(decision)});
  }

  std::string fix = fmt::format(
      "aws iam put-role-policy --role-name {} --policy-name raycloud-control-plane "
      "--policy-document {}",
      RoleNameOf(role_arn), ShellQuote(cloud::ControlPlanePolicy(params).dump()));
  if (!core.empty()) {
    std::string message = Describe(core);
    if (!services.empty()) message += "; services: " + Describe(services);
    return {MakeFinding(kIamControlPlanePermissionsId, role_arn, CheckStatus::kFail, message, fix)};
  }
  if (!services.empty()) {
    return {MakeFinding(
        kIamControlPlanePermissionsId, role_arn, CheckStatus::kWarn,
        "services (load balancers, certificates, CloudFormation): " + Describe(services), fix)};
  }

  // Too broad: an action nothing needs on a resource nothing names, and PassRole on a role
  // other than the instance role.
  std::vector<std::string> broad;
  iam::Request anything{.principal = session,
                        .action = "raycloudprobe:AnyAction",
                        .resource = "arn:aws:raycloudprobe:::any-resource"};
  if (EvaluateRequest(*evaluator, anything).allowed()) broad.push_back("* on *");
  iam::Request pass_any{.principal = session,
                        .action = "iam:PassRole",
                        .resource = fmt::format("arn:{}:iam::{}:role/raycloud-probe-any-role",
                                                params.partition, params.account_id)};
  pass_any.context.Set("iam:PassedToService", "ec2.amazonaws.com");
  if (EvaluateRequest(*evaluator, pass_any).allowed()) broad.push_back("iam:PassRole on any role");
  if (!broad.empty()) {
    return {MakeFinding(
        kIamControlPlanePermissionsId, role_arn, CheckStatus::kWarn,
        fmt::format("the role allows {}: far more than the control plane needs", JoinList(broad)),
        fmt::format("Detach the broad policies (aws iam "
                    "list-attached-role-policies --role-name {}) and keep only: {}",
                    RoleNameOf(role_arn), fix))};
  }
  return {MakeFinding(kIamControlPlanePermissionsId, role_arn, CheckStatus::kPass,
                      "every required action is allowed, nothing much broader")};
}

}  // namespace raycloud::verify
