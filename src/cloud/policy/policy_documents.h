#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "cloud/policy/required_actions.h"

namespace raycloud::cloud {

/// What the policy documents of one cloud are built from.
struct PolicyParams {
  std::string partition = "aws";
  std::string account_id;
  std::string region;
  std::string cloud_id;
  std::string bucket_name;
  std::string control_plane_role_arn;
  std::string instance_role_arn;
  /// Defaults to the last path segment of instance_role_arn (same name as the role).
  std::string instance_profile_name;
  std::string external_id;
  /// An account id or principal ARN allowed to assume the control-plane role.
  std::string control_plane_principal;
  std::string kms_key_id;  // empty: SSE-S3
  bool enable_ecr_access = false;
};

/// AWS's limits: a role's inline policies together (whitespace not counted), and a bucket
/// policy.
inline constexpr size_t kMaxRoleInlinePolicyChars = 10240;
inline constexpr size_t kMaxBucketPolicyBytes = 20 * 1024;

/// Replaces ${Partition}, ${Account}, ${Region}, ${CloudId}, ${InstanceRoleArn} and
/// ${InstanceProfileName}; unknown placeholders are left as they are.
std::string ExpandPlaceholders(std::string_view pattern, const PolicyParams& params);

/// The table's rows with their placeholders expanded.
std::vector<RequiredAction> ExpandedRequiredActions(const PolicyParams& params);

/// A concrete ARN matching `resource_pattern` (each '*' replaced by an example id), for
/// evaluating a row as one request.
std::string ExampleResource(std::string_view resource_pattern);

/// Trust of the control-plane role: sts:AssumeRole for the principal only with
/// `StringEquals sts:ExternalId`.
nlohmann::json ControlPlaneTrustPolicy(const PolicyParams& params);
/// Permissions of the control-plane role: every row of RequiredActions(), each statement
/// granting exactly its rows' actions on their resources under their context.
nlohmann::json ControlPlanePolicy(const PolicyParams& params);
/// Trust of the cluster-node role: ec2.amazonaws.com.
nlohmann::json InstanceTrustPolicy(const PolicyParams& params);
/// Permissions of the cluster-node role: the bucket's objects (read, write, delete, list,
/// multipart, location), the KMS key through S3 when given, and ECR read-only if asked.
nlohmann::json InstancePolicy(const PolicyParams& params);
/// The bucket policy: both roles get object, list, multipart and location actions; any
/// request without TLS is denied.
nlohmann::json BucketPolicy(const PolicyParams& params);

/// The five documents as `cloud policies` prints them (cli.md keys).
nlohmann::json CloudPoliciesJson(const PolicyParams& params);

/// The size AWS counts for a policy: its JSON with no whitespace outside strings.
size_t PolicySize(const nlohmann::json& policy);

/// The S3 actions both roles get on the bucket and on its objects.
const std::vector<std::string>& BucketLevelActions();
const std::vector<std::string>& ObjectLevelActions();

}  // namespace raycloud::cloud
