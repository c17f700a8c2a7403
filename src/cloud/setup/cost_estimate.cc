#include "cloud/setup/cost_estimate.h"

#include <fmt/format.h>

#include "cloud/plan/resource_kinds.h"

namespace raycloud::cloud {
namespace {

using json = nlohmann::json;

constexpr double kHoursPerMonth = 730;

json Term(const char* field, const std::string& value) {
  return {{"Type", "TERM_MATCH"}, {"Field", field}, {"Value", value}};
}

// The first on-demand USD price per `unit` among the products matching `filters`.
std::optional<double> Price(aws::AwsClient& aws, const char* service_code, json filters,
                            const std::string& unit) {
  // The Pricing API lives in a few regions only; us-east-1 serves every region's prices.
  auto output = aws.Call("pricing", "GetProducts",
                         {{"ServiceCode", service_code}, {"Filters", filters}, {"MaxResults", 100}},
                         {.region = "us-east-1"});
  if (!output) return std::nullopt;
  for (const auto& entry : (*output)["PriceList"]) {
    json document = json::parse(entry.get<std::string>(), nullptr, false);
    if (document.is_discarded()) continue;
    for (const auto& [term_id, term] : document["terms"]["OnDemand"].items()) {
      for (const auto& [rate_id, dimension] : term["priceDimensions"].items()) {
        if (dimension.value("unit", "") != unit) continue;
        return std::stod(dimension["pricePerUnit"].value("USD", "0"));
      }
    }
  }
  return std::nullopt;
}

void AddLine(CostEstimate& estimate, const std::string& item, size_t count,
             std::optional<double> hourly) {
  if (count == 0) return;
  if (!hourly) {
    estimate.unpriced.push_back(item);
    return;
  }
  double monthly = *hourly * kHoursPerMonth * static_cast<double>(count);
  estimate.lines.push_back({fmt::format("{} x{}", item, count), monthly,
                            fmt::format("{:.4f} USD/hour x {} h", *hourly, kHoursPerMonth)});
  estimate.monthly_usd += monthly;
}

}  // namespace

CostEstimate EstimateMonthlyCost(aws::AwsClient& aws, const CloudPlan& plan,
                                 const std::string& region, const std::string& memorydb_node_type) {
  CostEstimate estimate;
  const size_t nat_gateways = plan.OfKind(kind::kNatGateway).size();
  if (nat_gateways > 0) {
    AddLine(estimate, "NAT gateway", nat_gateways,
            Price(aws, "AmazonEC2",
                  {Term("regionCode", region), Term("productFamily", "NAT Gateway")}, "Hrs"));
    AddLine(estimate, "public IPv4 address", plan.OfKind(kind::kEip).size(),
            Price(aws, "AmazonVPC",
                  {Term("regionCode", region), Term("group", "VPCPublicIPv4Address")}, "Hrs"));
  }
  if (!plan.OfKind(kind::kMemoryDbCluster).empty()) {
    // One shard with one replica: two nodes.
    AddLine(estimate, "MemoryDB node " + memorydb_node_type, 2,
            Price(aws, "AmazonMemoryDB",
                  {Term("regionCode", region), Term("instanceType", memorydb_node_type)}, "Hrs"));
  }
  if (!plan.OfKind(kind::kEfsFileSystem).empty()) {
    auto per_gb = Price(aws, "AmazonEFS",
                        {Term("regionCode", region), Term("storageClass", "General Purpose")},
                        "GB-Mo");
    if (per_gb) {
      estimate.lines.push_back(
          {"EFS storage", 0, fmt::format("{:.2f} USD per GB-month stored; empty costs 0", *per_gb)});
    } else {
      estimate.unpriced.push_back("EFS storage");
    }
  }
  return estimate;
}

}  // namespace raycloud::cloud
