#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "iam/evaluator.h"
#include "iam/policy.h"

namespace raycloud::iam {

// The questions `cloud verify` asks about the roles and bucket it checks, answered
// directly. Messages are built from the decisions and their decisive statements.

/// The policies of one role as IAM returns them.
struct RolePolicies {
  std::string role_arn;             // arn:aws:iam::ACCOUNT:role/NAME
  std::vector<PolicyPtr> identity;  // inline and attached managed policies
  PolicyPtr boundary;               // may be null
};

/// An action the role must be able to perform on a resource.
struct RequiredAction {
  std::string action;
  std::string resource;
};

/// A required action the policies do not allow, with the decision that says why.
struct MissingAction {
  RequiredAction required;
  Decision decision;
  std::string explanation;
};

/// Which required actions are not allowed for a session of the role: identity policies,
/// boundary and, when given, the resource's policy (the bucket policy) are evaluated
/// together, with `context` as the request context (aws:SecureTransport, ...).
Result<std::vector<MissingAction>> MissingActions(const RolePolicies& role,
                                                  const PolicyPtr& resource_policy,
                                                  const std::vector<RequiredAction>& required,
                                                  const RequestContext& context = {});

/// Whether a trust policy lets a principal assume the role.
struct AssumeAnswer {
  bool allowed = false;
  /// The trust policy names the caller's account (or the caller is in another account), so
  /// the caller also needs sts:AssumeRole in its own identity policies.
  bool needs_identity_permission = false;
  std::vector<const Statement*> decisive;  // the Deny that blocks, or the Allows that admit
  std::string explanation;
};

/// Can `principal` assume the role whose trust policy is `trust`, presenting `external_id`
/// (nullopt: no ExternalId)? Answered from the trust policy alone.
AssumeAnswer CanAssume(const Policy& trust, std::string_view role_arn, std::string_view principal,
                       const std::optional<std::string>& external_id);

/// A principal a trust policy lets assume the role.
struct TrustedPrincipal {
  std::string principal;  // as written: "*", an ARN, an account, a service
  const Statement* statement = nullptr;
  bool has_conditions = false;
  bool requires_external_id = false;  // a condition on sts:ExternalId
};

/// Every principal, other than those in `expected`, that an Allow statement of the trust
/// policy admits for sts:AssumeRole (NotPrincipal admits everyone but the listed: "*").
std::vector<TrustedPrincipal> OtherTrustedPrincipals(const Policy& trust,
                                                     const std::vector<std::string>& expected);

/// An Allow statement granting far more than a role should have.
struct BroadGrant {
  const Statement* statement = nullptr;
  bool has_conditions = false;
};

/// Statements of the role's identity policies that allow every action on every resource
/// (`*` on `*`, NotAction forms included), unless the boundary rules it out.
std::vector<BroadGrant> AdminGrants(const RolePolicies& role);

/// Statements that allow iam:PassRole on any role of any account.
std::vector<BroadGrant> PassRoleOnAnyRole(const RolePolicies& role);

}  // namespace raycloud::iam
