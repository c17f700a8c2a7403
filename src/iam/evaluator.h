#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "iam/policy.h"
#include "iam/request.h"

namespace raycloud::iam {

/// Every policy that can bear on a request. Control policies come in levels, root first. At
/// each SCP level at least one policy must allow; RCP levels always allow, because AWS's
/// RCPFullAWSAccess is attached everywhere and cannot be detached, so only their Denies count.
struct PolicySet {
  std::vector<PolicyPtr> identity;
  PolicyPtr boundary;  // may be null
  PolicyPtr resource;  // a resource-based or trust policy; may be null
  PolicyPtr session;   // may be null
  std::vector<std::vector<PolicyPtr>> scps;
  std::vector<std::vector<PolicyPtr>> rcps;
};

enum class DecisionKind { kAllowed, kImplicitDeny, kExplicitDeny };

/// "allowed", "implicit_deny", "explicit_deny" (cli.md).
std::string_view DecisionName(DecisionKind kind);

/// The step of AWS's evaluation logic that decided.
enum class DecisiveStep {
  kExplicitDeny,            // a Deny statement applied
  kScp,                     // a service control policy level has no applicable Allow
  kResourcePolicy,          // allowed by the resource-based policy alone (same account)
  kIdentity,                // allowed by identity policies (and the guards that apply)
  kRootUser,                // the account root user in its own account
  kNoAllow,                 // nothing allows the request
  kCrossAccountResource,    // cross-account: the resource-based policy does not allow
  kCrossAccountIdentity,    // cross-account: the caller's identity policies do not allow
  kResourcePolicyRequired,  // this action needs the resource policy to allow (trust, key)
  kBoundary,                // the permissions boundary does not allow
  kSession,                 // the session policy does not allow
};

/// Why one statement did or did not apply (only filled on request).
struct StatementTrace {
  const Statement* statement = nullptr;
  bool applies = false;
  std::string why;  // empty when it applies
};

/// The answer to one request. Statement pointers stay valid while the Evaluator lives.
struct Decision {
  DecisionKind kind = DecisionKind::kImplicitDeny;
  DecisiveStep step = DecisiveStep::kNoAllow;
  int level = -1;  // the SCP level (0 = root) for kScp
  bool same_account = true;
  /// The statements that decided: every applicable Deny for an explicit deny; for an allow,
  /// the granting statement (the first applicable identity Allow, or all of them with
  /// EvaluateOptions::all_grants; the resource policy's applicable Allows) and one Allow of
  /// each guard (SCP levels, boundary, session policy); empty for an implicit deny (no
  /// statement decided: one was missing).
  std::vector<const Statement*> decisive;
  std::vector<StatementTrace> trace;

  bool allowed() const { return kind == DecisionKind::kAllowed; }
};

struct EvaluateOptions {
  bool trace = false;       // say for every statement why it did or did not apply
  bool all_grants = false;  // name every granting identity statement, not just the first
};

/// AWS's policy evaluation logic over a compiled PolicySet. Immutable after Create and safe
/// to share between threads; it memoises, per action, which statements name the action, so
/// repeated actions cost only resource, principal and condition checks.
class Evaluator {
 public:
  /// Checks that each policy is of the kind its slot expects.
  static Result<Evaluator> Create(PolicySet policies);

  /// Evaluates one request. The request's context is used as given (see
  /// WithDerivedContext for the keys AWS fills in from the principal).
  Decision Evaluate(const Request& request, const EvaluateOptions& options = {}) const;

  const PolicySet& policies() const;

 private:
  struct Impl;
  explicit Evaluator(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const Impl> impl_;
};

/// One or two sentences for a user: the decision, the step that decided and the decisive
/// statements by policy name and Sid or index.
std::string Explain(const Decision& decision, const Request& request);

}  // namespace raycloud::iam
