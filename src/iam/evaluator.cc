#include "iam/evaluator.h"

#include <mutex>
#include <shared_mutex>
#include <unordered_map>

#include "iam/arn.h"
#include "iam/statement_match.h"

namespace raycloud::iam {
namespace {

// Fixed group slots; SCP levels follow, then RCP levels.
constexpr size_t kIdentityGroup = 0;
constexpr size_t kBoundaryGroup = 1;
constexpr size_t kSessionGroup = 2;
constexpr size_t kResourceGroup = 3;
constexpr size_t kFirstLevelGroup = 4;

// Bounds the memo so that a stream of distinct requests cannot grow it forever; past it,
// plans are computed per request.
constexpr size_t kMaxCachedPlans = 16384;

void LowerInto(std::string_view text, std::string& out) {
  out.resize(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    out[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
}

// Actions whose authorization always needs the resource-based policy to allow, even in the
// same account: assuming a role needs its trust policy, and a KMS key needs its key policy
// (AWS: "KMS key policies" and "IAM roles: trust policy").
bool NeedsResourcePolicy(std::string_view action_lower) {
  return action_lower.starts_with("sts:assumerole") || action_lower.starts_with("kms:");
}

}  // namespace

struct Evaluator::Impl {
  struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
  };

  // Per action and resource: for each group, the statements whose Action / NotAction covers
  // the action and whose Resource / NotResource covers the resource (or depends on policy
  // variables, and so is checked per request). Only principal and conditions are left.
  struct ActionPlan {
    std::vector<std::vector<const Statement*>> groups;
  };

  PolicySet policies;
  std::vector<std::vector<const Statement*>> groups;
  size_t scp_levels = 0;
  size_t rcp_levels = 0;
  mutable std::shared_mutex mutex;
  mutable std::unordered_map<std::string, std::unique_ptr<ActionPlan>, StringHash, std::equal_to<>>
      plans;

  size_t ScpGroup(size_t level) const { return kFirstLevelGroup + level; }
  size_t RcpGroup(size_t level) const { return kFirstLevelGroup + scp_levels + level; }

  void BuildPlan(std::string_view action_lower, const Request& request, ActionPlan& plan) const {
    plan.groups.resize(groups.size());
    for (size_t g = 0; g < groups.size(); ++g) {
      for (const Statement* statement : groups[g]) {
        if (!statement->MatchesAction(action_lower)) continue;
        if (!statement->resource_has_variables && !MatchesResource(*statement, request)) continue;
        plan.groups[g].push_back(statement);
      }
    }
  }

  // `key` is the lower-cased action, a NUL byte, and the resource.
  const ActionPlan& Plan(std::string_view key, std::string_view action_lower,
                         const Request& request, ActionPlan& scratch) const {
    {
      std::shared_lock lock(mutex);
      auto it = plans.find(key);
      if (it != plans.end()) return *it->second;
    }
    auto plan = std::make_unique<ActionPlan>();
    BuildPlan(action_lower, request, *plan);
    std::unique_lock lock(mutex);
    if (plans.size() >= kMaxCachedPlans) {
      scratch = std::move(*plan);
      return scratch;
    }
    auto [it, inserted] = plans.emplace(std::string(key), std::move(plan));
    return *it->second;
  }
};

std::string_view DecisionName(DecisionKind kind) {
  switch (kind) {
    case DecisionKind::kAllowed:
      return "allowed";
    case DecisionKind::kImplicitDeny:
      return "implicit_deny";
    case DecisionKind::kExplicitDeny:
      return "explicit_deny";
  }
  return "implicit_deny";
}

Result<Evaluator> Evaluator::Create(PolicySet policies) {
  auto impl = std::make_shared<Impl>();
  auto expect = [](const PolicyPtr& policy, std::initializer_list<PolicyKind> kinds,
                   std::string_view slot) -> Status {
    if (!policy) return Fail(Error::Invalid(std::string(slot) + ": a policy is missing"));
    for (PolicyKind kind : kinds) {
      if (policy->kind == kind) return {};
    }
    return Fail(Error::Invalid("policy \"" + policy->name + "\" is a " +
                               std::string(PolicyKindName(policy->kind)) + ", not usable as " +
                               std::string(slot)));
  };
  for (const auto& policy : policies.identity) {
    if (auto s = expect(policy, {PolicyKind::kIdentity}, "an identity policy"); !s) {
      return Fail(s.error());
    }
  }
  if (policies.boundary) {
    if (auto s = expect(policies.boundary, {PolicyKind::kBoundary, PolicyKind::kIdentity},
                        "a permissions boundary");
        !s) {
      return Fail(s.error());
    }
  }
  if (policies.session) {
    if (auto s = expect(policies.session, {PolicyKind::kSession, PolicyKind::kIdentity},
                        "a session policy");
        !s) {
      return Fail(s.error());
    }
  }
  if (policies.resource) {
    if (auto s = expect(policies.resource, {PolicyKind::kResource, PolicyKind::kTrust},
                        "a resource-based policy");
        !s) {
      return Fail(s.error());
    }
  }
  for (const auto& level : policies.scps) {
    for (const auto& policy : level) {
      if (auto s = expect(policy, {PolicyKind::kScp}, "a service control policy"); !s) {
        return Fail(s.error());
      }
    }
  }
  for (const auto& level : policies.rcps) {
    for (const auto& policy : level) {
      if (auto s = expect(policy, {PolicyKind::kRcp}, "a resource control policy"); !s) {
        return Fail(s.error());
      }
    }
  }

  impl->policies = std::move(policies);
  const PolicySet& set = impl->policies;
  impl->scp_levels = set.scps.size();
  impl->rcp_levels = set.rcps.size();
  impl->groups.resize(kFirstLevelGroup + impl->scp_levels + impl->rcp_levels);
  auto add = [&](size_t group, const PolicyPtr& policy) {
    if (!policy) return;
    for (const auto& statement : policy->statements) impl->groups[group].push_back(&statement);
  };
  for (const auto& policy : set.identity) add(kIdentityGroup, policy);
  add(kBoundaryGroup, set.boundary);
  add(kSessionGroup, set.session);
  add(kResourceGroup, set.resource);
  for (size_t level = 0; level < set.scps.size(); ++level) {
    for (const auto& policy : set.scps[level]) add(impl->ScpGroup(level), policy);
  }
  for (size_t level = 0; level < set.rcps.size(); ++level) {
    for (const auto& policy : set.rcps[level]) add(impl->RcpGroup(level), policy);
  }
  return Evaluator(std::move(impl));
}

const PolicySet& Evaluator::policies() const { return impl_->policies; }

Decision Evaluator::Evaluate(const Request& request, const EvaluateOptions& options) const {
  const Impl& impl = *impl_;
  thread_local std::string key;
  LowerInto(request.action, key);
  const size_t action_size = key.size();
  key.push_back('\0');
  key.append(request.resource);
  const std::string_view action_lower = std::string_view(key).substr(0, action_size);
  Impl::ActionPlan scratch;
  const Impl::ActionPlan& plan = impl.Plan(key, action_lower, request, scratch);

  const PrincipalInfo principal = ClassifyPrincipal(request.principal);
  const bool has_boundary = impl.policies.boundary != nullptr;
  std::string_view resource_account = request.resource_account;
  if (resource_account.empty()) {
    auto arn = SplitArn(request.resource);
    resource_account = arn && !arn->account.empty() ? arn->account : principal.account;
  }

  Decision decision;
  decision.same_account = !principal.account.empty() && principal.account == resource_account;

  if (options.trace) {
    for (const auto& group : impl.groups) {
      for (const Statement* statement : group) {
        std::string why = WhyNotApplies(*statement, request, action_lower, principal, has_boundary);
        decision.trace.push_back(StatementTrace{statement, why.empty(), std::move(why)});
      }
    }
  }

  // Principal and conditions (and a resource with policy variables) of a statement of the
  // plan: its action and static resource already matched.
  auto resource_ok = [&](const Statement& statement) {
    return !statement.resource_has_variables || MatchesResource(statement, request);
  };
  auto applies = [&](const Statement& statement) {
    return resource_ok(statement) &&
           MatchPrincipal(statement, principal, has_boundary) != PrincipalMatch::kNone &&
           MatchesConditions(statement, request.context);
  };

  // 1. An applicable Deny in any policy decides.
  for (const auto& group : plan.groups) {
    for (const Statement* statement : group) {
      if (statement->effect == Effect::kDeny && applies(*statement)) {
        decision.decisive.push_back(statement);
      }
    }
  }
  if (!decision.decisive.empty()) {
    decision.kind = DecisionKind::kExplicitDeny;
    decision.step = DecisiveStep::kExplicitDeny;
    return decision;
  }

  auto first_allow = [&](size_t group) -> const Statement* {
    for (const Statement* statement : plan.groups[group]) {
      if (statement->effect == Effect::kAllow && applies(*statement)) return statement;
    }
    return nullptr;
  };
  std::vector<const Statement*> guards;
  auto implicit = [&](DecisiveStep step, int level = -1) {
    decision.kind = DecisionKind::kImplicitDeny;
    decision.step = step;
    decision.level = level;
    decision.decisive.clear();
    return decision;
  };

  // 2. Resource control policies only ever deny: AWS attaches RCPFullAWSAccess (Allow * on
  // *) to the root, every OU and every account, and it cannot be detached, so every level
  // always has an applicable Allow (AWS: "How AWS enforcement code logic evaluates
  // requests", the RCP step). Their Denies were applied in step 1.
  // 3. Service control policies govern the organisation's principals, not anonymous callers
  // or AWS services.
  if (IsIamCaller(principal.type)) {
    for (size_t level = 0; level < impl.scp_levels; ++level) {
      const Statement* allow = first_allow(impl.ScpGroup(level));
      if (!allow) return implicit(DecisiveStep::kScp, static_cast<int>(level));
      guards.push_back(allow);
    }
  }

  // 4. The resource-based policy, by how it names the caller.
  std::vector<const Statement*> direct, role_level, account_level;
  if (impl.policies.resource) {
    for (const Statement* statement : plan.groups[kResourceGroup]) {
      if (statement->effect != Effect::kAllow || !resource_ok(*statement) ||
          !MatchesConditions(*statement, request.context)) {
        continue;
      }
      switch (MatchPrincipal(*statement, principal, has_boundary)) {
        case PrincipalMatch::kDirect:
          direct.push_back(statement);
          break;
        case PrincipalMatch::kRole:
          role_level.push_back(statement);
          break;
        case PrincipalMatch::kAccount:
          account_level.push_back(statement);
          break;
        case PrincipalMatch::kNone:
          break;
      }
    }
  }
  auto allow = [&](DecisiveStep step) {
    decision.kind = DecisionKind::kAllowed;
    decision.step = step;
    decision.decisive.insert(decision.decisive.end(), guards.begin(), guards.end());
    return decision;
  };

  // Anonymous callers and services have no identity policies: the resource policy decides.
  if (!IsIamCaller(principal.type)) {
    if (direct.empty()) return implicit(DecisiveStep::kNoAllow);
    decision.decisive = direct;
    return allow(DecisiveStep::kResourcePolicy);
  }
  const bool needs_resource_policy =
      impl.policies.resource != nullptr && NeedsResourcePolicy(action_lower);
  if (principal.type == PrincipalType::kAccountRoot && decision.same_account &&
      !needs_resource_policy) {
    return allow(DecisiveStep::kRootUser);
  }

  // Same account: a grant naming the user or the session itself stands alone, not limited
  // by identity policies, the boundary or the session policy (AWS: "Policy evaluation for
  // requests within a single account"). A grant naming the role counts like an identity
  // grant: the boundary and session policy still limit it.
  if (decision.same_account && !direct.empty()) {
    decision.decisive = direct;
    return allow(DecisiveStep::kResourcePolicy);
  }

  // One applicable Allow decides, so the scan stops there unless every grant is wanted.
  std::vector<const Statement*> grants;
  for (const Statement* statement : plan.groups[kIdentityGroup]) {
    if (statement->effect == Effect::kAllow && applies(*statement)) {
      grants.push_back(statement);
      if (!options.all_grants) break;
    }
  }
  if (!decision.same_account || needs_resource_policy) {
    // Cross-account (or a trust / key policy): the resource side must allow, directly or by
    // naming the caller's account, and the caller's identity policies must allow as well.
    std::vector<const Statement*> resource_side = direct;
    resource_side.insert(resource_side.end(), role_level.begin(), role_level.end());
    resource_side.insert(resource_side.end(), account_level.begin(), account_level.end());
    if (resource_side.empty()) {
      return implicit(needs_resource_policy && decision.same_account
                          ? DecisiveStep::kResourcePolicyRequired
                          : DecisiveStep::kCrossAccountResource);
    }
    if (principal.type == PrincipalType::kAccountRoot) {
      decision.decisive = resource_side;
      return allow(DecisiveStep::kResourcePolicy);
    }
    if (grants.empty() && !(decision.same_account && !role_level.empty())) {
      return implicit(decision.same_account ? DecisiveStep::kNoAllow
                                            : DecisiveStep::kCrossAccountIdentity);
    }
    grants.insert(grants.end(), resource_side.begin(), resource_side.end());
  } else {
    grants.insert(grants.end(), role_level.begin(), role_level.end());
    if (grants.empty()) return implicit(DecisiveStep::kNoAllow);
  }

  // 5. The permissions boundary and the session policy limit what was granted.
  if (impl.policies.boundary) {
    const Statement* boundary_allow = first_allow(kBoundaryGroup);
    if (!boundary_allow) return implicit(DecisiveStep::kBoundary);
    guards.push_back(boundary_allow);
  }
  if (impl.policies.session) {
    const Statement* session_allow = first_allow(kSessionGroup);
    if (!session_allow) return implicit(DecisiveStep::kSession);
    guards.push_back(session_allow);
  }
  decision.decisive = std::move(grants);
  return allow(DecisiveStep::kIdentity);
}

}  // namespace raycloud::iam
