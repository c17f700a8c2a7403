#include "cloud/setup/preflight.h"

#include <fmt/format.h>

#include <algorithm>

#include "cloud/plan/stored_cloud.h"

namespace raycloud::cloud {
namespace {

using json = nlohmann::json;

std::string AwsCode(const Error& error) {
  auto it = error.details.find("aws_code");
  return it == error.details.end() ? "" : it->second;
}

Status CheckRegion(aws::AwsClient& aws, const std::string& region) {
  auto regions = aws.Call("ec2", "DescribeRegions", {{"AllRegions", true}});
  if (!regions) return Fail(regions.error());
  for (const auto& entry : (*regions)["Regions"]) {
    if (entry.value("RegionName", "") == region) return {};
  }
  return Fail(
      Error::Invalid("--region: region " + region + " does not exist in this account's partition"));
}

Result<std::vector<Az>> AvailableZones(aws::AwsClient& aws, const SetupOptions& options) {
  auto output = aws.Call("ec2", "DescribeAvailabilityZones",
                         {{"Filters", {{{"Name", "state"}, {"Values", {"available"}}}}}});
  if (!output) return Fail(output.error());
  std::vector<Az> azs;
  for (const auto& zone : (*output)["AvailabilityZones"]) {
    if (zone.value("ZoneType", "availability-zone") != "availability-zone") continue;
    azs.push_back({zone.value("ZoneName", ""), zone.value("ZoneId", "")});
  }
  for (const auto& chosen : options.availability_zones) {
    bool found =
        std::any_of(azs.begin(), azs.end(), [&](const Az& az) { return az.name == chosen; });
    if (!found) {
      std::vector<std::string> names;
      for (const auto& az : azs) names.push_back(az.name);
      return Fail(Error::Invalid(
          fmt::format("--availability-zones: {} is not an available zone of {}; available: {}",
                      chosen, options.region, fmt::join(names, ", "))));
    }
  }
  return azs;
}

// Quota minus usage for one resource type; nullopt when the quota cannot be read.
std::optional<double> Headroom(aws::AwsClient& aws, const char* service_code,
                               const char* quota_code, double used) {
  auto quota = aws.Call("service-quotas", "GetServiceQuota",
                        {{"ServiceCode", service_code}, {"QuotaCode", quota_code}});
  if (!quota || !(*quota)["Quota"].contains("Value")) return std::nullopt;
  return (*quota)["Quota"]["Value"].get<double>() - used;
}

Status CheckQuotas(aws::AwsClient& aws, const SetupOptions& options, PreflightResult& result) {
  struct Need {
    const char* what;
    const char* service;
    const char* code;
    const char* describe;
    const char* list_key;
    double needed;
  };
  size_t zones = options.availability_zones.empty() ? 3 : options.availability_zones.size();
  double eips = !options.private_network                       ? 0
                : options.EffectiveNatGateways() == kNatSingle ? 1
                                                               : static_cast<double>(zones);
  const Need needs[] = {
      {"VPCs", "vpc", "L-F678F1CE", "DescribeVpcs", "Vpcs", 1},
      {"internet gateways", "vpc", "L-A4707A72", "DescribeInternetGateways", "InternetGateways", 1},
      {"Elastic IP addresses", "ec2", "L-0263D0A3", "DescribeAddresses", "Addresses", eips},
  };
  for (const auto& need : needs) {
    if (need.needed == 0) continue;
    auto used = aws.CallAll("ec2", need.describe);
    if (!used) return Fail(used.error());
    auto headroom =
        Headroom(aws, need.service, need.code, static_cast<double>((*used)[need.list_key].size()));
    if (!headroom) {
      result.warnings.push_back(
          fmt::format("could not read the {} quota ({}); continuing", need.what, need.code));
      continue;
    }
    if (*headroom < need.needed) {
      Error error{ErrorKind::kAws,
                  ErrorClass::kTerminal,
                  fmt::format("not enough {} quota in {}: {} needed, {} left (quota {}); delete "
                              "unused ones or request an increase: aws service-quotas "
                              "request-service-quota-increase --service-code {} --quota-code {} "
                              "--desired-value N",
                              need.what, options.region, need.needed, std::max(0.0, *headroom),
                              need.code, need.service, need.code),
                  {}};
      error.details["quota_code"] = need.code;
      return Fail(std::move(error));
    }
  }
  return {};
}

Status CheckBucket(aws::AwsClient& aws, const std::string& bucket, const std::string& cloud_id) {
  auto head = aws.Call("s3", "HeadBucket", {{"Bucket", bucket}});
  if (!head) {
    const std::string code = AwsCode(head.error());
    const std::string status =
        head.error().details.contains("http_status") ? head.error().details.at("http_status") : "";
    if (code == "NotFound" || code == "NoSuchBucket" || status == "404") return {};
    if (code == "Forbidden" || code == "AccessDenied" || status == "403") {
      return Fail(Error::Invalid("--bucket-name: bucket " + bucket +
                                 " already exists in another account; choose another name"));
    }
    return Fail(head.error());
  }
  // It exists and is ours: fine only if it is this cloud's (a resumed setup).
  auto tagging = aws.Call("s3", "GetBucketTagging", {{"Bucket", bucket}});
  bool untagged = !tagging && AwsCode(tagging.error()) == "NoSuchTagSet";
  if (tagging) {
    for (const auto& tag : (*tagging)["TagSet"]) {
      if (tag.value("Key", "") == "raycloud-cloud-id") {
        if (tag.value("Value", "") == cloud_id) return {};
        untagged = false;
      }
    }
    untagged = untagged || !tagging->contains("TagSet") || (*tagging)["TagSet"].empty();
  }
  if (untagged) {
    // S3 takes no tags at creation: a setup killed between CreateBucket and
    // PutBucketTagging leaves this cloud's (name-derived) bucket untagged and empty. The
    // bucket handler adopts and tags exactly that; anything holding objects is not ours.
    auto objects = aws.Call("s3", "ListObjectVersions", {{"Bucket", bucket}, {"MaxKeys", 1}});
    if (objects && objects->value("Versions", nlohmann::json::array()).empty() &&
        objects->value("DeleteMarkers", nlohmann::json::array()).empty()) {
      return {};
    }
  }
  return Fail(Error::Invalid("--bucket-name: bucket " + bucket +
                             " already exists and does not belong to this cloud; choose another "
                             "name"));
}

}  // namespace

Result<PreflightResult> RunPreflight(aws::AwsClient& aws, const SetupOptions& options,
                                     const std::string& bucket_name, const std::string& cloud_id,
                                     bool resuming) {
  PreflightResult result;
  auto identity = aws.Call("sts", "GetCallerIdentity");
  if (!identity) return Fail(identity.error());
  result.account_id = identity->value("Account", "");
  result.caller_arn = identity->value("Arn", "");
  result.partition = PartitionOfRegion(options.region);
  if (auto ok = CheckRegion(aws, options.region); !ok) return Fail(ok.error());
  auto azs = AvailableZones(aws, options);
  if (!azs) return Fail(azs.error());
  result.azs = std::move(*azs);
  // A resumed setup already holds its VPC, gateway and addresses.
  if (!resuming) {
    if (auto ok = CheckQuotas(aws, options, result); !ok) return Fail(ok.error());
  }
  if (auto ok = CheckBucket(aws, bucket_name, cloud_id); !ok) return Fail(ok.error());
  return result;
}

}  // namespace raycloud::cloud
