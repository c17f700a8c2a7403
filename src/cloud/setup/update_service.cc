#include "cloud/setup/update_service.h"

#include <fmt/format.h>

#include "cloud/plan/resource_names.h"
#include "cloud/plan/stored_cloud.h"
#include "cloud/setup/preflight.h"
#include "store/cloud_lock.h"

namespace raycloud::cloud {
namespace {

using json = nlohmann::json;

// Stored with the new options while an update runs: the options before it, so a re-run
// after a crash or failure shows and applies the same difference.
constexpr const char* kPendingUpdateFromKey = "update_from";

Error UpdateRefused(const store::CloudRecord& cloud, const std::string& why) {
  return Error{
      ErrorKind::kInvalidArgument, ErrorClass::kTerminal, "cloud " + cloud.name + " " + why, {}};
}

bool UpdateWasInterrupted(const store::CloudRecord& cloud) {
  return cloud.options.is_object() && cloud.options.contains(kPendingUpdateFromKey);
}

// The options the update changes from: those before an interrupted update, else the stored.
Result<SetupOptions> UpdateStartOptions(const store::CloudRecord& cloud) {
  auto from = SetupOptionsFromJson(
      UpdateWasInterrupted(cloud) ? cloud.options[kPendingUpdateFromKey] : cloud.options);
  if (!from) return Fail(from.error());
  if (from->region.empty()) from->region = cloud.region;
  return from;
}

Error UpdateFailure(const ExecutionReport& report, const std::string& name) {
  Error error = report.walk.errors.empty()
                    ? Error{ErrorKind::kInterrupted, ErrorClass::kTerminal, "interrupted", {}}
                    : report.walk.errors.front().second;
  error.message +=
      "; what exists is kept: fix the cause and re-run the same raycloud cloud "
      "update --name " +
      name + " to resume";
  if (report.walk.errors.size() > 1) {
    error.message += fmt::format(" ({} more resources failed)", report.walk.errors.size() - 1);
  }
  return error;
}

}  // namespace

Result<SetupOptions> UpdatableOptions(const store::CloudRecord& cloud) {
  using store::CloudStatus;
  if (!cloud.managed) {
    return Fail(UpdateRefused(cloud,
                              "is a registered cloud; raycloud changes only clouds it set "
                              "up (change the resources yourself, then run raycloud "
                              "cloud verify)"));
  }
  switch (cloud.status) {
    case CloudStatus::kActive:
    case CloudStatus::kUpdating:
      break;
    case CloudStatus::kFailed:
      if (UpdateWasInterrupted(cloud)) break;
      [[fallthrough]];
    case CloudStatus::kCreating:
      return Fail(UpdateRefused(cloud, std::string("is ") + store::CloudStatusName(cloud.status) +
                                           " (its setup did not finish); finish it with raycloud "
                                           "cloud setup --name " +
                                           cloud.name + " first"));
    case CloudStatus::kDeleting:
    case CloudStatus::kDeleted:
      return Fail(UpdateRefused(cloud, std::string("is ") + store::CloudStatusName(cloud.status) +
                                           "; it cannot be updated"));
  }
  auto options = SetupOptionsFromJson(cloud.options);
  if (!options) return Fail(options.error());
  if (options->region.empty()) options->region = cloud.region;
  return options;
}

Result<UpdatePlan> PlanUpdate(aws::AwsClient& aws, store::Store& store,
                              const store::CloudRecord& cloud, const SetupOptions& options,
                              const RunSettings& settings) {
  UpdatePlan planned;
  planned.cloud = cloud;
  auto from = UpdateStartOptions(cloud);
  if (!from) return Fail(from.error());
  planned.from = *from;
  planned.to = options;
  planned.to.region = cloud.region;
  planned.to.dry_run = false;
  planned.to.no_rollback = false;

  auto records = store.ListResources(cloud.id);
  if (!records) return Fail(records.error());
  const std::string bucket =
      options.bucket_name.empty() ? DefaultBucketName(cloud.id) : options.bucket_name;
  auto preflight = RunPreflight(aws, planned.to, bucket, cloud.id, /*resuming=*/true);
  if (!preflight) return Fail(preflight.error());
  const CloudIdentity stored = StoredIdentity(cloud, *records);
  if (!stored.account_id.empty() && stored.account_id != preflight->account_id) {
    return Fail(Error::Invalid(fmt::format(
        "cloud {} is in AWS account {}, but the credentials are for account {}; use the "
        "profile of the cloud's account",
        cloud.name, stored.account_id, preflight->account_id)));
  }
  CloudIdentity identity{
      cloud.id,     cloud.org_id,     preflight->account_id, preflight->partition,
      cloud.region, cloud.external_id};
  auto current = BuildPlan(planned.from, identity, preflight->azs);
  if (!current) return Fail(current.error());
  auto target = BuildPlan(planned.to, identity, preflight->azs);
  if (!target) return Fail(target.error());
  planned.plan = std::move(*target);
  planned.diff = ComputeUpdateDiff(planned.from, planned.to, *current, planned.plan, *records);

  // What the plans agree on may still differ in AWS (an older raycloud's policies, a hand
  // edit): ask the handlers.
  ResourceContext context{aws, identity, cloud.name, *settings.clock, settings.timing};
  Executor executor(planned.plan, store, context, {.max_in_flight = settings.max_in_flight});
  auto drifted = executor.Drifted(DriftCandidates(planned.plan, planned.diff, *records));
  if (!drifted) return Fail(drifted.error());
  AddDrift(planned.diff, planned.plan, *drifted);
  return planned;
}

Result<UpdateOutcome> RunUpdate(aws::AwsClient& aws, store::Store& store,
                                const store::CloudRecord& seen, const SetupOptions& options,
                                const RunSettings& settings,
                                const std::function<void(const UpdateDiff&)>& show_diff) {
  auto lock = store::CloudLock::Acquire(settings.state_dir, seen.name);
  if (!lock) return Fail(lock.error());
  auto found = store.FindCloudByName(seen.name);
  if (!found) return Fail(found.error());
  if (!found->has_value() || (*found)->id != seen.id || (*found)->options != seen.options ||
      (*found)->status != seen.status) {
    return Fail({ErrorKind::kInProgress,
                 ErrorClass::kConflict,
                 "cloud " + seen.name + " changed while this update started; re-run it",
                 {}});
  }
  store::CloudRecord cloud = **found;
  auto planned = PlanUpdate(aws, store, cloud, options, settings);
  if (!planned) return Fail(planned.error());

  UpdateOutcome outcome;
  outcome.diff = planned->diff;
  outcome.plan = std::move(planned->plan);
  if (show_diff) show_diff(outcome.diff);
  if (outcome.diff.empty() && cloud.status == store::CloudStatus::kActive) {
    outcome.cloud = cloud;
    return outcome;
  }

  // The new options go in before the first change, so delete and describe know what an
  // interrupted update may have created; the old ones stay for a re-run to compare with.
  json stored = SetupOptionsToJson(planned->to);
  stored["availability_zones"] = outcome.plan.names.zones;
  stored[kPendingUpdateFromKey] = UpdateWasInterrupted(cloud) ? cloud.options[kPendingUpdateFromKey]
                                                              : SetupOptionsToJson(planned->from);
  cloud.options = std::move(stored);
  cloud.status = store::CloudStatus::kUpdating;
  if (auto ok = store.UpdateCloud(cloud); !ok) return Fail(ok.error());

  CloudIdentity identity{cloud.id,
                         cloud.org_id,
                         outcome.plan.policy_params.account_id,
                         outcome.plan.policy_params.partition,
                         cloud.region,
                         cloud.external_id};
  ResourceContext context{aws, identity, cloud.name, *settings.clock, settings.timing};
  const auto reconcile = outcome.diff.ToReconcile();
  Executor executor(outcome.plan, store, context,
                    {.max_in_flight = settings.max_in_flight,
                     .cancelled = settings.cancelled,
                     .progress = settings.progress,
                     .reconcile = {reconcile.begin(), reconcile.end()}});
  outcome.report = executor.Setup();
  if (outcome.report.walk.cancelled) {
    return Fail({ErrorKind::kInterrupted,
                 ErrorClass::kTerminal,
                 "interrupted; what was changed is recorded: re-run the same command to resume",
                 {}});
  }
  if (!outcome.report.ok()) {
    cloud.status = store::CloudStatus::kFailed;
    (void)store.UpdateCloud(cloud);
    return Fail(UpdateFailure(outcome.report, cloud.name));
  }
  cloud.options.erase(kPendingUpdateFromKey);
  cloud.status = store::CloudStatus::kActive;
  if (auto ok = store.UpdateCloud(cloud); !ok) return Fail(ok.error());
  outcome.cloud = cloud;
  return outcome;
}

}  // namespace raycloud::cloud
