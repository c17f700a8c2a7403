// Shared storage over NFS: the EFS file system and one mount target per cluster subnet
// (cloud-resources.md, "Storage").
#include "cloud/exec/aws_lookup.h"
#include "cloud/exec/handlers/handler_support.h"
#include "cloud/exec/handlers/handlers.h"

namespace raycloud::cloud::handlers {
namespace {

using json = nlohmann::json;

// A LifeCycleState that will never become `available`.
bool IsDeadState(const std::string& state) {
  return state == "deleting" || state == "deleted" || state == "error";
}

Error NotUsable(const std::string& what, const std::string& state) {
  return Error{ErrorKind::kAws,
               ErrorClass::kTerminal,
               what + " is " + state + ", not available",
               {{"aws_resource", what}}};
}

// Polls `describe` (one item, or null once it is gone) until it is gone.
Status WaitGone(ResourceContext& context, const std::string& what,
                const std::function<Result<json>()>& describe) {
  return PollUntil(
      context, what + " to be deleted",
      [&]() -> Result<json> {
        auto item = describe();
        if (!item && IsNotFound(item.error())) return json();
        return item;
      },
      [](const json& item) -> Result<bool> {
        return !item.is_object() || item.value("LifeCycleState", "") == "deleted";
      });
}

Result<json> DescribeFileSystem(ResourceContext& context, const std::string& id) {
  auto output = CallFor(context, id, "efs", "DescribeFileSystems", {{"FileSystemId", id}});
  if (!output) return output;
  const json systems = output->value("FileSystems", json::array());
  return systems.empty() ? json() : systems[0];
}

class EfsFileSystemHandlerImpl final : public ResourceHandler {
 public:
  Result<std::optional<ResourceState>> Find(const ResolvedSpec& spec,
                                            ResourceContext& context) override {
    const std::string token = Text(spec.properties, "creation_token");
    auto output = CallFor(context, token, "efs", "DescribeFileSystems", {{"CreationToken", token}});
    if (!output) {
      if (IsNotFound(output.error())) return std::optional<ResourceState>();
      return Fail(output.error());
    }
    for (const auto& system : output->value("FileSystems", json::array())) {
      if (IsDeadState(system.value("LifeCycleState", ""))) continue;
      const std::string id = system.value("FileSystemId", "");
      if (auto owned = CheckOwned(system.value("Tags", json::array()), context,
                                  "EFS file system " + id + " (creation token " + token + ")");
          !owned) {
        return Fail(owned.error());
      }
      return std::optional<ResourceState>(StateOf(system));
    }
    return std::optional<ResourceState>();
  }

  Result<ResourceState> Create(const ResolvedSpec& spec, ResourceContext& context) override {
    // The creation token makes the client's own retries safe.
    const std::string token = Text(spec.properties, "creation_token");
    json params = {{"CreationToken", token},
                   {"Encrypted", spec.properties.value("encrypted", true)},
                   {"Backup", spec.properties.value("backup", true)},
                   {"Tags", CreationTags(spec, context)}};
    if (const std::string mode = Text(spec.properties, "performance_mode"); !mode.empty()) {
      params["PerformanceMode"] = mode;
    }
    if (const std::string mode = Text(spec.properties, "throughput_mode"); !mode.empty()) {
      params["ThroughputMode"] = mode;
    }
    auto output = CallFor(context, spec.name_tag, "efs", "CreateFileSystem", params);
    if (!output) return Fail(output.error());
    return StateOf(*output);
  }

  // Waits for `available`, then sets the lifecycle policies (after a create and after an
  // adoption alike: CreateFileSystem cannot carry them).
  Status WaitReady(const ResolvedSpec& spec, const ResourceState& state,
                   ResourceContext& context) override {
    const std::string what = "EFS file system " + state.physical_id;
    auto ready = PollUntil(
        context, what, [&] { return DescribeFileSystem(context, state.physical_id); },
        [&](const json& system) -> Result<bool> {
          const std::string status = system.is_object() ? system.value("LifeCycleState", "") : "";
          if (IsDeadState(status)) return Fail(NotUsable(what, status));
          return status == "available";
        });
    if (!ready) return ready;
    const json policies = spec.properties.value("lifecycle_policies", json::array());
    if (policies.empty()) return {};
    auto output = CallFor(context, state.physical_id, "efs", "PutLifecycleConfiguration",
                          {{"FileSystemId", state.physical_id}, {"LifecyclePolicies", policies}});
    if (!output) return Fail(output.error());
    return {};
  }

