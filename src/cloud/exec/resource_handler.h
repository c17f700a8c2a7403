#pragma once

#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "aws/client/aws_client.h"
#include "cloud/exec/timing.h"
#include "cloud/plan/cloud_plan.h"
#include "common/clock.h"
#include "common/error.h"

namespace raycloud::cloud {

/// What one handler call may use.
struct ResourceContext {
  aws::AwsClient& aws;
  const CloudIdentity& identity;
  std::string cloud_name;
  Clock& clock;
  Timing timing;
  /// Delete: empty and delete a bucket that holds objects (else keep it, tagged retained).
  bool delete_bucket = false;
};

/// A resource as it exists in AWS: its id, and attributes dependants or outputs need
/// (ARNs, the VPC of a subnet, the association id of a route table link, ...).
struct ResourceState {
  std::string physical_id;
  nlohmann::json attributes = nlohmann::json::object();
};

/// A spec whose `{"ref": NAME}` values were replaced by the referenced resources' ids.
struct ResolvedSpec {
  const ResourceSpec& spec;
  nlohmann::json properties;
  /// The Name tag value, `<cloud-name>-<logical name>`.
  std::string name_tag;
};

/// The create/adopt/delete recipe of one resource kind. Implementations are stateless and
/// thread-safe; every AWS call goes through `context.aws`.
class ResourceHandler {
 public:
  virtual ~ResourceHandler() = default;

  /// The resource if it already exists (found by the cloud's tags or by its unique name),
  /// so a resumed or retried setup adopts it instead of creating a duplicate.
  virtual Result<std::optional<ResourceState>> Find(const ResolvedSpec& spec,
                                                    ResourceContext& context) = 0;

  /// Creates the resource, tagged at creation (or with an idempotency token where the API
  /// has one). Returns as soon as AWS returned the id.
  virtual Result<ResourceState> Create(const ResolvedSpec& spec, ResourceContext& context) = 0;

  /// Waits until the resource is usable (NAT gateways, EFS, MemoryDB); default: at once.
  virtual Status WaitReady(const ResolvedSpec&, const ResourceState&, ResourceContext&) {
    return {};
  }

  /// `cloud update`: whether the existing resource's configuration (policy documents,
  /// rules, settings) still matches the spec, so an update shows and repairs what an older
  /// raycloud or a hand edit left different. Read-only. Default: nothing to compare.
  virtual Result<bool> InSync(const ResolvedSpec&, const ResourceState&, ResourceContext&) {
    return true;
  }

  /// `cloud update`: brings the existing resource's configuration to the spec in place and
  /// returns its state (to record). Default: puts the spec's tags (ApplyPlannedTags).
  virtual Result<ResourceState> Reconcile(const ResolvedSpec& spec, const ResourceState& state,
                                          ResourceContext& context);

  /// After a delete kept failing because the resource is in use: what uses it that the
  /// cloud did not create (each entry names one blocker), for the error. Default: none known.
  virtual Result<std::vector<std::string>> Blockers(const ResourceState&, ResourceContext&) {
    return std::vector<std::string>();
  }

  /// Deletes the resource and waits until it is gone. A resource that no longer exists is
  /// success. `attributes` are those recorded at creation.
  virtual Status Delete(const ResourceState& state, ResourceContext& context) = 0;
};

/// Puts the spec's `tags` on an existing resource of any tagged kind (added or replacing
/// the value of the same key; tags are never removed). Nothing when the spec has no tags.
Status ApplyPlannedTags(const ResolvedSpec& spec, const ResourceState& state,
                        ResourceContext& context);

/// The handler of `kind`, or nullptr.
ResourceHandler* FindHandler(std::string_view kind);

}  // namespace raycloud::cloud
