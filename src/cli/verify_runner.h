#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "aws/client/aws_client.h"
#include "aws/client/aws_session.h"
#include "cli/context.h"
#include "store/store.h"
#include "verify/report.h"
#include "verify/snapshot.h"
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

/// The control plane's own credentials when RAYCLOUD_CONTROL_PLANE_PROFILE names their
/// profile (iam.control_plane_role.assume then tests the real caller); otherwise nothing.
Result<std::optional<aws::AwsSession>> ControlPlaneSession(const GlobalOptions& options);

/// Gathers what verify needs of `target`, assuming the role with the control plane's
/// credentials when they are configured. Fails only when that profile cannot be used.
Result<verify::CloudSnapshot> GatherForVerify(aws::AwsClient& aws,
                                              const verify::VerifyTarget& target,
                                              const GlobalOptions& options);

/// Gathers and checks a stored cloud (setup's and update's final verify).
Result<VerifyOutcome> VerifyStoredCloud(aws::AwsClient& aws, store::Store& store,
                                        const store::CloudRecord& cloud,
                                        const GlobalOptions& options);

}  // namespace raycloud::cli
