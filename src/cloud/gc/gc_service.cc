#include "cloud/gc/gc_service.h"

#include <stdlib.h>

#include <filesystem>
#include <set>

#include "cloud/exec/executor.h"
#include "cloud/gc/adopt_walk.h"
#include "cloud/gc/discovery.h"
#include "cloud/gc/rebuild.h"
#include "cloud/plan/plan_builder.h"
#include "cloud/plan/resource_kinds.h"
#include "cloud/plan/stored_cloud.h"
#include "store/cloud_lock.h"
#include "store/sqlite_store.h"

namespace raycloud::cloud {
namespace {

using json = nlohmann::json;

// A record without zones (nothing but a bucket or a role left) gets the region's default
// ones, so its plan can be built; the resources it adopts do not depend on them.
Status FillGcZones(aws::AwsClient& aws, store::CloudRecord& record) {
  auto options = SetupOptionsFromJson(record.options);
  if (!options) return Fail(options.error());
  if (!options->availability_zones.empty()) return {};
  auto output = aws.Call("ec2", "DescribeAvailabilityZones",
                         {{"Filters", {{{"Name", "state"}, {"Values", {"available"}}}}}});
  if (!output) return Fail(output.error());
  std::vector<Az> azs;
  for (const auto& zone : output->value("AvailabilityZones", json::array())) {
    azs.push_back({zone.value("ZoneName", ""), zone.value("ZoneId", "")});
  }
  auto zones = ChooseZones(*options, azs);
  if (!zones) return Fail(zones.error());
  record.options["availability_zones"] = *zones;
  return {};
}

// Records in `store` every resource of `record`'s plan that exists; the failed lookups.
Result<std::vector<std::pair<std::string, Error>>> AdoptPlan(aws::AwsClient& aws,
                                                             store::Store& store,
                                                             const store::CloudRecord& record,
                                                             const RunSettings& settings) {
  auto stored = PlanOfStoredCloud(aws, store, record);
  if (!stored) return Fail(stored.error());
  ResourceContext context{aws, stored->identity, record.name, *settings.clock, settings.timing};
  return AdoptExisting(stored->plan, store, context, settings.progress);
}

// A fresh store in a private directory under the state directory, removed on destruction.
class ScratchStore {
 public:
  static Result<std::unique_ptr<ScratchStore>> Create(const std::filesystem::path& state_dir) {
    std::filesystem::create_directories(state_dir);
    std::string pattern = (state_dir / "gc-scratch-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
      return Fail(Error::Io("cannot create a scratch directory under " + state_dir.string()));
    }
    auto store = store::SqliteStore::Open(pattern);
    if (!store) {
      std::filesystem::remove_all(pattern);
      return Fail(store.error());
    }
    return std::unique_ptr<ScratchStore>(new ScratchStore(pattern, std::move(*store)));
  }
  ~ScratchStore() {
    store_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  store::Store& store() { return *store_; }

 private:
  ScratchStore(std::filesystem::path dir, std::unique_ptr<store::SqliteStore> store)
      : dir_(std::move(dir)), store_(std::move(store)) {}
  std::filesystem::path dir_;
  std::unique_ptr<store::SqliteStore> store_;
};

// Runs the delete walk of one orphan cloud in a scratch store; the first error, if any.
std::optional<Error> DeleteOneOrphan(aws::AwsClient& aws, store::Store& store,
                                     const OrphanCloud& orphan, const RunSettings& settings,
                                     bool delete_bucket, std::chrono::milliseconds timeout) {
  auto scratch = ScratchStore::Create(settings.state_dir);
  if (!scratch) return scratch.error();
  store::Store& work = (*scratch)->store();
  auto org = work.DefaultOrganization();
  if (!org) return org.error();
  store::CloudRecord record;
  if (orphan.record) {
    // The store's record knows the options; copied so that its status and name (which a
    // live cloud may have taken since) stay untouched.
    record = *orphan.record;
    record.org_id = org->id;
    record.status = store::CloudStatus::kDeleting;
  } else {
    record = RebuildRecord(orphan, aws.region(), org->id);
    if (record.name.empty()) record.name = orphan.cloud_id;
  }
  if (auto ok = FillGcZones(aws, record); !ok) return ok.error();
  if (auto ok = work.InsertCloud(record); !ok) return ok.error();
  if (orphan.record) {
    auto recorded = store.ListResources(orphan.cloud_id);
    if (!recorded) return recorded.error();
    for (const auto& resource : *recorded) (void)work.PutResource(resource);
  }
  {
    // RunDelete takes the lock itself (flock is per open file, even within a process).
    auto lock = store::CloudLock::Acquire(settings.state_dir, record.name);
    if (!lock) return lock.error();
    auto adopted = AdoptPlan(aws, work, record, settings);
    if (!adopted) return adopted.error();
    if (!adopted->empty()) return adopted->front().second;
  }
  auto deleted = RunDelete(aws, work, record, settings, delete_bucket, timeout);
  if (orphan.record) {
    // Drop from the store's record what the walk removed.
    auto before = store.ListResources(orphan.cloud_id);
    auto after = work.ListResources(orphan.cloud_id);
    if (before && after) {
      std::set<std::string> remaining;
      for (const auto& resource : *after) remaining.insert(resource.logical_name);
      for (const auto& resource : *before) {
        if (!remaining.contains(resource.logical_name)) {
          (void)store.DeleteResource(orphan.cloud_id, resource.logical_name);
        }
      }
    }
  }
  if (!deleted) return deleted.error();
  return std::nullopt;
}

}  // namespace

Result<std::vector<OrphanCloud>> ListOrphanClouds(aws::AwsClient& aws, store::Store& store) {
  auto clouds = store.ListClouds();
  if (!clouds) return Fail(clouds.error());
  auto tagged = DiscoverTagged(aws);
  if (!tagged) return Fail(tagged.error());
  return FindOrphans(std::move(*tagged), *clouds);
}

Result<std::vector<GcDeleteOutcome>> DeleteOrphanClouds(aws::AwsClient& aws, store::Store& store,
                                                        const std::vector<OrphanCloud>& orphans,
                                                        const RunSettings& settings,
                                                        bool delete_bucket,
                                                        std::chrono::milliseconds timeout) {
  std::vector<GcDeleteOutcome> outcomes;
  for (const auto& orphan : orphans) {
    GcDeleteOutcome outcome{orphan.cloud_id, orphan.cloud_name, {}, {}, {}, std::nullopt};
    outcome.error = DeleteOneOrphan(aws, store, orphan, settings, delete_bucket, timeout);
    if (outcome.error && outcome.error->kind == ErrorKind::kInterrupted) {
      return Fail(*outcome.error);
    }
    outcomes.push_back(std::move(outcome));
  }
  // What is left, seen afresh rather than as the walks reported it.
  auto tagged = DiscoverTagged(aws);
  if (!tagged) return Fail(tagged.error());
  for (size_t i = 0; i < orphans.size(); ++i) {
    std::set<std::pair<std::string, std::string>> remaining;
    for (const auto& resource : *tagged) {
      if (resource.cloud_id != orphans[i].cloud_id) continue;
      remaining.insert({resource.kind, resource.id});
      bool kept_bucket = resource.kind == kind::kBucket && !delete_bucket &&
                         resource.details.value("holds_objects", false);
      (kept_bucket ? outcomes[i].kept : outcomes[i].left).push_back(resource);
    }
    for (const auto& resource : orphans[i].resources) {
      if (!remaining.contains({resource.kind, resource.id}))
        outcomes[i].removed.push_back(resource);
    }
  }
  return outcomes;
}

Result<ImportOutcome> ImportCloud(aws::AwsClient& aws, store::Store& store, const std::string& name,
                                  const std::string& cloud_id, const RunSettings& settings) {
  auto by_name = store.FindCloudByName(name);
  if (!by_name) return Fail(by_name.error());
  if (by_name->has_value()) {
    return Fail({ErrorKind::kAlreadyExists,
                 ErrorClass::kConflict,
                 "a cloud named " + name + " exists already (" + (*by_name)->id +
                     "); raycloud cloud gc --import never replaces a record",
                 {}});
  }
  auto by_id = store.FindCloudById(cloud_id);
  if (!by_id) return Fail(by_id.error());
  if (by_id->has_value() && (*by_id)->status != store::CloudStatus::kDeleted) {
    return Fail({ErrorKind::kAlreadyExists,
                 ErrorClass::kConflict,
                 "the store already holds cloud " + cloud_id + " as " + (*by_id)->name,
                 {}});
  }
  auto lock = store::CloudLock::Acquire(settings.state_dir, name);
  if (!lock) return Fail(lock.error());

  auto tagged = DiscoverTagged(aws);
  if (!tagged) return Fail(tagged.error());
  OrphanCloud cloud{cloud_id, "", std::nullopt, {}};
  for (auto& resource : *tagged) {
    if (resource.cloud_id != cloud_id) continue;
    if (cloud.cloud_name.empty()) cloud.cloud_name = resource.cloud_name;
    cloud.resources.push_back(std::move(resource));
  }
  if (cloud.resources.empty()) {
    return Fail(Error::NotFound("nothing in region " + aws.region() + " is tagged " +
                                "raycloud-cloud-id=" + cloud_id));
  }
  if (cloud.cloud_name != name) {
    Error error = Error::Invalid("--import: the resources of " + cloud_id +
                                 " are tagged raycloud-cloud-name=" + cloud.cloud_name +
                                 " and their AWS names derive from it; import them with --import " +
                                 cloud.cloud_name);
    error.details["flag"] = "--import";
    return Fail(std::move(error));
  }
  auto org = store.DefaultOrganization();
  if (!org) return Fail(org.error());
  store::CloudRecord record = RebuildRecord(cloud, aws.region(), org->id);
  if (auto ok = FillGcZones(aws, record); !ok) return Fail(ok.error());
  if (by_id->has_value()) {
    record.created_at = (*by_id)->created_at;
    if (auto ok = store.UpdateCloud(record); !ok) return Fail(ok.error());
  } else if (auto ok = store.InsertCloud(record); !ok) {
    return Fail(ok.error());
  }
  auto adopted = AdoptPlan(aws, store, record, settings);
  if (!adopted || !adopted->empty()) {
    record.status = store::CloudStatus::kFailed;
    (void)store.UpdateCloud(record);
    Error error = adopted ? adopted->front().second : adopted.error();
    error.message += "; the record of " + name +
                     " is kept as failed: raycloud cloud delete --name " + name +
                     " removes what it holds";
    return Fail(std::move(error));
  }
  record.status = store::CloudStatus::kActive;
  if (auto ok = store.UpdateCloud(record); !ok) return Fail(ok.error());
  auto resources = store.ListResources(cloud_id);
  if (!resources) return Fail(resources.error());
  auto stored = store.FindCloudById(cloud_id);
  if (stored && stored->has_value()) record = **stored;
  return ImportOutcome{record, *resources};
}

}  // namespace raycloud::cloud
