#pragma once

#include <string>
#include <string_view>

#include "iam/arn.h"
#include "iam/policy.h"
#include "iam/request.h"

namespace raycloud::iam {

/// How a resource-based policy's Principal names the caller. The evaluation rules differ:
/// a direct grant to a user or session stands alone in the same account, a grant to a role
/// is limited by the boundary and session policy, and naming the account only delegates to
/// the account's identity policies.
enum class PrincipalMatch { kNone, kAccount, kRole, kDirect };

/// True for callers that IAM policies govern: not anonymous callers and not AWS services.
bool IsIamCaller(PrincipalType type);

/// True when the statement's Resource / NotResource covers the request's resource
/// (case-sensitive, policy variables resolved from the context). A statement without a
/// Resource element (trust policies) covers any resource.
bool MatchesResource(const Statement& statement, const Request& request);

/// How the statement's Principal / NotPrincipal matches the caller; statements without a
/// principal element (identity-side policies) match directly. `has_boundary` applies AWS's
/// rule that Deny with NotPrincipal always applies to a principal with a boundary.
PrincipalMatch MatchPrincipal(const Statement& statement, const PrincipalInfo& principal,
                              bool has_boundary);

/// True when every condition of the statement holds.
bool MatchesConditions(const Statement& statement, const RequestContext& context);

/// Why a statement does not apply to the request ("" when it applies): the first element
/// that failed (action, resource, principal, or the condition with its operator and key).
std::string WhyNotApplies(const Statement& statement, const Request& request,
                          std::string_view action_lower, const PrincipalInfo& principal,
                          bool has_boundary);

}  // namespace raycloud::iam
