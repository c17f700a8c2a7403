#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "iam/condition.h"
#include "iam/glob.h"
#include "iam/policy_variables.h"

namespace raycloud::iam {

/// Where a policy is attached; decides which elements it must and must not have and how
/// it takes part in evaluation.
enum class PolicyKind {
  kIdentity,  // attached to a user or role
  kResource,  // attached to a resource (bucket policy, key policy, queue policy, ...)
  kTrust,     // a role's trust policy (a resource policy without Resource)
  kBoundary,  // permissions boundary
  kScp,       // service control policy
  kRcp,       // resource control policy
  kSession,   // session policy passed when assuming a role
};

/// "identity policy", "permissions boundary", ... for explanations.
std::string_view PolicyKindName(PolicyKind kind);

enum class Effect { kAllow, kDeny };

/// One entry of a Principal / NotPrincipal element, normalised at parse time.
struct PrincipalEntry {
  enum class Kind {
    kEveryone,       // "*" or {"AWS": "*"}
    kAccount,        // an account id or arn:...:iam::ACCOUNT:root
    kRole,           // arn:...:iam::ACCOUNT:role/[path/]NAME: matches the role and its sessions
    kArn,            // another IAM/STS ARN (user, assumed-role session, ...): exact match
    kService,        // "Service": "ec2.amazonaws.com"
    kFederated,      // "Federated": provider
    kCanonicalUser,  // "CanonicalUser": id
  };
  Kind kind = Kind::kEveryone;
  std::string text;     // as written
  std::string account;  // kAccount, kRole, kArn
  std::string name;     // kRole: role name without path
};

struct PrincipalElement {
  bool present = false;
  bool negated = false;  // NotPrincipal
  std::vector<PrincipalEntry> entries;
};

/// An Action / NotAction entry, lower-cased (actions compare case-insensitively).
struct ActionPattern {
  std::string text;  // lower-cased
  Glob glob;
};

/// A Resource / NotResource entry; may hold policy variables.
struct ResourcePattern {
  VariableText text;
  ArnGlob glob;  // when text has no variables
};

struct Policy;

/// One statement, compiled: patterns pre-split, actions lower-cased, conditions parsed.
struct Statement {
  const Policy* policy = nullptr;
  size_t index = 0;  // 1-based position in the policy
  std::string sid;
  Effect effect = Effect::kAllow;
  PrincipalElement principal;
  bool not_action = false;
  std::vector<ActionPattern> actions;
  bool has_resource = false;
  bool not_resource = false;
  bool resource_has_variables = false;  // the resource match depends on the context
  std::vector<ResourcePattern> resources;
  std::vector<Condition> conditions;

  /// The Sid, or the 1-based index when the statement has none.
  std::string Label() const { return sid.empty() ? std::to_string(index) : sid; }
  /// True when the Action / NotAction element covers `action_lower`.
  bool MatchesAction(std::string_view action_lower) const;
};

/// A parsed policy document. Statements point back to it, so a policy never moves once
/// built: it is shared through PolicyPtr.
struct Policy {
  std::string name;  // file name or a caller's label; named in explanations
  PolicyKind kind = PolicyKind::kIdentity;
  std::string version;  // "2012-10-17", "2008-10-17" or empty
  std::vector<Statement> statements;
};

using PolicyPtr = std::shared_ptr<const Policy>;

}  // namespace raycloud::iam
