#pragma once

#include <functional>

#include "aws/client/aws_client.h"
#include "cloud/exec/executor.h"
#include "cloud/plan/cloud_plan.h"
#include "cloud/plan/setup_options.h"
#include "cloud/setup/setup_service.h"
#include "cloud/setup/update_diff.h"
#include "store/store.h"

namespace raycloud::cloud {

/// What `cloud update` will do to a cloud, computed without changing anything.
struct UpdatePlan {
  store::CloudRecord cloud;
  SetupOptions from;  // as stored (before an interrupted update, when resuming one)
  SetupOptions to;
  CloudPlan plan;  // the plan of `to`
  UpdateDiff diff;
};

/// What `cloud update` did.
struct UpdateOutcome {
  store::CloudRecord cloud;
  CloudPlan plan;
  UpdateDiff diff;
  ExecutionReport report;
};

/// The options `cloud update` starts from: the stored ones of `cloud` (an error naming
/// the cloud when it cannot be updated: registered, being created, deleted...).
Result<SetupOptions> UpdatableOptions(const store::CloudRecord& cloud);

/// The difference `cloud update` would make to `cloud` to reach `options`: read-only
/// preflight (identity, zones, bucket), both plans, the offline difference, then the
/// recorded policies, rules and bucket settings compared with AWS.
Result<UpdatePlan> PlanUpdate(aws::AwsClient& aws, store::Store& store,
                              const store::CloudRecord& cloud, const SetupOptions& options,
                              const RunSettings& settings);

/// Runs `cloud update` (cli.md): takes the cloud's lock, checks that `seen` (the record
/// `options` were derived from) is still current, plans, and when anything differs stores
/// the new options, marks the cloud `updating`, creates what is missing and changes the
/// rest in place through the executor (adopting everything recorded), and marks it
/// `active`. Nothing differs: nothing is called but the read-only planning. On failure
/// what exists is kept and the cloud is `failed`; re-running the same command resumes.
/// `show_diff` (optional) sees the difference before the first change.
Result<UpdateOutcome> RunUpdate(aws::AwsClient& aws, store::Store& store,
                                const store::CloudRecord& seen, const SetupOptions& options,
                                const RunSettings& settings,
                                const std::function<void(const UpdateDiff&)>& show_diff = {});

}  // namespace raycloud::cloud
