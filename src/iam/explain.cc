// Turns a Decision into the sentence users read (cli.md "explanation"; verify's messages).
#include <string>

#include "iam/evaluator.h"

namespace raycloud::iam {
namespace {

std::string Ref(const Statement& statement) {
  std::string label = statement.sid.empty() ? "statement " + std::to_string(statement.index)
                                            : "statement \"" + statement.sid + "\"";
  return label + " of " + std::string(PolicyKindName(statement.policy->kind)) + " \"" +
         statement.policy->name + "\"";
}

std::string List(const std::vector<const Statement*>& statements) {
  std::string out;
  for (size_t i = 0; i < statements.size(); ++i) {
    if (i) out += i + 1 == statements.size() ? " and " : ", ";
    out += Ref(*statements[i]);
  }
  return out;
}

std::string Level(int level) {
  return level == 0 ? "the root level" : "level " + std::to_string(level) + " (root is 0)";
}

}  // namespace

std::string Explain(const Decision& decision, const Request& request) {
  std::string what = request.action + " on " + request.resource;
  switch (decision.step) {
    case DecisiveStep::kExplicitDeny:
      return "Explicitly denied: " + List(decision.decisive) + " denies " + what +
             "; an explicit Deny overrides every Allow.";
    case DecisiveStep::kScp:
      return "Implicitly denied: no service control policy at " + Level(decision.level) +
             " allows " + what + ".";
    case DecisiveStep::kResourcePolicy:
      return "Allowed by " + List(decision.decisive) + ".";
    case DecisiveStep::kIdentity:
      return "Allowed by " + List(decision.decisive) + ".";
    case DecisiveStep::kRootUser:
      return "Allowed: the account root user has full access in its own account" +
             std::string(decision.decisive.empty() ? ""
                                                   : " (within " + List(decision.decisive) + ")") +
             ".";
    case DecisiveStep::kNoAllow:
      return "Implicitly denied: no statement allows " + what + " for " +
             (request.principal.empty() ? std::string("an anonymous caller") : request.principal) +
             ".";
    case DecisiveStep::kCrossAccountResource:
      return "Implicitly denied: the request crosses accounts and no resource-based policy "
             "statement allows " +
             what + " for " + request.principal + ".";
    case DecisiveStep::kCrossAccountIdentity:
      return "Implicitly denied: the request crosses accounts, so the caller's identity "
             "policies must also allow " +
             what + ", and none does.";
    case DecisiveStep::kResourcePolicyRequired:
      return "Implicitly denied: " + request.action +
             " needs the resource's own policy (trust or key policy) to allow the caller, "
             "and it does not.";
    case DecisiveStep::kBoundary:
      return "Implicitly denied: the permissions boundary does not allow " + what +
             " (a boundary caps what identity policies grant).";
    case DecisiveStep::kSession:
      return "Implicitly denied: the session policy does not allow " + what + ".";
  }
  return std::string(DecisionName(decision.kind));
}

}  // namespace raycloud::iam
