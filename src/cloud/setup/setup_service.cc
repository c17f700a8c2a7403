#include "cloud/setup/setup_service.h"

#include <fmt/format.h>

#include "cloud/plan/resource_names.h"
#include "cloud/plan/stored_cloud.h"
#include "common/random.h"
#include "store/cloud_lock.h"

namespace raycloud::cloud {
namespace {

using json = nlohmann::json;

// Lines "field: stored -> given" for every option that differs.
std::string OptionsDifference(const SetupOptions& stored, const SetupOptions& given) {
  json a = SetupOptionsToJson(stored);
  json b = SetupOptionsToJson(given);
  std::vector<std::string> lines;
  for (const auto& [key, value] : a.items()) {
    if (!b.contains(key) || b[key] != value) {
      lines.push_back(fmt::format("  {}: stored {} , given {}", key, value.dump(),
                                  b.contains(key) ? b[key].dump() : "(none)"));
    }
  }
  return fmt::format("{}", fmt::join(lines, "\n"));
}

SetupOptions Comparable(SetupOptions options) {
  options.dry_run = false;
  options.no_rollback = false;
  return options;
}

std::string FirstError(const ExecutionReport& report) {
  if (report.walk.errors.empty()) return "interrupted";
  return report.walk.errors.front().second.message;
}

Error SetupError(const ExecutionReport& report, bool rolled_back, bool no_rollback) {
  Error error = report.walk.errors.empty()
                    ? Error{ErrorKind::kInterrupted, ErrorClass::kTerminal, "interrupted", {}}
                    : report.walk.errors.front().second;
  std::string next = rolled_back
                         ? "everything this setup created was removed again; fix the cause and "
                           "re-run the same command"
                     : no_rollback ? "the resources created so far are kept (--no-rollback); fix "
                                     "the cause and re-run the same command to resume, or run "
                                     "raycloud cloud delete"
                                   : "re-run the same command to resume";
  error.message = FirstError(report) + "; " + next;
  if (report.walk.errors.size() > 1) {
    error.message += fmt::format(" ({} more resources failed)", report.walk.errors.size() - 1);
  }
  return error;
}

}  // namespace

Result<DryRunOutcome> PlanSetup(aws::AwsClient& aws, store::Store& store,
                                const SetupOptions& options) {
  DryRunOutcome outcome;
  outcome.cloud_id = "cld_" + SecureRandomToken(24);
  if (auto existing = store.FindCloudByName(options.name); existing && existing->has_value()) {
    outcome.cloud_id = (*existing)->id;
  }
  std::string bucket =
      options.bucket_name.empty() ? DefaultBucketName(outcome.cloud_id) : options.bucket_name;
  auto preflight = RunPreflight(aws, options, bucket, outcome.cloud_id, false);
  if (!preflight) return Fail(preflight.error());
  outcome.preflight = *preflight;
  CloudIdentity identity{outcome.cloud_id,     "org_dryrun",   preflight->account_id,
                         preflight->partition, options.region, "<generated at setup>"};
  auto plan = BuildPlan(options, identity, preflight->azs);
  if (!plan) return Fail(plan.error());
  outcome.plan = std::move(*plan);
  return outcome;
}

Result<SetupOutcome> RunSetup(aws::AwsClient& aws, store::Store& store, const SetupOptions& options,
                              const RunSettings& settings) {
  auto lock = store::CloudLock::Acquire(settings.state_dir, options.name);
  if (!lock) return Fail(lock.error());

  SetupOutcome outcome;
  auto existing = store.FindCloudByName(options.name);
  if (!existing) return Fail(existing.error());
  store::CloudRecord cloud;
  if (existing->has_value()) {
    cloud = **existing;
    using store::CloudStatus;
    if (cloud.status == CloudStatus::kActive || cloud.status == CloudStatus::kUpdating) {
      return Fail({ErrorKind::kAlreadyExists,
                   ErrorClass::kConflict,
                   "cloud " + options.name + " already exists and is " +
                       store::CloudStatusName(cloud.status) +
                       "; change it with raycloud cloud update --name " + options.name,
                   {}});
    }
    if (cloud.status == CloudStatus::kDeleting) {
      return Fail({ErrorKind::kInProgress,
                   ErrorClass::kConflict,
                   "cloud " + options.name +
                       " is being deleted; finish with raycloud cloud delete --name " +
                       options.name + " first",
                   {}});
    }
    if (!cloud.managed) {
      return Fail({ErrorKind::kAlreadyExists,
                   ErrorClass::kConflict,
                   "cloud " + options.name + " is a registered cloud; choose another name",
                   {}});
    }
    auto stored = SetupOptionsFromJson(cloud.options);
    if (!stored) return Fail(stored.error());
    SetupOptions given = options;
    // The stored zones are the ones the first run chose when none were given.
    if (given.availability_zones.empty()) given.availability_zones = stored->availability_zones;
    if (Comparable(*stored) != Comparable(given)) {
      return Fail(Error::Invalid("cloud " + options.name + " is " +
                                 store::CloudStatusName(cloud.status) +
                                 " with other options; re-run with the stored options to "
                                 "resume, or delete it first. Differences:\n" +
                                 OptionsDifference(*stored, given)));
    }
    outcome.resumed = true;
  } else {
    auto org = store.DefaultOrganization();
    if (!org) return Fail(org.error());
    cloud.id = "cld_" + SecureRandomToken(24);
    cloud.org_id = org->id;
    cloud.name = options.name;
    cloud.region = options.region;
    cloud.managed = true;
    // 32 characters of [a-z0-9]: about 165 random bits (cloud-resources.md: at least 128).
    cloud.external_id = SecureRandomToken(32);
    cloud.options = SetupOptionsToJson(Comparable(options));
  }

  std::string bucket =
      options.bucket_name.empty() ? DefaultBucketName(cloud.id) : options.bucket_name;
  auto preflight = RunPreflight(aws, options, bucket, cloud.id, outcome.resumed);
  if (!preflight) return Fail(preflight.error());
  outcome.preflight = *preflight;

  CloudIdentity identity{
      cloud.id,       cloud.org_id,     preflight->account_id, preflight->partition,
      options.region, cloud.external_id};
  auto plan = BuildPlan(options, identity, preflight->azs);
  if (!plan) return Fail(plan.error());
  outcome.plan = std::move(*plan);
  // The zones are fixed at the first run, so describe, delete and resume rebuild the same plan.
  cloud.options["availability_zones"] = outcome.plan.names.zones;

  // Recorded before the first create, so a crash from here on is resumable.
  cloud.status = store::CloudStatus::kCreating;
  if (outcome.resumed) {
    if (auto ok = store.UpdateCloud(cloud); !ok) return Fail(ok.error());
  } else {
    if (auto ok = store.InsertCloud(cloud); !ok) return Fail(ok.error());
  }

  ResourceContext context{aws, identity, options.name, *settings.clock, settings.timing};
  Executor executor(outcome.plan, store, context,
                    {.max_in_flight = settings.max_in_flight,
                     .cancelled = settings.cancelled,
                     .progress = settings.progress});
  outcome.report = executor.Setup();
  if (outcome.report.ok()) {
    cloud.status = store::CloudStatus::kActive;
    if (auto ok = store.UpdateCloud(cloud); !ok) return Fail(ok.error());
    outcome.cloud = cloud;
    return outcome;
  }
  if (outcome.report.walk.cancelled) {
    return Fail({ErrorKind::kInterrupted,
                 ErrorClass::kTerminal,
                 "interrupted; what was created is recorded: re-run the same command to resume",
                 {}});
  }
  if (!options.no_rollback) {
    Executor rollback(outcome.plan, store, context,
                      {.max_in_flight = settings.max_in_flight, .progress = settings.progress});
    auto undone = rollback.Delete();
    outcome.rolled_back = undone.ok();
  }
  cloud.status = store::CloudStatus::kFailed;
  (void)store.UpdateCloud(cloud);
  return Fail(SetupError(outcome.report, outcome.rolled_back, options.no_rollback));
}

Result<StoredPlan> PlanOfStoredCloud(aws::AwsClient& aws, store::Store& store,
                                     const store::CloudRecord& cloud) {
  auto options = SetupOptionsFromJson(cloud.options);
  if (!options) return Fail(options.error());
  auto resources = store.ListResources(cloud.id);
  if (!resources) return Fail(resources.error());
  CloudIdentity identity = StoredIdentity(cloud, *resources);
  if (identity.account_id.empty()) {
    auto caller = aws.Call("sts", "GetCallerIdentity");
    if (!caller) return Fail(caller.error());
    identity.account_id = caller->value("Account", "");
  }
  auto plan = BuildPlan(*options, identity, {});
  if (!plan) return Fail(plan.error());
  return StoredPlan{std::move(identity), std::move(*plan)};
}

Result<ExecutionReport> RunDelete(aws::AwsClient& aws, store::Store& store,
                                  store::CloudRecord cloud, const RunSettings& settings,
                                  bool delete_bucket, std::chrono::milliseconds timeout) {
  auto lock = store::CloudLock::Acquire(settings.state_dir, cloud.name);
  if (!lock) return Fail(lock.error());
  auto stored = PlanOfStoredCloud(aws, store, cloud);
  if (!stored) return Fail(stored.error());
  const CloudIdentity& identity = stored->identity;
  const CloudPlan* plan = &stored->plan;

  cloud.status = store::CloudStatus::kDeleting;
  if (auto ok = store.UpdateCloud(cloud); !ok) return Fail(ok.error());
  ResourceContext context{aws, identity, cloud.name, *settings.clock, settings.timing};
  context.delete_bucket = delete_bucket;
  Executor executor(*plan, store, context,
                    {.max_in_flight = settings.max_in_flight,
                     .cancelled = settings.cancelled,
                     .progress = settings.progress,
                     .delete_timeout = timeout});
  ExecutionReport report = executor.Delete();
  if (report.ok()) {
    cloud.status = store::CloudStatus::kDeleted;
    if (auto ok = store.UpdateCloud(cloud); !ok) return Fail(ok.error());
    return report;
  }
  if (report.walk.cancelled) {
    return Fail({ErrorKind::kInterrupted,
                 ErrorClass::kTerminal,
                 "interrupted; re-run raycloud cloud delete to continue",
                 {}});
  }
  Error error = report.walk.errors.front().second;
  error.message += "; re-run raycloud cloud delete --name " + cloud.name + " to continue";
  return Fail(std::move(error));
}

}  // namespace raycloud::cloud
