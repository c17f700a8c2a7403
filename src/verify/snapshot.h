#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/error.h"
#include "verify/target.h"

namespace raycloud::verify {

/// The outcome of one describe call: its output (keyed by botocore member names, exactly
/// what AwsClient::Call returns) or the AWS error it answered. A call that was not made
/// (the resource is not configured) is neither.
struct CallResult {
  enum class State { kNotCalled, kOk, kError };
  State state = State::kNotCalled;
  nlohmann::json output;
  std::string error_code;  // AWS code ("NoSuchBucket"), or "" for a non-AWS failure
  std::string error_message;

  static CallResult Ok(nlohmann::json output);
  static CallResult Failed(std::string code, std::string message);
  /// Turns an AwsClient answer into a CallResult.
  static CallResult From(const Result<nlohmann::json>& answer);

  bool ok() const { return state == State::kOk; }
  bool failed() const { return state == State::kError; }
  bool called() const { return state != State::kNotCalled; }
  /// "CODE: message" of a failed call, for findings that cannot be evaluated.
  std::string Describe() const;
};

/// One policy document that bears on a role, decoded to JSON.
struct PolicyDocument {
  enum class Kind { kInline, kManaged, kBoundary };
  std::string name;  // inline: the policy name; managed and boundary: the policy ARN
  Kind kind = Kind::kInline;
  nlohmann::json document;  // null when it could not be read
  std::string error;        // why it could not be read
};

/// An IAM role with everything that decides what it may do and who may assume it.
struct RoleSnapshot {
  std::string name;              // from the ARN in the target
  CallResult role;               // iam:GetRole
  CallResult inline_policies;    // iam:ListRolePolicies
  CallResult attached_policies;  // iam:ListAttachedRolePolicies
  std::vector<PolicyDocument> policies;
  CallResult instance_profile;  // iam:GetInstanceProfile of the same name (instance role)

  /// The trust policy as JSON (AWS answers it URL-encoded); null when the role is missing.
  nlohmann::json TrustPolicy() const;
};

/// Everything the checks need, gathered once: the AWS describe outputs and the cloud's
/// expected configuration. Checks are pure functions of this.
struct CloudSnapshot {
  VerifyTarget target;
  CallResult caller;                // sts:GetCallerIdentity with the operator's credentials
  CallResult control_plane_caller;  // the same with the control plane's credentials
  CallResult assume_role;           // sts:AssumeRole with the external id (credentials dropped)

  // EC2, filtered by the cloud's VPC or by the cloud's ids.
  CallResult vpcs;
  CallResult dns_support;    // DescribeVpcAttribute enableDnsSupport
  CallResult dns_hostnames;  // DescribeVpcAttribute enableDnsHostnames
  CallResult subnets;        // the cloud's subnets, by id
  CallResult vpc_subnets;    // every subnet of the VPC (NAT subnets)
  CallResult route_tables;   // of the VPC and of any VPC a cloud subnet is in
  CallResult internet_gateways;
  CallResult nat_gateways;
  CallResult vpc_endpoints;
  CallResult security_groups;      // the cloud's groups, by id
  CallResult vpc_security_groups;  // every group of the VPC (EFS, MemoryDB guards)
  CallResult network_acls;

  RoleSnapshot control_plane_role;
  RoleSnapshot instance_role;

  // S3 and KMS.
  CallResult bucket_location;
  CallResult bucket_policy;
  CallResult bucket_cors;
  CallResult bucket_encryption;
  CallResult public_access_block;
  CallResult bucket_lifecycle;
  CallResult kms_key;         // kms:DescribeKey of the bucket's SSE-KMS key
  CallResult kms_key_policy;  // kms:GetKeyPolicy of that key

  // EFS.
  CallResult file_systems;
  CallResult mount_targets;
  CallResult backup_policy;
  std::map<std::string, CallResult> mount_target_security_groups;  // by mount target id

  // MemoryDB.
  CallResult memorydb_clusters;
  CallResult memorydb_subnet_groups;
  CallResult memorydb_parameters;

  // Account.
  std::map<std::string, CallResult> service_quotas;  // "ec2/L-1216C47A" -> GetServiceQuota
  CallResult region_vpcs;                            // quotas.vpc only: every VPC of the region
  CallResult region_internet_gateways;               // quotas.vpc only
  CallResult trails;
  std::map<std::string, CallResult> trail_status;  // by trail ARN
};

/// Decodes a policy document as IAM returns it: a JSON object, a JSON string, or a
/// URL-encoded JSON string. Null when it is none of these.
nlohmann::json DecodePolicyDocument(const nlohmann::json& value);

/// The snapshot as one JSON document (test fixtures, `--debug` dumps, scenario records).
nlohmann::json SnapshotToJson(const CloudSnapshot& snapshot);
/// Reads what SnapshotToJson wrote; keys left out are calls that were not made.
Result<CloudSnapshot> SnapshotFromJson(const nlohmann::json& document);

nlohmann::json TargetToJson(const VerifyTarget& target);
Result<VerifyTarget> TargetFromJson(const nlohmann::json& document);

}  // namespace raycloud::verify
