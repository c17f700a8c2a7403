#include "iam/statement_match.h"

#include <optional>

#include "common/strings.h"

namespace raycloud::iam {
namespace {

// nullopt when a policy variable in the pattern has no value and the rest of the pattern
// does not settle the answer (it could match, depending on the missing value).
std::optional<bool> ResourcePatternMatches(const ResourcePattern& pattern, const Request& request) {
  if (!pattern.text.has_variables()) return pattern.glob.Matches(request.resource);
  auto glob = pattern.text.ResolveArnGlob(request.context);
  if (glob) return glob->Matches(request.resource);
  if (!pattern.text.AnyValueArnGlob().Matches(request.resource)) return false;
  return std::nullopt;
}

PrincipalMatch EntryMatch(const PrincipalEntry& entry, const PrincipalInfo& principal) {
  using Kind = PrincipalEntry::Kind;
  switch (entry.kind) {
    case Kind::kEveryone:
      return PrincipalMatch::kDirect;
    case Kind::kAccount:
      if (!IsIamCaller(principal.type) || principal.account != entry.account) break;
      return principal.type == PrincipalType::kAccountRoot ? PrincipalMatch::kDirect
                                                           : PrincipalMatch::kAccount;
    case Kind::kRole:
      if ((principal.type == PrincipalType::kRole ||
           principal.type == PrincipalType::kAssumedRole) &&
          principal.account == entry.account && principal.role_name == entry.name) {
        return PrincipalMatch::kRole;
      }
      break;
    case Kind::kArn:
      if (IsIamCaller(principal.type) && principal.arn == entry.text)
        return PrincipalMatch::kDirect;
      break;
    case Kind::kService:
      if (principal.type == PrincipalType::kService && principal.arn == entry.text) {
        return PrincipalMatch::kDirect;
      }
      break;
    case Kind::kFederated:
    case Kind::kCanonicalUser:
      if (principal.arn == entry.text) return PrincipalMatch::kDirect;
      break;
  }
  return PrincipalMatch::kNone;
}

// NotPrincipal: AWS checks every identity a request carries (the session, its role, the
// account); the statement applies unless each of them is listed. That is why AWS's examples
// list the session, the role and the account together.
bool ExcludedByNotPrincipal(const PrincipalElement& element, const PrincipalInfo& principal) {
  bool arn_listed = false, role_listed = false, account_listed = false, service_listed = false;
  for (const auto& entry : element.entries) {
    PrincipalMatch match = EntryMatch(entry, principal);
    if (entry.kind == PrincipalEntry::Kind::kEveryone) return true;
    if (match == PrincipalMatch::kNone) continue;
    switch (entry.kind) {
      case PrincipalEntry::Kind::kAccount:
        account_listed = true;
        if (match == PrincipalMatch::kDirect) arn_listed = true;  // the root user itself
        break;
      case PrincipalEntry::Kind::kRole:
        role_listed = true;
        break;
      case PrincipalEntry::Kind::kService:
        service_listed = true;
        break;
      default:
        arn_listed = true;
        break;
    }
  }
  switch (principal.type) {
    case PrincipalType::kAnonymous:
      return false;
    case PrincipalType::kService:
      return service_listed;
    case PrincipalType::kAccountRoot:
      return account_listed;
    case PrincipalType::kRole:
      return role_listed && account_listed;
    case PrincipalType::kAssumedRole:
      return arn_listed && role_listed && account_listed;
    default:
      return arn_listed && account_listed;
  }
}

}  // namespace

bool IsIamCaller(PrincipalType type) {
  return type != PrincipalType::kAnonymous && type != PrincipalType::kService;
}

bool MatchesResource(const Statement& statement, const Request& request) {
  if (!statement.has_resource) return true;
  // A pattern whose policy variable has no value (and that could match, were the value
  // known) covers nothing under Resource and fails NotResource: an unknown value never
  // widens what a statement covers.
  for (const auto& pattern : statement.resources) {
    auto match = ResourcePatternMatches(pattern, request);
    if (!match) {
      if (statement.not_resource) return false;
      continue;
    }
    if (*match) return !statement.not_resource;
  }
  return statement.not_resource;
}

PrincipalMatch MatchPrincipal(const Statement& statement, const PrincipalInfo& principal,
                              bool has_boundary) {
  const PrincipalElement& element = statement.principal;
  if (!element.present) return PrincipalMatch::kDirect;
  if (element.negated) {
    // AWS (access_policies_boundaries): a Deny with NotPrincipal in a resource-based policy
    // always denies a principal that has a permissions boundary.
    if (has_boundary && statement.effect == Effect::kDeny && IsIamCaller(principal.type)) {
      return PrincipalMatch::kDirect;
    }
    return ExcludedByNotPrincipal(element, principal) ? PrincipalMatch::kNone
                                                      : PrincipalMatch::kDirect;
  }
  PrincipalMatch best = PrincipalMatch::kNone;
  for (const auto& entry : element.entries) {
    PrincipalMatch match = EntryMatch(entry, principal);
    if (match > best) best = match;
    if (best == PrincipalMatch::kDirect) break;
  }
  return best;
}

bool MatchesConditions(const Statement& statement, const RequestContext& context) {
  for (const auto& condition : statement.conditions) {
    if (!EvaluateCondition(condition, context)) return false;
  }
  return true;
}

std::string WhyNotApplies(const Statement& statement, const Request& request,
                          std::string_view action_lower, const PrincipalInfo& principal,
                          bool has_boundary) {
  if (!statement.MatchesAction(action_lower)) {
    return std::string(statement.not_action ? "NotAction covers " : "Action does not cover ") +
           request.action;
  }
  if (!MatchesResource(statement, request)) {
    return std::string(statement.not_resource ? "NotResource covers "
                                              : "Resource does not cover ") +
           request.resource;
  }
  if (MatchPrincipal(statement, principal, has_boundary) == PrincipalMatch::kNone) {
    return std::string(statement.principal.negated ? "NotPrincipal excludes "
                                                   : "Principal does not name ") +
           (request.principal.empty() ? std::string("an anonymous caller") : request.principal);
  }
  for (const auto& condition : statement.conditions) {
    if (EvaluateCondition(condition, request.context)) continue;
    const ContextEntry* entry = request.context.FindLower(condition.key_lower);
    std::string got = "the request has no " + condition.key;
    if (entry) {
      got = "the request has " + condition.key + "=" +
            (entry->multi ? "[" + strings::Join(entry->values, ", ") + "]"
                          : strings::Join(entry->values, ", "));
    }
    return "condition " + condition.op + " on " + condition.key + " is not met (" + got + ")";
  }
  return "";
}

}  // namespace raycloud::iam
