#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "aws/client/aws_client.h"
#include "cloud/exec/executor.h"
#include "cloud/plan/cloud_plan.h"
#include "cloud/plan/setup_options.h"
#include "cloud/setup/preflight.h"
#include "store/store.h"

namespace raycloud::cloud {

/// How a setup, update or delete runs (not what it builds).
struct RunSettings {
  std::filesystem::path state_dir;
  size_t max_in_flight = 8;
  Timing timing;
  ProgressCallback progress;
  std::function<bool()> cancelled;
  Clock* clock = &SystemClock::Instance();
};

/// What `cloud setup` did.
struct SetupOutcome {
  store::CloudRecord cloud;
  CloudPlan plan;
  ExecutionReport report;
  PreflightResult preflight;
  bool resumed = false;
  bool rolled_back = false;
};

/// The plan `cloud setup --dry-run` shows: preflight (read-only calls) and the plan.
struct DryRunOutcome {
  CloudPlan plan;
  PreflightResult preflight;
  std::string cloud_id;
};

/// Runs `cloud setup` (cli.md, cloud-resources.md): refuses the name of an active cloud,
/// resumes a `creating` or `failed` one with its stored options (other options are exit 2
/// with the difference), runs the preflight, records the cloud, creates the plan's
/// resources in parallel and marks the cloud `active`. On failure everything recorded is
/// removed again (unless options.no_rollback) and the cloud ends `failed`; the returned
/// error names the resource and the AWS code. Interrupted: kInterrupted, status `creating`.
Result<SetupOutcome> RunSetup(aws::AwsClient& aws, store::Store& store, const SetupOptions& options,
                              const RunSettings& settings);

/// The preflight and plan of a setup, creating nothing.
Result<DryRunOutcome> PlanSetup(aws::AwsClient& aws, store::Store& store,
                                const SetupOptions& options);

/// A stored managed cloud's plan and identity, rebuilt from its record; the account comes
/// from STS when the record does not tell it.
struct StoredPlan {
  CloudIdentity identity;
  CloudPlan plan;
};
Result<StoredPlan> PlanOfStoredCloud(aws::AwsClient& aws, store::Store& store,
                                     const store::CloudRecord& cloud);

/// Runs `cloud delete` for a managed cloud: every resource recorded or tagged with the
/// cloud id is removed in reverse order; the record stays with status `deleted`.
Result<ExecutionReport> RunDelete(aws::AwsClient& aws, store::Store& store,
                                  store::CloudRecord cloud, const RunSettings& settings,
                                  bool delete_bucket, std::chrono::milliseconds timeout);

}  // namespace raycloud::cloud
