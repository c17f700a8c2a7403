#include "iam/questions.h"

#include "iam/arn.h"
#include "iam/statement_match.h"

namespace raycloud::iam {
namespace {

// A session name no policy names, for evaluating "a session of the role".
constexpr std::string_view kProbeSession = "raycloud-verify";

std::string SessionArn(std::string_view role_arn) {
  PrincipalInfo info = ClassifyPrincipal(role_arn);
  if (info.type != PrincipalType::kRole) return std::string(role_arn);
  return "arn:" + std::string(info.partition) + ":sts::" + std::string(info.account) +
         ":assumed-role/" + std::string(info.role_name) + "/" + std::string(kProbeSession);
}

// An action and resources no policy is written for: a statement covering them covers
// every action or every role.
constexpr std::string_view kProbeAction = "raycloudprobe:probeaction";
constexpr std::string_view kProbeResource = "arn:aws:raycloudprobe:xx-probe-1:000000000000:probe/x";
constexpr std::string_view kProbeRoles[] = {"arn:aws:iam::000000000000:role/raycloud-probe-a",
                                            "arn:aws:iam::999999999999:role/p/raycloud-probe-b"};

bool CoversResource(const Statement& statement, std::string_view resource) {
  Request request;
  request.resource = std::string(resource);
  // Policy variables resolve to nothing in an empty context, so a templated resource is
  // (correctly) not "every resource".
  return MatchesResource(statement, request);
}

std::vector<BroadGrant> BroadStatements(const RolePolicies& role, std::string_view action,
                                        std::initializer_list<std::string_view> resources) {
  auto broad = [&](const Statement& statement) {
    if (statement.effect != Effect::kAllow || !statement.MatchesAction(action)) return false;
    for (std::string_view resource : resources) {
      if (!CoversResource(statement, resource)) return false;
    }
    return true;
  };
  if (role.boundary) {
    bool boundary_broad = false;
    for (const auto& statement : role.boundary->statements) boundary_broad |= broad(statement);
    if (!boundary_broad) return {};
  }
  std::vector<BroadGrant> out;
  for (const auto& policy : role.identity) {
    for (const auto& statement : policy->statements) {
      if (broad(statement)) out.push_back(BroadGrant{&statement, !statement.conditions.empty()});
    }
  }
  return out;
}

}  // namespace

Result<std::vector<MissingAction>> MissingActions(const RolePolicies& role,
                                                  const PolicyPtr& resource_policy,
                                                  const std::vector<RequiredAction>& required,
                                                  const RequestContext& context) {
  PolicySet set;
  set.identity = role.identity;
  set.boundary = role.boundary;
  set.resource = resource_policy;
  auto evaluator = Evaluator::Create(std::move(set));
  if (!evaluator) return Fail(evaluator.error());
  Request request;
  request.principal = SessionArn(role.role_arn);
  request.context = context;
  request = WithDerivedContext(request);
  std::vector<MissingAction> missing;
  for (const auto& item : required) {
    request.action = item.action;
    request.resource = item.resource;
    Decision decision = evaluator->Evaluate(request);
    if (decision.allowed()) continue;
    std::string explanation = Explain(decision, request);
    missing.push_back(MissingAction{item, std::move(decision), std::move(explanation)});
  }
  return missing;
}

AssumeAnswer CanAssume(const Policy& trust, std::string_view role_arn, std::string_view principal,
                       const std::optional<std::string>& external_id) {
  Request request;
  request.principal = std::string(principal);
  request.action = "sts:AssumeRole";
  request.resource = std::string(role_arn);
  if (external_id) request.context.Set("sts:ExternalId", *external_id);
  request = WithDerivedContext(request);
  PrincipalInfo info = ClassifyPrincipal(request.principal);
  std::string role_account(ClassifyPrincipal(role_arn).account);
  bool cross_account = !info.account.empty() && info.account != role_account;

  AssumeAnswer answer;
  std::vector<const Statement*> allows;
  PrincipalMatch best = PrincipalMatch::kNone;
  for (const auto& statement : trust.statements) {
    if (!statement.MatchesAction("sts:assumerole") || !MatchesResource(statement, request) ||
        !MatchesConditions(statement, request.context)) {
      continue;
    }
    PrincipalMatch match = MatchPrincipal(statement, info, false);
    if (match == PrincipalMatch::kNone) continue;
    if (statement.effect == Effect::kDeny) {
      answer.decisive.push_back(&statement);
    } else {
      allows.push_back(&statement);
      if (match > best) best = match;
    }
  }
  std::string who = "\"" + request.principal + "\"";
  if (!answer.decisive.empty()) {
    answer.explanation = "The trust policy denies " + who + " sts:AssumeRole (statement " +
                         answer.decisive.front()->Label() + ").";
    return answer;
  }
  if (allows.empty()) {
    answer.explanation =
        "No statement of the trust policy lets " + who + " assume the role" +
        std::string(external_id ? " with this ExternalId." : " without an ExternalId.");
    return answer;
  }
  answer.allowed = true;
  answer.decisive = std::move(allows);
  // A grant naming the caller directly suffices in the same account; naming the account, or
  // any cross-account grant, also needs the caller's own sts:AssumeRole permission.
  answer.needs_identity_permission =
      cross_account || (info.type != PrincipalType::kService && best != PrincipalMatch::kDirect);
  answer.explanation = "The trust policy lets " + who + " assume the role (statement " +
                       answer.decisive.front()->Label() + ")" +
                       (answer.needs_identity_permission
                            ? "; the caller also needs sts:AssumeRole in its own policies."
                            : ".");
  return answer;
}

std::vector<TrustedPrincipal> OtherTrustedPrincipals(const Policy& trust,
                                                     const std::vector<std::string>& expected) {
  std::vector<TrustedPrincipal> out;
  auto is_expected = [&](const std::string& text) {
    for (const auto& item : expected) {
      if (item == text) return true;
    }
    return false;
  };
  for (const auto& statement : trust.statements) {
    if (statement.effect != Effect::kAllow) continue;
    bool assume = statement.MatchesAction("sts:assumerole") ||
                  statement.MatchesAction("sts:assumerolewithwebidentity") ||
                  statement.MatchesAction("sts:assumerolewithsaml");
    if (!assume) continue;
    bool requires_external_id = false;
    for (const auto& condition : statement.conditions) {
      requires_external_id |=
          condition.key_lower == "sts:externalid" && !condition.negated && !condition.if_exists;
    }
    auto add = [&](const std::string& principal) {
      if (is_expected(principal)) return;
      out.push_back(TrustedPrincipal{principal, &statement, !statement.conditions.empty(),
                                     requires_external_id});
    };
    if (statement.principal.negated) {
      add("*");
      continue;
    }
    for (const auto& entry : statement.principal.entries) add(entry.text);
  }
  return out;
}

std::vector<BroadGrant> AdminGrants(const RolePolicies& role) {
  return BroadStatements(role, kProbeAction, {kProbeResource, kProbeRoles[0]});
}

std::vector<BroadGrant> PassRoleOnAnyRole(const RolePolicies& role) {
  return BroadStatements(role, "iam:passrole", {kProbeRoles[0], kProbeRoles[1]});
}

}  // namespace raycloud::iam
