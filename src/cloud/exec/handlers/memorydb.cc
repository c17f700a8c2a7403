// Head-node fault tolerance: the MemoryDB subnet group, parameter group and cluster
// (cloud-resources.md, "Storage").
#include "cloud/exec/aws_lookup.h"
#include "cloud/exec/handlers/handler_support.h"
#include "cloud/exec/handlers/handlers.h"

namespace raycloud::cloud::handlers {
namespace {

using json = nlohmann::json;

// The resource's tags; nothing when the service cannot list them (the local emulator
// keeps no tags for parameter groups), in which case the name alone identifies it.
Result<std::optional<json>> ListTags(ResourceContext& context, const std::string& arn) {
  auto output = CallFor(context, arn, "memorydb", "ListTags", {{"ResourceArn", arn}});
  if (!output) {
    if (IsNotFound(output.error())) return std::optional<json>();
    return Fail(output.error());
  }
  return std::optional<json>(output->value("TagList", json::array()));
}

// Finds the one named resource with `operation` (e.g. DescribeSubnetGroups), checking it
// carries the cloud's tag where its tags can be read.
Result<std::optional<json>> FindNamed(ResourceContext& context, std::string_view operation,
                                      std::string_view name_member, std::string_view list_key,
                                      const std::string& name, const std::string& what) {
  auto output = CallFor(context, name, "memorydb", operation, {{std::string(name_member), name}});
  if (!output) {
    if (IsNotFound(output.error())) return std::optional<json>();
    return Fail(output.error());
  }
  for (const auto& item : output->value(std::string(list_key), json::array())) {
    if (item.value("Name", "") != name) continue;
    auto tags = ListTags(context, item.value("ARN", ""));
    if (!tags) return Fail(tags.error());
    if (tags->has_value()) {
      if (auto owned = CheckOwned(**tags, context, what + " " + name); !owned) {
        return Fail(owned.error());
      }
    }
    return std::optional<json>(item);
  }
  return std::optional<json>();
}

ResourceState NamedState(const json& item) {
  return {item.value("Name", ""), {{"arn", item.value("ARN", "")}}};
}

json StringList(const json& values) {
  json out = json::array();
  for (const auto& value : values) {
    if (value.is_string()) out.push_back(value);
  }
  return out;
}

class MemoryDbSubnetGroupHandlerImpl final : public ResourceHandler {
 public:
  Result<std::optional<ResourceState>> Find(const ResolvedSpec& spec,
                                            ResourceContext& context) override {
    auto group = FindNamed(context, "DescribeSubnetGroups", "SubnetGroupName", "SubnetGroups",
                           Text(spec.properties, "subnet_group_name"), "MemoryDB subnet group");
    if (!group) return Fail(group.error());
    if (!group->has_value()) return std::optional<ResourceState>();
    return std::optional<ResourceState>(NamedState(**group));
  }

  Result<ResourceState> Create(const ResolvedSpec& spec, ResourceContext& context) override {
    const std::string name = Text(spec.properties, "subnet_group_name");
    // No token: a repeat answers SubnetGroupAlreadyExistsFault and the executor adopts.
    auto output = CallFor(context, name, "memorydb", "CreateSubnetGroup",
                          {{"SubnetGroupName", name},
                           {"Description", Text(spec.properties, "description")},
                           {"SubnetIds", StringList(spec.properties.value("subnets", json()))},
                           {"Tags", CreationTags(spec, context)}},
                          Once());
    if (!output) return Fail(output.error());
    return NamedState(output->value("SubnetGroup", json::object()));
  }

  Status Delete(const ResourceState& state, ResourceContext& context) override {
    return GoneIsFine(CallFor(context, state.physical_id, "memorydb", "DeleteSubnetGroup",
                              {{"SubnetGroupName", state.physical_id}}, Once()));
  }
};

class MemoryDbParameterGroupHandlerImpl final : public ResourceHandler {
 public:
  Result<std::optional<ResourceState>> Find(const ResolvedSpec& spec,
                                            ResourceContext& context) override {
    auto group =
        FindNamed(context, "DescribeParameterGroups", "ParameterGroupName", "ParameterGroups",
                  Text(spec.properties, "parameter_group_name"), "MemoryDB parameter group");
    if (!group) return Fail(group.error());
    if (!group->has_value()) return std::optional<ResourceState>();
    return std::optional<ResourceState>(NamedState(**group));
  }

  Result<ResourceState> Create(const ResolvedSpec& spec, ResourceContext& context) override {
    const std::string name = Text(spec.properties, "parameter_group_name");
    auto output = CallFor(context, name, "memorydb", "CreateParameterGroup",
                          {{"ParameterGroupName", name},
                           {"Family", Text(spec.properties, "family")},
                           {"Description", Text(spec.properties, "description")},
                           {"Tags", CreationTags(spec, context)}},
                          Once());
    if (!output) return Fail(output.error());
    return NamedState(output->value("ParameterGroup", json::object()));
  }

  // Sets the parameters (after a create and after an adoption alike: CreateParameterGroup
  // cannot carry them). An update is idempotent.
  Status WaitReady(const ResolvedSpec& spec, const ResourceState& state,
                   ResourceContext& context) override {
    json values = json::array();
    for (const auto& parameter : spec.properties.value("parameters", json::array())) {
      values.push_back({{"ParameterName", parameter.value("Name", "")},
                        {"ParameterValue", parameter.value("Value", "")}});
    }
    if (values.empty()) return {};
    auto output =
        CallFor(context, state.physical_id, "memorydb", "UpdateParameterGroup",
                {{"ParameterGroupName", state.physical_id}, {"ParameterNameValues", values}});
    if (!output) return Fail(output.error());
    return {};
  }

