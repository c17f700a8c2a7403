#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "aws/client/aws_client.h"
#include "cli/context.h"
#include "store/store.h"
#include "verify/report.h"
#include "verify/target.h"

namespace raycloud::cli {

/// A verify run of a stored cloud, rendered for setup/update/register output.
struct VerifyOutcome {
  verify::Report report;
  nlohmann::json summary_json;  // {"passed", "summary"} as in setup's JSON
  std::string text;
  bool passed = false;
};

/// What verify expects of a stored cloud: its recorded ids and its options.
verify::VerifyTarget TargetOfCloud(const store::CloudRecord& cloud,
                                   const std::vector<store::ResourceRecord>& resources);

/// Gathers and checks a stored cloud.
Result<VerifyOutcome> VerifyStoredCloud(aws::AwsClient& aws, store::Store& store,
                                        const store::CloudRecord& cloud,
                                        const GlobalOptions& options);

}  // namespace raycloud::cli
