#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "cloud/dag.h"
#include "cloud/exec/resource_handler.h"
#include "store/store.h"

namespace raycloud::cloud {

/// One line of progress (stderr, like stack events) per resource start and finish.
struct ProgressEvent {
  enum class Phase {
    kStarted,
    kAdopted,
    kCreated,
    kUpdated,
    kReady,
    kDeleting,
    kDeleted,
    kFailed,
    kRetained
  };
  Phase phase;
  std::string logical_name;
  std::string kind;
  std::string physical_id;
  double elapsed_seconds = 0;
  std::string message;
};
using ProgressCallback = std::function<void(const ProgressEvent&)>;

struct ExecutorOptions {
  size_t max_in_flight = 8;
  std::function<bool()> cancelled;
  ProgressCallback progress;
  /// Delete: how long to wait for dependants AWS is still draining.
  std::chrono::milliseconds delete_timeout{std::chrono::minutes(15)};
  /// Setup (for `cloud update`): resources that already exist and are brought to the plan
  /// in place (ResourceHandler::Reconcile) instead of being adopted as they are.
  std::set<std::string> reconcile;
};

/// What a setup or delete run did, per resource.
struct ExecutionReport {
  WalkReport walk;
  /// logical name -> state of every resource that exists after the run.
  std::map<std::string, ResourceState> resources;
  /// logical name -> seconds from start to ready (setup) or gone (delete).
  std::map<std::string, double> seconds;
  /// Resources kept on purpose (a bucket holding objects), logical names.
  std::vector<std::string> retained;
  /// Setup: logical names created by this run, and those reconciled in place.
  std::vector<std::string> created;
  std::vector<std::string> updated;
  bool ok() const { return walk.ok(); }
};

/// Creates and deletes the resources of a plan, recording each in the store the moment
/// AWS returns its id. Setup adopts what already exists (record or tags), so a re-run after
/// a crash creates only what is missing; delete resumes the same way.
class Executor {
 public:
  Executor(const CloudPlan& plan, store::Store& store, ResourceContext& context,
           ExecutorOptions options);

  /// Walks the plan forward under the concurrency cap; stops starting new work after the
  /// first failure and reports every error.
  ExecutionReport Setup();

  /// Walks the plan backward, deleting every resource that is recorded or found by tag.
  /// DependencyViolation is retried until `delete_timeout`.
  ExecutionReport Delete();

  /// The recorded resources among `names` whose configuration no longer matches the plan
  /// (ResourceHandler::InSync), in plan order. Read-only; names not recorded are skipped.
  Result<std::vector<std::string>> Drifted(const std::vector<std::string>& names);

 private:
  void LoadRecords(bool include_deleted);
  Status SetupOne(const std::string& logical_name, ExecutionReport& report);
  Status DeleteOne(const std::string& logical_name, ExecutionReport& report);
  // `error` (a delete refused because the resource is in use) naming what still uses it.
  Error WithBlockers(Error error, ResourceHandler& handler, const ResourceState& state);
  Result<ResourceState> CreateWithAdoption(ResourceHandler& handler, const ResolvedSpec& resolved);
  Result<ResolvedSpec> Resolve(const ResourceSpec& spec, bool allow_missing);
  Status Record(const ResourceSpec& spec, const ResourceState& state, const std::string& status);
  void Emit(ProgressEvent::Phase phase, const ResourceSpec& spec, const std::string& id,
            const std::string& message = "");
  double Elapsed() const;
  std::function<double(const std::string&)> NodeCost() const;

  const CloudPlan& plan_;
  store::Store& store_;
  ResourceContext& context_;
  ExecutorOptions options_;
  Clock::TimePoint started_;
  std::mutex mutex_;
  std::map<std::string, ResourceState> known_;  // logical name -> state
};

}  // namespace raycloud::cloud
