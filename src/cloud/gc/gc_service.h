#pragma once

// `raycloud cloud gc` (cli.md): finds the resources of clouds the store lost or deleted,
// removes them through the executor's delete walk, or rebuilds a lost record.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "aws/client/aws_client.h"
#include "cloud/gc/orphans.h"
#include "cloud/setup/setup_service.h"
#include "store/store.h"

namespace raycloud::cloud {

/// The orphans of the client's region: every tagged resource whose cloud the store lacks
/// or holds as `deleted`, grouped by cloud (read-only).
Result<std::vector<OrphanCloud>> ListOrphanClouds(aws::AwsClient& aws, store::Store& store);

/// What `cloud gc --delete` did to one orphan cloud.
struct GcDeleteOutcome {
  std::string cloud_id;
  std::string cloud_name;
  std::vector<TaggedResource> removed;
  /// Buckets holding objects, kept without --delete-bucket (tagged raycloud-retained=true).
  std::vector<TaggedResource> kept;
  /// Anything else still tagged afterwards (a failure, or a resource no plan describes).
  std::vector<TaggedResource> left;
  std::optional<Error> error;
};

/// Removes the resources of each orphan cloud in reverse dependency order, exactly as
/// `cloud delete` does: its record (the store's, or one rebuilt from the tags) is copied to
/// a scratch store under the state directory, the plan's resources are adopted (under the
/// cloud's lock) and Executor::Delete runs. The store's own records are left as they are
/// except that resources now gone are dropped from a `deleted` cloud's record. What remains
/// is found by discovering again.
Result<std::vector<GcDeleteOutcome>> DeleteOrphanClouds(aws::AwsClient& aws, store::Store& store,
                                                        const std::vector<OrphanCloud>& orphans,
                                                        const RunSettings& settings,
                                                        bool delete_bucket,
                                                        std::chrono::milliseconds timeout);

/// What `cloud gc --import` stored.
struct ImportOutcome {
  store::CloudRecord cloud;
  std::vector<store::ResourceRecord> resources;
};

/// Rebuilds the record of cloud `cloud_id` from its tagged resources under `name` and
/// stores it `active`. `name` must be the name the resources are tagged with (their AWS
/// names derive from it). Refuses (kAlreadyExists) a name or id the store already holds
/// live; kNotFound when nothing in the region carries the id. Both exit 2.
Result<ImportOutcome> ImportCloud(aws::AwsClient& aws, store::Store& store, const std::string& name,
                                  const std::string& cloud_id, const RunSettings& settings);

}  // namespace raycloud::cloud
