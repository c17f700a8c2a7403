#pragma once

// Bridges from snapshot documents to the IAM policy engine (src/iam): identity checks
// evaluate policies, they never match strings.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cloud/policy/policy_documents.h"
#include "iam/evaluator.h"
#include "iam/policy.h"
#include "verify/snapshot.h"

namespace raycloud::verify {

/// The policies that decide what a role may do, compiled; `problems` lists documents that
/// could not be read or parsed (the evaluation is then incomplete).
struct CompiledRole {
  std::vector<iam::PolicyPtr> identity;
  iam::PolicyPtr boundary;
  std::vector<std::string> problems;
};

CompiledRole CompileRole(const RoleSnapshot& role);

/// Compiles a document (already decoded JSON); errors say which document is at fault.
Result<iam::PolicyPtr> CompileDocument(const nlohmann::json& document, std::string name,
                                       iam::PolicyKind kind);

/// The role's trust policy, compiled; an error when the role or its trust is unreadable.
Result<iam::PolicyPtr> CompileTrust(const RoleSnapshot& role);

/// The bucket policy from GetBucketPolicy, compiled; nullptr when the bucket has none.
Result<iam::PolicyPtr> CompileBucketPolicy(const CloudSnapshot& snapshot);

/// An identity policy allowing sts:AssumeRole on any role: stands for a caller whose own
/// permissions we cannot see, so that a trust evaluation answers for the trust alone.
iam::PolicyPtr CallerMayAssumeAnyRole();

/// Evaluates one request (context derived from the principal as AWS does).
iam::Decision EvaluateRequest(const iam::Evaluator& evaluator, const iam::Request& request);

/// An account id becomes its root ARN; anything else is returned unchanged.
std::string PrincipalArn(const std::string& principal);
/// The account of an IAM/STS ARN (or of an account id), "" when none.
std::string AccountOf(const std::string& arn_or_account);
/// The role name at the end of a role ARN ("arn:aws:iam::1:role/path/name" -> "name").
std::string RoleNameOf(const std::string& role_arn);
/// The partition of an ARN ("aws" when unknown).
std::string PartitionOf(const std::string& arn);
/// The ARN of a session of the role ("arn:aws:sts::A:assumed-role/NAME/SESSION").
std::string SessionArnOf(const std::string& role_arn, const std::string& session);
/// The cloud's account: the target's, else the caller's.
std::string CloudAccount(const CloudSnapshot& snapshot);
/// The principal trusted to assume the control-plane role (the account root by default).
std::string ControlPlanePrincipal(const CloudSnapshot& snapshot);

/// True when `probe` is `principal` or lies within it (a principal of the account whose
/// root `principal` is, a session of the role `principal` is).
bool PrincipalCovers(const std::string& principal, const std::string& probe);

/// The principal as a request makes it: a role acts through one of its sessions.
std::string RequestPrincipal(const std::string& principal);

/// Evaluates sts:AssumeRole of `role_arn` by `principal`, with `external_id` in the
/// context when non-null.
iam::Decision EvaluateAssumeRole(const iam::Evaluator& evaluator, const std::string& principal,
                                 const std::string& role_arn, const std::string* external_id);

/// Who a Decision blames: "statement Sid of policy NAME" for each decisive statement.
std::string DecisiveStatements(const iam::Decision& decision);

}  // namespace raycloud::verify

namespace raycloud::verify {

/// The parameters the cloud's policy documents are generated from (cloud/policy), so that
/// remediations print exactly the documents setup writes.
cloud::PolicyParams PolicyParamsOf(const CloudSnapshot& snapshot);

/// "aws iam update-assume-role-policy ..." with the document setup writes.
std::string UpdateTrustCommand(const std::string& role_name, const nlohmann::json& trust);

}  // namespace raycloud::verify
