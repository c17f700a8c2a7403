#include "cli/setup_flags.h"

#include <fmt/format.h>

#include <algorithm>

namespace raycloud::cli {
namespace {

Result<std::vector<cloud::UserTag>> ParseTags(const std::vector<std::string>& texts) {
  std::vector<cloud::UserTag> tags;
  for (const auto& text : texts) {
    auto tag = cloud::ParseUserTag(text);
    if (!tag) return Fail(tag.error());
    tags.push_back(std::move(*tag));
  }
  return tags;
}

}  // namespace

void AddSetupFlags(CLI::App& command, SetupFlags& flags) {
  cloud::SetupOptions& o = flags.options;
  command.add_option("-n,--name", o.name, "cloud name: 1-40 lowercase letters, digits, hyphens")
      ->required();
  command.add_option("--provider", o.provider, "cloud provider (only aws)")->capture_default_str();
  command.add_flag("--enable-head-node-fault-tolerance", o.enable_head_node_fault_tolerance,
                   "add MemoryDB for head-node fault tolerance");
  command.add_option("--memorydb-node-type", o.memorydb_node_type, "MemoryDB node type")
      ->capture_default_str();
  command.add_flag("--enable-versioning", o.enable_versioning,
                   "S3 versioning (old versions expire after 30 days)");
  command.add_option("--shared-storage", o.shared_storage, "object-storage or nfs (adds EFS)")
      ->capture_default_str();
  command.add_flag("--private-network", o.private_network, "private subnets behind NAT gateways");
  command.add_option("--vpc-cidr", o.vpc_cidr, "VPC range, /16 to /19")->capture_default_str();
  command
      .add_option("--availability-zones", o.availability_zones,
                  "2 to 6 zones, comma-separated (default: the region's first 3)")
      ->delimiter(',');
  command.add_option("--nat-gateways", o.nat_gateways, "per-az (default) or single");
  command
      .add_option("--ingress-cidr", o.ingress_cidrs,
                  "source allowed to reach port 443 (repeatable; default 0.0.0.0/0)")
      ->take_all();
  command.add_option("--control-plane-principal", o.control_plane_principal,
                     "who may assume the control-plane role (default: your account)");
  command.add_option("--bucket-name", o.bucket_name,
                     "S3 bucket (default raycloud-data-<cloud id>)");
  command.add_option("--kms-key-id", o.kms_key_id,
                     "KMS key for bucket encryption (default SSE-S3)");
  command.add_option("--console-origin", o.console_origins,
                     "web console origin for the bucket's CORS rule (repeatable)");
  command.add_flag("--enable-ecr-access", o.enable_ecr_access, "ECR read-only for nodes");
  command.add_option("--log-retention-days", o.log_retention_days, "days logs are kept")
      ->capture_default_str();
  command.add_option("--tag", flags.tags, "KEY=VALUE added to every resource (repeatable)");
  command.add_flag("--dry-run", o.dry_run, "print the plan; create nothing");
  command.add_flag("--no-rollback", o.no_rollback, "keep what was created when setup fails");
}

Result<cloud::SetupOptions> SetupOptionsFromFlags(const SetupFlags& flags,
                                                  const GlobalOptions& global) {
  cloud::SetupOptions options = flags.options;
  if (!global.region.empty()) options.region = global.region;
  auto tags = ParseTags(flags.tags);
  if (!tags) return Fail(tags.error());
  options.tags = std::move(*tags);
  if (auto status = cloud::ValidateSetupOptions(options); !status) return Fail(status.error());
  return options;
}

void AddUpdateFlags(CLI::App& command, UpdateFlags& flags) {
  command.add_option("-n,--name", flags.name, "cloud name")->required();
  command.add_flag("--enable-head-node-fault-tolerance", flags.enable_head_node_fault_tolerance,
                   "add MemoryDB for head-node fault tolerance");
  command.add_option("--shared-storage", flags.shared_storage, "nfs adds EFS");
  command.add_option("--ingress-cidr", flags.ingress_cidrs,
                     "sources allowed to reach port 443 (repeatable; replaces the list)");
  command.add_option("--console-origin", flags.console_origins,
                     "web console origins (repeatable; replaces the list)");
  command.add_option("--tag", flags.tags, "KEY=VALUE added to every resource (repeatable)");
  command.add_flag("--dry-run", flags.dry_run, "show the difference; change nothing");
}

Result<cloud::SetupOptions> ApplyUpdateFlags(const cloud::SetupOptions& stored,
                                             const UpdateFlags& flags) {
  cloud::SetupOptions options = stored;
  options.dry_run = flags.dry_run;
  if (flags.enable_head_node_fault_tolerance) options.enable_head_node_fault_tolerance = true;
  if (!flags.shared_storage.empty()) {
    // Update only adds shared storage (cli.md: `--shared-storage nfs`): object-storage is
    // every cloud's base and nfs cannot be removed, whatever the stored cloud has. A format
    // error, so it is caught before the store is opened.
    if (flags.shared_storage == cloud::kSharedStorageObject) {
      return Fail(Error::InvalidFlag(
          "--shared-storage", "update only adds shared storage: give nfs (nfs cannot be removed)"));
    }
    options.shared_storage = flags.shared_storage;
  }
  if (!flags.ingress_cidrs.empty()) options.ingress_cidrs = flags.ingress_cidrs;
  if (!flags.console_origins.empty()) options.console_origins = flags.console_origins;
  auto tags = ParseTags(flags.tags);
  if (!tags) return Fail(tags.error());
  // The flags alone first: a key given twice on the line is an error, not a replacement.
  if (auto status = cloud::ValidateUserTags(*tags); !status) return Fail(status.error());
  for (auto& tag : *tags) {
    auto same_key =
        std::find_if(options.tags.begin(), options.tags.end(),
                     [&](const cloud::UserTag& existing) { return existing.key == tag.key; });
    if (same_key != options.tags.end()) {
      same_key->value = tag.value;
    } else {
      options.tags.push_back(std::move(tag));
    }
  }
  if (auto status = cloud::ValidateSetupOptions(options); !status) return Fail(status.error());
  return options;
}

}  // namespace raycloud::cli
