// iam.control_plane_role.exists, .trust, .external_id: the trust policy, evaluated with the
// IAM engine for the control-plane principal (list or string Action, wildcards, Deny and
// conditions all count as AWS counts them).
#include <fmt/format.h>

#include "iam/arn.h"
#include "verify/checks/check_util.h"
#include "verify/checks/checks.h"
#include "verify/checks/iam_eval.h"
#include "verify/checks/iam_role_exists.h"

namespace raycloud::verify {
namespace {

// An account that is nobody's: stands for "anyone" when a trust names "*".
constexpr const char* kOutsider = "arn:aws:iam::000011112222:root";
constexpr const char* kWrongExternalId = "raycloud-verify-not-the-external-id";

// The principals the trust's Allow statements name, as request principals to probe.
std::vector<std::string> Probes(const iam::Policy& trust) {
  std::vector<std::string> probes = {kOutsider};
  for (const auto& statement : trust.statements) {
    if (statement.effect != iam::Effect::kAllow || statement.principal.negated) continue;
    if (!statement.MatchesAction("sts:assumerole")) continue;
    for (const auto& entry : statement.principal.entries) {
      switch (entry.kind) {
        case iam::PrincipalEntry::Kind::kAccount:
          probes.push_back(PrincipalArn(entry.account));
          break;
        case iam::PrincipalEntry::Kind::kRole:
        case iam::PrincipalEntry::Kind::kArn:
        case iam::PrincipalEntry::Kind::kService:
          probes.push_back(entry.text);
          break;
        default:
          break;  // "*" is the outsider probe; web identities use another action
      }
    }
  }
  return probes;
}

struct Context {
  const CloudSnapshot& s;
  std::string role_arn;
  std::string principal;
  cloud::PolicyParams params;
};

Finding Trust(const Context& c, const iam::Evaluator& evaluator) {
  const std::string& external_id = c.s.target.external_id;
  const std::string* with = external_id.empty() ? nullptr : &external_id;
  std::string fix =
      UpdateTrustCommand(RoleNameOf(c.role_arn), cloud::ControlPlaneTrustPolicy(c.params));
  iam::Decision decision = EvaluateAssumeRole(evaluator, c.principal, c.role_arn, with);
  if (!decision.allowed()) {
    iam::Request request{.principal = RequestPrincipal(c.principal),
                         .action = "sts:AssumeRole",
                         .resource = c.role_arn};
    return MakeFinding("iam.control_plane_role.trust", c.role_arn, CheckStatus::kFail,
                       fmt::format("the trust policy does not let {} assume the role: {}",
                                   c.principal, iam::Explain(decision, request)),
                       fix);
  }
  std::vector<std::string> others;
  for (const auto& probe : Probes(*evaluator.policies().resource)) {
    if (PrincipalCovers(c.principal, probe)) continue;
    // The worst case: the other principal knows the external id too.
    if (!EvaluateAssumeRole(evaluator, probe, c.role_arn, with).allowed()) continue;
    std::string name = probe == kOutsider ? "anyone (\"*\")" : probe;
    if (std::find(others.begin(), others.end(), name) == others.end()) others.push_back(name);
  }
  if (!others.empty()) {
    return MakeFinding("iam.control_plane_role.trust", c.role_arn, CheckStatus::kWarn,
                       fmt::format("the trust also admits {}", JoinList(others)), fix);
  }
  return MakeFinding("iam.control_plane_role.trust", c.role_arn, CheckStatus::kPass,
                     fmt::format("only {} may assume the role", c.principal));
}

Finding ExternalId(const Context& c, const iam::Evaluator& evaluator) {
  std::string fix =
      UpdateTrustCommand(RoleNameOf(c.role_arn), cloud::ControlPlaneTrustPolicy(c.params));
  if (c.s.target.external_id.empty()) {
    return MakeFinding("iam.control_plane_role.external_id", c.role_arn, CheckStatus::kFail,
                       "the cloud has no external id",
                       "Re-run raycloud cloud register without --external-id to get one");
  }
  std::string wrong = kWrongExternalId;
  std::vector<std::string> holes;
  if (EvaluateAssumeRole(evaluator, c.principal, c.role_arn, nullptr).allowed()) {
    holes.push_back("without an external id");
  }
  if (EvaluateAssumeRole(evaluator, c.principal, c.role_arn, &wrong).allowed()) {
    holes.push_back("with another external id");
  }
  if (!holes.empty()) {
    return MakeFinding("iam.control_plane_role.external_id", c.role_arn, CheckStatus::kFail,
                       fmt::format("the trust lets {} assume the role {}: no confused-deputy "
                                   "protection",
                                   c.principal, JoinList(holes)),
                       fix);
  }
  return MakeFinding("iam.control_plane_role.external_id", c.role_arn, CheckStatus::kPass,
                     "AssumeRole requires sts:ExternalId equal to the cloud's external id");
}

}  // namespace

Findings CheckControlPlaneRole(const CloudSnapshot& s) {
  const std::string& role_arn = s.target.control_plane_role_arn;
  const RoleSnapshot& role = s.control_plane_role;
  Findings out{
      RoleExists("iam.control_plane_role.exists", role_arn, role, "--control-plane-role-arn")};
  auto skip_rest = [&](const std::string& why) {
    for (const char* id : {"iam.control_plane_role.trust", "iam.control_plane_role.external_id"}) {
      out.push_back(MakeFinding(id, role_arn, CheckStatus::kSkip, why));
    }
    return out;
  };
  if (!RoleFound(role)) {
    return skip_rest(MissingMessage("role", role_arn, "iam.control_plane_role.exists"));
  }
  Context context{s, role_arn, ControlPlanePrincipal(s), PolicyParamsOf(s)};
  if (context.principal.empty()) return skip_rest("the control-plane principal is not known");
  auto trust = CompileTrust(role);
  if (!trust) {
    out.push_back(MakeFinding(
        "iam.control_plane_role.trust", role_arn, CheckStatus::kFail, trust.error().message,
        UpdateTrustCommand(RoleNameOf(role_arn), cloud::ControlPlaneTrustPolicy(context.params))));
    out.push_back(MakeFinding("iam.control_plane_role.external_id", role_arn, CheckStatus::kSkip,
                              "the trust policy could not be evaluated"));
    return out;
  }
  auto evaluator =
      iam::Evaluator::Create({.identity = {CallerMayAssumeAnyRole()}, .resource = *trust});
  if (!evaluator) return skip_rest(evaluator.error().message);
  out.push_back(Trust(context, *evaluator));
  out.push_back(ExternalId(context, *evaluator));
  return out;
}

}  // namespace raycloud::verify