  Status Delete(const ResourceState& state, ResourceContext& context) override {
    // The plan deletes the mount targets (and waits until they are gone) first.
    auto deleted = GoneIsFine(CallFor(context, state.physical_id, "efs", "DeleteFileSystem",
                                      {{"FileSystemId", state.physical_id}}, Once()));
    if (!deleted) return deleted;
    return WaitGone(context, "EFS file system " + state.physical_id,
                    [&] { return DescribeFileSystem(context, state.physical_id); });
  }

 private:
  static ResourceState StateOf(const json& system) {
    return {system.value("FileSystemId", ""), {{"arn", system.value("FileSystemArn", "")}}};
  }
};

Result<json> DescribeMountTarget(ResourceContext& context, const std::string& id) {
  auto output = CallFor(context, id, "efs", "DescribeMountTargets", {{"MountTargetId", id}});
  if (!output) return output;
  const json targets = output->value("MountTargets", json::array());
  return targets.empty() ? json() : targets[0];
}

class EfsMountTargetHandlerImpl final : public ResourceHandler {
 public:
  // EFS allows one mount target per file system and AZ: the file system's target in the
  // planned subnet is the one.
  Result<std::optional<ResourceState>> Find(const ResolvedSpec& spec,
                                            ResourceContext& context) override {
    const std::string system = Text(spec.properties, "file_system");
    const std::string subnet = Text(spec.properties, "subnet");
    if (system.empty()) return std::optional<ResourceState>();
    auto output = context.aws.CallAll("efs", "DescribeMountTargets", {{"FileSystemId", system}});
    if (!output) {
      if (IsNotFound(output.error())) return std::optional<ResourceState>();
      return Fail(About(output.error(), system));
    }
    for (const auto& target : output->value("MountTargets", json::array())) {
      if (IsDeadState(target.value("LifeCycleState", ""))) continue;
      if (subnet.empty() || target.value("SubnetId", "") == subnet) {
        return std::optional<ResourceState>(StateOf(target));
      }
    }
    return std::optional<ResourceState>();
  }

  Result<ResourceState> Create(const ResolvedSpec& spec, ResourceContext& context) override {
    const std::string system = Text(spec.properties, "file_system");
    json groups = json::array();
    for (const auto& group : spec.properties.value("security_groups", json::array())) {
      if (group.is_string()) groups.push_back(group);
    }
    // No token: a repeat answers MountTargetConflict, after which the executor adopts.
    auto output = CallFor(context, system, "efs", "CreateMountTarget",
                          {{"FileSystemId", system},
                           {"SubnetId", Text(spec.properties, "subnet")},
                           {"SecurityGroups", groups}},
                          Once());
    if (!output) return Fail(output.error());
    return StateOf(*output);
  }

  Status WaitReady(const ResolvedSpec&, const ResourceState& state,
                   ResourceContext& context) override {
    const std::string what = "EFS mount target " + state.physical_id;
    return PollUntil(
        context, what, [&] { return DescribeMountTarget(context, state.physical_id); },
        [&](const json& target) -> Result<bool> {
          const std::string status = target.is_object() ? target.value("LifeCycleState", "") : "";
          if (IsDeadState(status)) return Fail(NotUsable(what, status));
          return status == "available";
        });
  }

  Status Delete(const ResourceState& state, ResourceContext& context) override {
    auto deleted = GoneIsFine(CallFor(context, state.physical_id, "efs", "DeleteMountTarget",
                                      {{"MountTargetId", state.physical_id}}, Once()));
    if (!deleted) return deleted;
    // The file system, the subnet and the security group stay in use until it is gone.
    return WaitGone(context, "EFS mount target " + state.physical_id,
                    [&] { return DescribeMountTarget(context, state.physical_id); });
  }

 private:
  static ResourceState StateOf(const json& target) {
    return {target.value("MountTargetId", ""),
            {{"file_system", target.value("FileSystemId", "")},
             {"subnet", target.value("SubnetId", "")},
             {"ip_address", target.value("IpAddress", "")}}};
  }
};

}  // namespace

ResourceHandler& EfsFileSystemHandler() {
  static EfsFileSystemHandlerImpl handler;
  return handler;
}

ResourceHandler& EfsMountTargetHandler() {
  static EfsMountTargetHandlerImpl handler;
  return handler;
}

}  // namespace raycloud::cloud::handlers
