#include "cloud/plan/setup_options.h"

#include <fmt/format.h>

#include <cctype>
#include <regex>
#include <set>

#include "cloud/names.h"
#include "net/cidr.h"

namespace raycloud::cloud {
namespace {

bool Matches(std::string_view text, const std::regex& pattern) {
  return std::regex_match(text.begin(), text.end(), pattern);
}

// Ranges AWS refuses as VPC CIDRs (this network, loopback, link-local, multicast and
// reserved): a VPC there could not route.
bool IsUnusableVpcRange(const net::Ipv4Cidr& cidr) {
  for (const char* reserved : {"0.0.0.0/8", "127.0.0.0/8", "169.254.0.0/16", "224.0.0.0/3"}) {
    if (net::Ipv4Cidr::Parse(reserved)->Overlaps(cidr)) return true;
  }
  return false;
}

// us-west-2a, or a Local Zone of the region such as us-west-2-lax-1a.
bool InRegion(std::string_view zone, std::string_view region) {
  if (!zone.starts_with(region)) return false;
  std::string_view rest = zone.substr(region.size());
  return (rest.size() == 1 && std::islower(static_cast<unsigned char>(rest[0]))) ||
         (rest.size() > 1 && rest[0] == '-');
}

}  // namespace

Status ValidateVpcCidr(std::string_view cidr) {
  auto parsed = net::Ipv4Cidr::Parse(cidr, /*require_network_address=*/true);
  if (!parsed) return Fail(Error::InvalidFlag("--vpc-cidr", parsed.error().message));
  if (parsed->prefix() < kMinVpcPrefix || parsed->prefix() > kMaxVpcPrefix) {
    return Fail(Error::InvalidFlag(
        "--vpc-cidr", fmt::format("'{}' has prefix /{}; use a prefix from /{} to "
                                  "/{} (for example 10.0.0.0/16)",
                                  cidr, parsed->prefix(), kMinVpcPrefix, kMaxVpcPrefix)));
  }
  if (IsUnusableVpcRange(*parsed)) {
    return Fail(
        Error::InvalidFlag("--vpc-cidr", fmt::format("'{}' is in a reserved range; use a private "
                                                     "range such as 10.0.0.0/16 or 172.16.0.0/16",
                                                     cidr)));
  }
  return {};
}

Status ValidateIngressCidr(std::string_view cidr) {
  auto parsed = net::Ipv4Cidr::Parse(cidr, /*require_network_address=*/true);
  if (!parsed) return Fail(Error::InvalidFlag("--ingress-cidr", parsed.error().message));
  return {};
}

Status ValidateAvailabilityZones(const std::vector<std::string>& zones, std::string_view region) {
  constexpr std::string_view kFlag = "--availability-zones";
  if (zones.empty()) return {};  // the default: the region's first AZs
  if (zones.size() < kMinAvailabilityZones || zones.size() > kMaxAvailabilityZones) {
    return Fail(Error::InvalidFlag(
        kFlag, fmt::format("{} zones given; give {} to {} distinct zones", zones.size(),
                           kMinAvailabilityZones, kMaxAvailabilityZones)));
  }
  // Zone names: the region name and a letter (us-west-2a), or a Local Zone / Wavelength
  // name that extends it (us-west-2-lax-1a).
  static const std::regex kZone(
      R"([a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}(-[a-z0-9]+-\d+)?[a-z])");
  std::set<std::string> seen;
  for (const auto& zone : zones) {
    if (!Matches(zone, kZone)) {
      return Fail(
          Error::InvalidFlag(kFlag, fmt::format("'{}' is not an availability zone name (for "
                                                "example us-west-2a)",
                                                zone)));
    }
    if (!region.empty() && !InRegion(zone, region)) {
      return Fail(Error::InvalidFlag(kFlag, fmt::format("'{}' is not in region {}", zone, region)));
    }
    if (!seen.insert(zone).second) {
      return Fail(
          Error::InvalidFlag(kFlag, fmt::format("'{}' is given twice; the zones must be distinct "
                                                "(one cluster subnet per zone)",
                                                zone)));
    }
  }
  return {};
}

Status ValidateKmsKeyId(std::string_view key) {
  constexpr std::string_view kFlag = "--kms-key-id";
  static const std::regex kKeyId(
      R"(([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})|mrk-[0-9a-f]{32})");
  static const std::regex kAlias(R"(alias/[a-zA-Z0-9/_-]{1,250})");
  static const std::regex kArn(
      R"(arn:aws(-cn|-us-gov|-iso|-iso-b)?:kms:[a-z0-9-]+:\d{12}:(key/(([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})|mrk-[0-9a-f]{32})|alias/[a-zA-Z0-9/_-]{1,250}))");
  if (Matches(key, kKeyId) || Matches(key, kAlias) || Matches(key, kArn)) return {};
  return Fail(
      Error::InvalidFlag(kFlag, fmt::format("'{}' is not a KMS key; use a key id "
                                            "(1234abcd-12ab-34cd-56ef-1234567890ab), a key ARN, "
                                            "an alias (alias/NAME) or an alias ARN",
                                            key)));
}

Status ValidateConsoleOrigin(std::string_view origin) {
  constexpr std::string_view kFlag = "--console-origin";
  // An origin is scheme://host[:port] with no path. S3 CORS allows one '*' wildcard; we
  // accept it only as a leading label (https://*.example.com).
  static const std::regex kHttps(
      R"(https://(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(:\d{1,5})?)");
  static const std::regex kLocal(R"(http://(localhost|127\.0\.0\.1)(:\d{1,5})?)");
  std::string lower(origin);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if ((Matches(lower, kHttps) || Matches(lower, kLocal)) && lower.size() <= 253 + 16) {
    auto colon = lower.rfind(':');
    if (colon > lower.find("://") && std::stoi(lower.substr(colon + 1)) > 65535) {
      return Fail(Error::InvalidFlag(kFlag, fmt::format("'{}' has a port above 65535", origin)));
    }
    return {};
  }
  return Fail(
      Error::InvalidFlag(kFlag, fmt::format("'{}' is not an origin; use https://HOST[:PORT] (no "
                                            "path), or http://localhost[:PORT] for development",
                                            origin)));
}

Status ValidateMemoryDbNodeType(std::string_view node_type) {
  constexpr std::string_view kFlag = "--memorydb-node-type";
  static const std::regex kType(R"(db\.[a-z][a-z0-9-]*\.[a-z0-9]+)");
  if (!Matches(node_type, kType)) {
    return Fail(
        Error::InvalidFlag(kFlag, fmt::format("'{}' is not a MemoryDB node type; use "
                                              "db.<family>.<size>, for example db.t4g.small or "
                                              "db.r7g.large",
                                              node_type)));
  }
  // Head-node fault tolerance needs db.t4g.small or larger (deployment guide).
  if (node_type.ends_with(".micro") || node_type.ends_with(".nano")) {
    return Fail(Error::InvalidFlag(
        kFlag, fmt::format("'{}' is too small; use db.t4g.small or larger", node_type)));
  }
  return {};
}

Status ValidateUserTags(const std::vector<UserTag>& tags) {
  if (tags.size() > kMaxUserTags) {
    return Fail(
        Error::InvalidFlag("--tag", fmt::format("{} tags given; at most {} are allowed (raycloud "
                                                "adds its own, and AWS allows 50 per resource)",
                                                tags.size(), kMaxUserTags)));
  }
  std::set<std::string> keys;
  for (const auto& tag : tags) {
    if (auto status = ValidateTag(tag.key, tag.value, "--tag"); !status) return status;
    if (tag.key == "Name") {
      return Fail(
          Error::InvalidFlag("--tag", "the key 'Name' is set by raycloud (<cloud-name>-<role>)"));
    }
    if (!keys.insert(tag.key).second) {
      return Fail(Error::InvalidFlag("--tag", fmt::format("the key '{}' is given twice", tag.key)));
    }
  }
  return {};
}

Result<UserTag> ParseUserTag(std::string_view text) {
  auto equals = text.find('=');
  if (equals == std::string_view::npos) {
    return Fail(Error::InvalidFlag("--tag", fmt::format("'{}' is not KEY=VALUE", text)));
  }
  return UserTag{std::string(text.substr(0, equals)), std::string(text.substr(equals + 1))};
}

Status ValidateSetupOptions(const SetupOptions& options) {
  if (auto status = ValidateCloudName(options.name, "--name"); !status) return status;
  if (options.provider != "aws") {
    return Fail(
        Error::InvalidFlag("--provider", fmt::format("'{}' is not supported; the only provider is "
                                                     "aws",
                                                     options.provider)));
  }
  if (!options.region.empty()) {
    if (auto status = ValidateRegionFormat(options.region, "--region"); !status) return status;
  }
  if (auto status = ValidateVpcCidr(options.vpc_cidr); !status) return status;
  if (auto status = ValidateAvailabilityZones(options.availability_zones, options.region);
      !status) {
    return status;
  }
  if (!options.nat_gateways.empty()) {
    if (options.nat_gateways != kNatPerAz && options.nat_gateways != kNatSingle) {
      return Fail(
          Error::InvalidFlag("--nat-gateways", fmt::format("'{}' is not allowed; use per-az or "
                                                           "single",
                                                           options.nat_gateways)));
    }
    if (!options.private_network) {
      return Fail(Error::InvalidFlag("--nat-gateways",
                                     "applies only with --private-network (public "
                                     "subnets need no NAT gateway)"));
    }
  }
  if (options.shared_storage != kSharedStorageObject &&
      options.shared_storage != kSharedStorageNfs) {
    return Fail(Error::InvalidFlag("--shared-storage", fmt::format("'{}' is not allowed; use "
                                                                   "object-storage or nfs",
                                                                   options.shared_storage)));
  }
  if (options.ingress_cidrs.empty()) {
    return Fail(
        Error::InvalidFlag("--ingress-cidr", "give at least one source CIDR (default 0.0.0.0/0)"));
  }
  for (const auto& cidr : options.ingress_cidrs) {
    if (auto status = ValidateIngressCidr(cidr); !status) return status;
  }
  if (!options.control_plane_principal.empty()) {
    if (auto status =
            ValidatePrincipalArn(options.control_plane_principal, "--control-plane-principal");
        !status) {
      return status;
    }
  }
  if (!options.bucket_name.empty()) {
    if (auto status = ValidateBucketName(options.bucket_name, "--bucket-name"); !status) {
      return status;
    }
  }
  if (!options.kms_key_id.empty()) {
    if (auto status = ValidateKmsKeyId(options.kms_key_id); !status) return status;
  }
  for (const auto& origin : options.console_origins) {
    if (auto status = ValidateConsoleOrigin(origin); !status) return status;
  }
  if (options.log_retention_days < 1 || options.log_retention_days > kMaxLogRetentionDays) {
    return Fail(Error::InvalidFlag("--log-retention-days",
                                   fmt::format("{} is out of range; use 1 to {} days",
                                               options.log_retention_days, kMaxLogRetentionDays)));
  }
  if (auto status = ValidateUserTags(options.tags); !status) return status;
  if (options.enable_head_node_fault_tolerance || options.memorydb_node_type != "db.t4g.small") {
    if (auto status = ValidateMemoryDbNodeType(options.memorydb_node_type); !status) return status;
  }
  return {};
}

}  // namespace raycloud::cloud
