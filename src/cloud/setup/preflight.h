#pragma once

#include <string>
#include <vector>

#include "aws/client/aws_client.h"
#include "cloud/plan/cloud_plan.h"
#include "cloud/plan/setup_options.h"

namespace raycloud::cloud {

/// What setup learns before creating anything.
struct PreflightResult {
  std::string account_id;
  std::string caller_arn;
  std::string partition;
  std::vector<Az> azs;  // the region's available zones
  /// Findings that do not stop setup (a quota that could not be read).
  std::vector<std::string> warnings;
};

/// Read-only checks before `cloud setup` creates anything: credentials and caller identity,
/// the region exists, the chosen AZs exist in it, VPC / internet gateway / Elastic IP quota
/// headroom (skipped when `resuming`), the bucket name is free (or already this cloud's, when resuming). Bad input
/// (unknown region or AZ, a taken bucket) is kInvalidArgument (exit 2); AWS failures are
/// kAws (exit 1). Makes no mutating call.
Result<PreflightResult> RunPreflight(aws::AwsClient& aws, const SetupOptions& options,
                                     const std::string& bucket_name, const std::string& cloud_id,
                                     bool resuming);

}  // namespace raycloud::cloud
