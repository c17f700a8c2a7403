// vpc.s3_endpoint: an S3 gateway endpoint serves every route table the cluster subnets use,
// so S3 traffic skips the NAT gateway (cost) and the internet (latency).
#include <fmt/format.h>

#include <algorithm>

#include "common/strings.h"
#include "verify/checks/check_util.h"
#include "verify/checks/checks.h"

namespace raycloud::verify {
namespace {

constexpr const char* kVpcS3EndpointId = "vpc.s3_endpoint";

bool IsS3Gateway(const CloudSnapshot& s, const json& endpoint) {
  return Text(endpoint, "VpcEndpointType") == "Gateway" &&
         Text(endpoint, "VpcId") == s.target.vpc_id &&
         Text(endpoint, "ServiceName") == "com.amazonaws." + s.target.region + ".s3" &&
         strings::Lower(Text(endpoint, "State")) == "available";
}

std::vector<std::string> Missing(const json& endpoint, const std::vector<std::string>& tables) {
  std::vector<std::string> missing;
  const json ids = endpoint.value("RouteTableIds", json::array());
  for (const auto& table : tables) {
    if (std::find(ids.begin(), ids.end(), json(table)) == ids.end()) missing.push_back(table);
  }
  return missing;
}

}  // namespace

Findings CheckVpcS3Endpoint(const CloudSnapshot& s) {
  const std::string& vpc_id = s.target.vpc_id;
  if (FindVpc(s) == nullptr) {
    return {MakeFinding(kVpcS3EndpointId, vpc_id, CheckStatus::kSkip,
                        MissingMessage("VPC", vpc_id, "vpc.exists"))};
  }
  if (!s.vpc_endpoints.ok() || !s.route_tables.ok()) {
    const CallResult& failed = s.vpc_endpoints.ok() ? s.route_tables : s.vpc_endpoints;
    return {MakeFinding(kVpcS3EndpointId, vpc_id, CheckStatus::kSkip,
                        "could not read VPC endpoints or route tables: " + failed.Describe())};
  }
  std::vector<std::string> tables;
  for (const json* subnet : FoundClusterSubnets(s)) {
    const json* table = RouteTableOfSubnet(s, *subnet);
    std::string id = table ? Text(*table, "RouteTableId") : "";
    if (!id.empty() && std::find(tables.begin(), tables.end(), id) == tables.end()) {
      tables.push_back(id);
    }
  }
  const json* best = nullptr;
  std::vector<std::string> best_missing = tables;
  for (const auto& endpoint : ListOf(s.vpc_endpoints, "VpcEndpoints")) {
    if (!IsS3Gateway(s, endpoint)) continue;
    auto missing = Missing(endpoint, tables);
    if (best == nullptr || missing.size() < best_missing.size()) {
      best = &endpoint;
      best_missing = std::move(missing);
    }
  }
  if (best != nullptr && best_missing.empty()) {
    return {MakeFinding(kVpcS3EndpointId, vpc_id, CheckStatus::kPass,
                        fmt::format("S3 gateway endpoint {} serves every route table of the "
                                    "cluster subnets",
                                    Text(*best, "VpcEndpointId")))};
  }
  if (best == nullptr) {
    return {MakeFinding(
        kVpcS3EndpointId, vpc_id, CheckStatus::kWarn,
        "no S3 gateway endpoint: S3 traffic goes through the internet (or a NAT gateway, billed "
        "per GB)",
        fmt::format("aws ec2 create-vpc-endpoint --vpc-id {} --vpc-endpoint-type Gateway "
                    "--service-name com.amazonaws.{}.s3 --route-table-ids {}{}",
                    vpc_id, s.target.region, strings::Join(tables, " "), RegionFlag(s)))};
  }
  std::string endpoint_id = Text(*best, "VpcEndpointId");
  Finding finding = MakeFinding(
      kVpcS3EndpointId, vpc_id, CheckStatus::kWarn,
      fmt::format("S3 gateway endpoint {} is not associated with route table{} {}", endpoint_id,
                  best_missing.size() > 1 ? "s" : "", JoinList(best_missing)),
      fmt::format("aws ec2 modify-vpc-endpoint --vpc-endpoint-id {} --add-route-table-ids {}{}",
                  endpoint_id, strings::Join(best_missing, " "), RegionFlag(s)));
  finding.fixes.push_back(FixAction{
      .service = "ec2",
      .operation = "ModifyVpcEndpoint",
      .params = {{"VpcEndpointId", endpoint_id}, {"AddRouteTableIds", best_missing}},
      .description =
          fmt::format("associate S3 endpoint {} with {}", endpoint_id, JoinList(best_missing))});
  return {finding};
}

}  // namespace raycloud::verify
