#pragma once

#include <string>
#include <vector>

#include "aws/client/aws_client.h"
#include "cloud/plan/cloud_plan.h"

namespace raycloud::cloud {

/// One priced line of a plan.
struct CostLine {
  std::string item;  // "NAT gateway x2"
  double monthly_usd = 0;
  std::string basis;  // "0.045 USD/hour x 730 h"
};

struct CostEstimate {
  std::vector<CostLine> lines;
  double monthly_usd = 0;
  /// Items that could not be priced (the Pricing API had no answer), named.
  std::vector<std::string> unpriced;
};

/// The monthly cost of what `plan` creates that costs money while idle: NAT gateways and
/// their public IPv4 addresses, MemoryDB nodes, and EFS storage (priced per GB-month; an
/// empty file system costs nothing). Prices come from the AWS Pricing API (us-east-1).
CostEstimate EstimateMonthlyCost(aws::AwsClient& aws, const CloudPlan& plan,
                                 const std::string& region, const std::string& memorydb_node_type);

}  // namespace raycloud::cloud
