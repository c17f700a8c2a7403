#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <utility>
#include <vector>

#include "common/error.h"

namespace raycloud::cloud {

/// A user tag (`--tag KEY=VALUE`), kept in the order given.
struct UserTag {
  std::string key;
  std::string value;
  bool operator==(const UserTag&) const = default;
};

/// `--shared-storage`.
inline constexpr const char* kSharedStorageObject = "object-storage";
inline constexpr const char* kSharedStorageNfs = "nfs";
/// `--nat-gateways`.
inline constexpr const char* kNatPerAz = "per-az";
inline constexpr const char* kNatSingle = "single";

/// Every flag of `raycloud cloud setup` (cli.md), with the contract's defaults. Empty
/// strings and lists mean "not given" where the default depends on the account or the cloud
/// (AZs, principal, bucket name); the Effective* helpers resolve them.
struct SetupOptions {
  std::string name;
  std::string provider = "aws";
  std::string region;  // the global --region, resolved by the caller
  bool enable_head_node_fault_tolerance = false;
  std::string memorydb_node_type = "db.t4g.small";
  bool enable_versioning = false;
  std::string shared_storage = kSharedStorageObject;
  bool private_network = false;
  std::string vpc_cidr = "10.0.0.0/16";
  std::vector<std::string> availability_zones;  // empty: the region's first 3 by zone id
  std::string nat_gateways;                     // empty: per-az (private mode only)
  std::vector<std::string> ingress_cidrs = {"0.0.0.0/0"};
  std::string control_plane_principal;  // empty: the caller's account root
  std::string bucket_name;              // empty: raycloud-data-<cloud id without cld_>
  std::string kms_key_id;               // empty: SSE-S3
  std::vector<std::string> console_origins;
  bool enable_ecr_access = false;
  int log_retention_days = 90;
  std::vector<UserTag> tags;
  // How to run, not what to build: never stored with the cloud nor compared on resume.
  bool dry_run = false;
  bool no_rollback = false;

  bool nfs() const { return shared_storage == kSharedStorageNfs; }
  /// "per-az" or "single"; meaningful in private mode only.
  std::string EffectiveNatGateways() const {
    return nat_gateways.empty() ? kNatPerAz : nat_gateways;
  }
  bool operator==(const SetupOptions&) const = default;
};

/// Limits of the setup flags (cli.md, cloud-resources.md).
inline constexpr int kMinAvailabilityZones = 2;
inline constexpr int kMaxAvailabilityZones = 6;
inline constexpr int kMinVpcPrefix = 16;
inline constexpr int kMaxVpcPrefix = 19;
inline constexpr int kMaxUserTags = 40;
inline constexpr int kMaxLogRetentionDays = 3650;

/// Checks every format rule of the setup flags before any AWS call. The first violation is
/// returned as Error::Invalid naming the flag and what is allowed.
Status ValidateSetupOptions(const SetupOptions& options);

/// Format checks of single flags, shared with `cloud update` and `cloud register`.
Status ValidateVpcCidr(std::string_view cidr);
Status ValidateIngressCidr(std::string_view cidr);
Status ValidateAvailabilityZones(const std::vector<std::string>& zones, std::string_view region);
Status ValidateKmsKeyId(std::string_view key);
Status ValidateConsoleOrigin(std::string_view origin);
Status ValidateMemoryDbNodeType(std::string_view node_type);
Status ValidateUserTags(const std::vector<UserTag>& tags);

/// Parses `KEY=VALUE` (the value may be empty or contain '=').
Result<UserTag> ParseUserTag(std::string_view text);

/// The options as stored in CloudRecord::options (every field but dry_run/no_rollback).
nlohmann::json SetupOptionsToJson(const SetupOptions& options);
/// The inverse; missing keys keep their defaults, wrongly typed ones are an error.
Result<SetupOptions> SetupOptionsFromJson(const nlohmann::json& json);

}  // namespace raycloud::cloud
