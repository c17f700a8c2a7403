#pragma once

#include <string>
#include <vector>

namespace raycloud::verify {

/// What a cloud is expected to be: the ids it was set up or registered with and the options
/// that decide what "correct" means (mode, ingress sources, console origins, KMS key).
/// Empty strings mean "not configured" (no EFS, no MemoryDB, no KMS key).
struct VerifyTarget {
  std::string cloud_name;
  std::string cloud_id;
  std::string org_id;
  std::string region;
  /// The account the cloud lives in; empty: the account of the caller's credentials.
  std::string account_id;
  bool private_network = false;

  std::string vpc_id;
  std::vector<std::string> subnet_ids;
  /// Public subnets holding NAT gateways, when known (setup records them); the checks also
  /// find them from the cluster subnets' routes.
  std::vector<std::string> nat_subnet_ids;
  std::vector<std::string> security_group_ids;
  std::vector<std::string> ingress_cidrs = {"0.0.0.0/0"};

  std::string bucket;
  std::string kms_key_id;
  std::vector<std::string> console_origins;
  /// Days after which logs under `<org_id>/<cloud_id>/logs/` expire (lifecycle fix).
  int log_retention_days = 90;

  std::string control_plane_role_arn;
  std::string instance_role_arn;
  std::string external_id;
  /// Who may assume the control-plane role (setup's --control-plane-principal); empty: the
  /// account root of the cloud's account.
  std::string control_plane_principal;

  std::string efs_id;
  std::string memorydb_cluster_name;

  /// Before setup only: also check the VPC and internet-gateway quotas (quotas.vpc).
  bool check_vpc_quota = false;
};

}  // namespace raycloud::verify
