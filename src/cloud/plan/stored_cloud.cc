#include "cloud/plan/stored_cloud.h"

#include <fmt/format.h>

#include <optional>

#include "common/strings.h"

namespace raycloud::cloud {
namespace {

struct ArnParts {
  std::string partition;
  std::string account;
};

// arn:PARTITION:iam::ACCOUNT:role/NAME
std::optional<ArnParts> SplitIamArn(std::string_view arn) {
  auto parts = strings::Split(arn, ':');
  if (parts.size() < 6 || parts[0] != "arn" || parts[4].size() != 12) return std::nullopt;
  return ArnParts{parts[1], parts[4]};
}

std::string StringOption(const nlohmann::json& options, const char* key) {
  auto it = options.find(key);
  return it != options.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The ARN of a recorded role: the executor keeps it in the attributes, or as the id.
std::string RecordedArn(const std::vector<store::ResourceRecord>& resources,
                        std::string_view logical_name) {
  for (const auto& resource : resources) {
    if (resource.logical_name != logical_name) continue;
    if (auto arn = resource.attributes.find("arn");
        arn != resource.attributes.end() && arn->is_string()) {
      return arn->get<std::string>();
    }
    if (resource.physical_id.starts_with("arn:")) return resource.physical_id;
  }
  return "";
}

}  // namespace

std::string PartitionOfRegion(std::string_view region) {
  if (region.starts_with("cn-")) return "aws-cn";
  if (region.starts_with("us-gov-")) return "aws-us-gov";
  if (region.starts_with("us-isob-")) return "aws-iso-b";
  if (region.starts_with("us-iso-")) return "aws-iso";
  return "aws";
}

CloudIdentity StoredIdentity(const store::CloudRecord& cloud,
                             const std::vector<store::ResourceRecord>& resources) {
  CloudIdentity identity;
  identity.cloud_id = cloud.id;
  identity.org_id = cloud.org_id;
  identity.region = cloud.region;
  identity.external_id = cloud.external_id;
  identity.partition = PartitionOfRegion(cloud.region);
  for (const std::string& arn :
       {RecordedArn(resources, "instance-role"), RecordedArn(resources, "control-plane-role"),
        StringOption(cloud.options, "instance_role_arn"),
        StringOption(cloud.options, "control_plane_role_arn")}) {
    if (auto parts = SplitIamArn(arn)) {
      identity.partition = parts->partition;
      identity.account_id = parts->account;
      return identity;
    }
  }
  identity.account_id = StringOption(cloud.options, "account_id");
  return identity;
}

Result<PolicyParams> StoredPolicyParams(const store::CloudRecord& cloud,
                                        const std::vector<store::ResourceRecord>& resources) {
  const CloudIdentity identity = StoredIdentity(cloud, resources);
  if (identity.account_id.empty()) {
    return Fail(Error::Internal(fmt::format(
        "the record of cloud {} does not say which AWS account it is in (no role ARN recorded); "
        "give --bucket-name, --instance-role-arn, --external-id and --control-plane-principal "
        "instead of --name",
        cloud.name)));
  }
  if (!cloud.managed) {
    // A registered cloud: the user's own resources, as given to `cloud register`.
    PolicyParams params;
    params.partition = identity.partition;
    params.account_id = identity.account_id;
    params.region = cloud.region;
    params.cloud_id = cloud.id;
    params.external_id = cloud.external_id;
    params.instance_role_arn = StringOption(cloud.options, "instance_role_arn");
    params.control_plane_role_arn = StringOption(cloud.options, "control_plane_role_arn");
    params.bucket_name = StringOption(cloud.options, "s3_bucket_id");
    params.control_plane_principal = StringOption(cloud.options, "control_plane_principal");
    if (params.control_plane_principal.empty())
      params.control_plane_principal = identity.account_id;
    return params;
  }
  auto options = SetupOptionsFromJson(cloud.options);
  if (!options) return Fail(options.error());
  if (options->region.empty()) options->region = cloud.region;
  PolicyParams params = PolicyParamsFor(*options, identity);
  // What AWS returned wins over what the names predict.
  if (auto arn = RecordedArn(resources, "instance-role"); !arn.empty())
    params.instance_role_arn = arn;
  if (auto arn = RecordedArn(resources, "control-plane-role"); !arn.empty()) {
    params.control_plane_role_arn = arn;
  }
  return params;
}

}  // namespace raycloud::cloud