  Status Delete(const ResourceState& state, ResourceContext& context) override {
    return GoneIsFine(CallFor(context, state.physical_id, "memorydb", "DeleteParameterGroup",
                              {{"ParameterGroupName", state.physical_id}}, Once()));
  }
};

Result<json> DescribeCluster(ResourceContext& context, const std::string& name) {
  auto output = CallFor(context, name, "memorydb", "DescribeClusters", {{"ClusterName", name}});
  if (!output) return output;
  const json clusters = output->value("Clusters", json::array());
  return clusters.empty() ? json() : clusters[0];
}

class MemoryDbClusterHandlerImpl final : public ResourceHandler {
 public:
  Result<std::optional<ResourceState>> Find(const ResolvedSpec& spec,
                                            ResourceContext& context) override {
    auto cluster = FindNamed(context, "DescribeClusters", "ClusterName", "Clusters",
                             Text(spec.properties, "cluster_name"), "MemoryDB cluster");
    if (!cluster) return Fail(cluster.error());
    if (!cluster->has_value() || (*cluster)->value("Status", "") == "deleting") {
      return std::optional<ResourceState>();
    }
    return std::optional<ResourceState>(StateOf(**cluster));
  }

  Result<ResourceState> Create(const ResolvedSpec& spec, ResourceContext& context) override {
    const json& properties = spec.properties;
    const std::string name = Text(properties, "cluster_name");
    json params = {{"ClusterName", name},
                   {"NodeType", Text(properties, "node_type")},
                   {"NumShards", properties.value("num_shards", 1)},
                   {"NumReplicasPerShard", properties.value("num_replicas_per_shard", 1)},
                   {"TLSEnabled", properties.value("tls_enabled", true)},
                   {"SubnetGroupName", Text(properties, "subnet_group")},
                   {"SecurityGroupIds", StringList(properties.value("security_groups", json()))},
                   {"Tags", CreationTags(spec, context)}};
    for (const auto& [member, key] :
         {std::pair{"ACLName", "acl_name"}, std::pair{"Engine", "engine"},
          std::pair{"EngineVersion", "engine_version"},
          std::pair{"ParameterGroupName", "parameter_group"}}) {
      if (const std::string value = Text(properties, key); !value.empty()) params[member] = value;
    }
    // No token: a repeat answers ClusterAlreadyExistsFault and the executor adopts.
    auto output = CallFor(context, name, "memorydb", "CreateCluster", params, Once());
    if (!output) return Fail(output.error());
    return StateOf(output->value("Cluster", json::object()));
  }

  Status WaitReady(const ResolvedSpec&, const ResourceState& state,
                   ResourceContext& context) override {
    const std::string what = "MemoryDB cluster " + state.physical_id;
    return PollUntil(
        context, what, [&] { return DescribeCluster(context, state.physical_id); },
        [&](const json& cluster) -> Result<bool> {
          const std::string status = cluster.is_object() ? cluster.value("Status", "") : "";
          if (status == "create-failed" || status == "deleting" || status == "failed") {
            return Fail(Error{ErrorKind::kAws,
                              ErrorClass::kTerminal,
                              what + " is " + status,
                              {{"aws_resource", state.physical_id}}});
          }
          return status == "available";
        });
  }

  Status Delete(const ResourceState& state, ResourceContext& context) override {
    auto deleted = CallFor(context, state.physical_id, "memorydb", "DeleteCluster",
                           {{"ClusterName", state.physical_id}}, Once());
    // A cluster already deleting answers InvalidClusterStateFault: wait for it as well.
    if (!deleted && !IsNotFound(deleted.error()) &&
        AwsCodeOf(deleted.error()) != "InvalidClusterStateFault") {
      return Fail(deleted.error());
    }
    // Its subnet group and parameter group stay in use until the cluster is gone.
    return PollUntil(
        context, "MemoryDB cluster " + state.physical_id + " to be deleted",
        [&]() -> Result<json> {
          auto cluster = DescribeCluster(context, state.physical_id);
          if (!cluster && IsNotFound(cluster.error())) return json();
          return cluster;
        },
        [](const json& cluster) -> Result<bool> { return !cluster.is_object(); });
  }

 private:
  static ResourceState StateOf(const json& cluster) {
    json attributes = {{"arn", cluster.value("ARN", "")}};
    if (cluster.contains("ClusterEndpoint")) {
      attributes["endpoint"] = cluster["ClusterEndpoint"].value("Address", "");
      attributes["port"] = cluster["ClusterEndpoint"].value("Port", 0);
    }
    return {cluster.value("Name", ""), attributes};
  }
};

}  // namespace

ResourceHandler& MemoryDbSubnetGroupHandler() {
  static MemoryDbSubnetGroupHandlerImpl handler;
  return handler;
}

ResourceHandler& MemoryDbParameterGroupHandler() {
  static MemoryDbParameterGroupHandlerImpl handler;
  return handler;
}

ResourceHandler& MemoryDbClusterHandler() {
  static MemoryDbClusterHandlerImpl handler;
  return handler;
}

}  // namespace raycloud::cloud::handlers
