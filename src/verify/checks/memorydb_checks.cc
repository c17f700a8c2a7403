// memorydb.exists, tls, replicas, network, security_group, maxmemory_policy. All skip when
// head-node fault tolerance is off; all count in the verdict like any other check.
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "verify/checks/check_util.h"
#include "verify/checks/checks.h"
#include "verify/checks/security_group_rules.h"

namespace raycloud::verify {
namespace {

constexpr const char* kMemoryDbDependentChecks[] = {"memorydb.tls", "memorydb.replicas",
                                                    "memorydb.network", "memorydb.security_group",
                                                    "memorydb.maxmemory_policy"};

Finding MemoryDbExists(const CloudSnapshot& s, const json* cluster) {
  const std::string& name = s.target.memorydb_cluster_name;
  if (cluster != nullptr) {
    std::string status = Text(*cluster, "Status");
    if (status == "available") {
      return MakeFinding("memorydb.exists", name, CheckStatus::kPass,
                         fmt::format("cluster {} is available", name));
    }
    return MakeFinding("memorydb.exists", name, CheckStatus::kFail,
                       fmt::format("cluster {} is {}, not available", name, status),
                       fmt::format("Wait for it (aws memorydb describe-clusters --cluster-name "
                                   "{}{}) or register an available cluster",
                                   name, RegionFlag(s)));
  }
  const CallResult& call = s.memorydb_clusters;
  if (call.failed() && call.error_code != "ClusterNotFoundFault") {
    return MakeFinding("memorydb.exists", name, CheckStatus::kFail,
                       fmt::format("could not describe cluster {}: {}", name, call.Describe()),
                       ReadFailureFix(call, "memorydb:DescribeClusters"));
  }
  return MakeFinding("memorydb.exists", name, CheckStatus::kFail,
                     fmt::format("cluster {} was not found in {}", name, s.target.region),
                     "Create it with raycloud cloud update --enable-head-node-fault-tolerance, "
                     "or register an existing cluster (--memorydb-cluster-id)");
}

Finding Tls(const CloudSnapshot& s, const json& cluster) {
  const std::string& name = s.target.memorydb_cluster_name;
  if (cluster.value("TLSEnabled", false)) {
    return MakeFinding("memorydb.tls", name, CheckStatus::kPass, "TLS is on");
  }
  return MakeFinding("memorydb.tls", name, CheckStatus::kFail,
                     "TLS is off: head-node state travels in clear text",
                     fmt::format("TLS cannot be turned on later: aws memorydb create-cluster "
                                 "--cluster-name <new name> --tls-enabled --acl-name open-access "
                                 "--node-type {} --num-replicas-per-shard 1{} and register it",
                                 Text(cluster, "NodeType"), RegionFlag(s)));
}

Finding Replicas(const CloudSnapshot& s, const json& cluster) {
  const std::string& name = s.target.memorydb_cluster_name;
  std::vector<std::string> thin;
  const json shards = cluster.value("Shards", json::array());
  for (const auto& shard : shards) {
    int nodes =
        shard.value("NumberOfNodes", static_cast<int>(shard.value("Nodes", json::array()).size()));
    if (nodes < 2)
      thin.push_back(
          fmt::format("{} ({} node{})", Text(shard, "Name"), nodes, nodes == 1 ? "" : "s"));
  }
  if (shards.empty()) {
    return MakeFinding("memorydb.replicas", name, CheckStatus::kSkip,
                       "the cluster description lists no shards");
  }
  if (thin.empty()) {
    return MakeFinding("memorydb.replicas", name, CheckStatus::kPass, "every shard has a replica");
  }
  return MakeFinding("memorydb.replicas", name, CheckStatus::kFail,
                     fmt::format("shard{} without a replica: {} (a node failure loses head-node "
                                 "state)",
                                 thin.size() > 1 ? "s" : "", JoinList(thin)),
                     fmt::format("aws memorydb update-cluster --cluster-name {} "
                                 "--replica-configuration ReplicaCount=1{}",
                                 name, RegionFlag(s)));
}

Finding Network(const CloudSnapshot& s, const json& cluster) {
  const std::string& name = s.target.memorydb_cluster_name;
  std::string group_name = Text(cluster, "SubnetGroupName");
  const json* group = FindById(s.memorydb_subnet_groups, "SubnetGroups", "Name", group_name);
  if (group == nullptr) {
    return MakeFinding(
        "memorydb.network", name, CheckStatus::kSkip,
        fmt::format(
            "could not read subnet group {}{}", group_name,
            s.memorydb_subnet_groups.failed() ? ": " + s.memorydb_subnet_groups.Describe() : ""));
  }
  std::string vpc = Text(*group, "VpcId");
  if (vpc != s.target.vpc_id) {
    return MakeFinding("memorydb.network", name, CheckStatus::kFail,
                       fmt::format("subnet group {} is in {}, not in the cloud's VPC {}",
                                   group_name, vpc, s.target.vpc_id),
                       "Create the cluster in a subnet group over the cloud's subnets (raycloud "
                       "cloud update --enable-head-node-fault-tolerance creates one)");
  }
  std::set<std::string> cloud(s.target.subnet_ids.begin(), s.target.subnet_ids.end());
  std::vector<std::string> outside;
  for (const auto& subnet : Items(*group, "Subnets")) {
    std::string id = Text(subnet, "Identifier");
    if (!cloud.contains(id)) outside.push_back(id);
  }
  if (!outside.empty()) {
    return MakeFinding("memorydb.network", name, CheckStatus::kFail,
                       fmt::format("subnet group {} uses subnets outside the cloud's: {}",
                                   group_name, JoinList(outside)),
                       fmt::format("aws memorydb update-subnet-group --subnet-group-name {} "
                                   "--subnet-ids {}{}",
                                   group_name, fmt::join(s.target.subnet_ids, " "), RegionFlag(s)));
  }
  return MakeFinding(
      "memorydb.network", name, CheckStatus::kPass,
      fmt::format("subnet group {} uses the cloud's subnets in {}", group_name, vpc));
}

Finding SecurityGroup(const CloudSnapshot& s, const json& cluster) {
  const std::string& name = s.target.memorydb_cluster_name;
  int port = cluster.value("ClusterEndpoint", json::object()).value("Port", 6379);
  std::set<std::string> cloud(s.target.security_group_ids.begin(),
                              s.target.security_group_ids.end());
  std::string first_guard;
  for (const auto& membership : Items(cluster, "SecurityGroups")) {
    std::string group_id = Text(membership, "SecurityGroupId");
    if (first_guard.empty()) first_guard = group_id;
    const json* group = FindSecurityGroup(s, group_id);
    if (group && AdmitsTcp(*group, port, cloud, {})) {
      return MakeFinding(
          "memorydb.security_group", name, CheckStatus::kPass,
          fmt::format("{} admits TCP {} from the cloud's security group", group_id, port));
    }
  }
  std::string source = s.target.security_group_ids.empty() ? "<security-group-id>"
                                                           : s.target.security_group_ids.front();
  return MakeFinding("memorydb.security_group", name, CheckStatus::kFail,
                     fmt::format("no security group of the cluster admits TCP {} from the "
                                 "cloud's security group",
                                 port),
                     first_guard.empty()
                         ? fmt::format("aws memorydb update-cluster --cluster-name {} "
                                       "--security-group-ids {}{}",
                                       name, source, RegionFlag(s))
                         : fmt::format("aws ec2 authorize-security-group-ingress --group-id {} "
                                       "--protocol tcp --port {} --source-group {}{}",
                                       first_guard, port, source, RegionFlag(s)));
}

Finding MaxmemoryPolicy(const CloudSnapshot& s, const json& cluster) {
  const std::string& name = s.target.memorydb_cluster_name;
  std::string group = Text(cluster, "ParameterGroupName");
  const CallResult& call = s.memorydb_parameters;
  if (!call.ok()) {
    return MakeFinding("memorydb.maxmemory_policy", name, CheckStatus::kSkip,
                       fmt::format("could not read parameter group {}{}", group,
                                   call.failed() ? ": " + call.Describe() : ""));
  }
  const json* parameter = FindById(call, "Parameters", "Name", "maxmemory-policy");
  std::string value = parameter ? Text(*parameter, "Value") : "";
  if (value == "allkeys-lru") {
    return MakeFinding("memorydb.maxmemory_policy", name, CheckStatus::kPass,
                       "maxmemory-policy is allkeys-lru");
  }
  Finding finding = MakeFinding(
      "memorydb.maxmemory_policy", name, CheckStatus::kWarn,
      fmt::format("maxmemory-policy of {} is {}, not allkeys-lru: a full cluster refuses writes",
                  group, value.empty() ? "unset" : value),
      fmt::format("aws memorydb update-parameter-group --parameter-group-name {} "
                  "--parameter-name-values ParameterName=maxmemory-policy,"
                  "ParameterValue=allkeys-lru{}",
                  group, RegionFlag(s)));
  // Default parameter groups cannot be modified; those need a new group, not a fix.
  if (!group.starts_with("default.")) {
    finding.fixes.push_back(FixAction{
        .service = "memorydb",
        .operation = "UpdateParameterGroup",
        .params = {{"ParameterGroupName", group},
                   {"ParameterNameValues", json::array({{{"ParameterName", "maxmemory-policy"},
                                                         {"ParameterValue", "allkeys-lru"}}})}},
        .description = fmt::format("set maxmemory-policy of {} to allkeys-lru", group)});
  }
  return finding;
}

}  // namespace

Findings CheckMemoryDb(const CloudSnapshot& s) {
  const std::string& name = s.target.memorydb_cluster_name;
  if (name.empty()) {
    Findings out{MakeFinding("memorydb.exists", std::nullopt, CheckStatus::kSkip,
                             "MemoryDB is not configured")};
    for (const char* check : kMemoryDbDependentChecks) {
      out.push_back(
          MakeFinding(check, std::nullopt, CheckStatus::kSkip, "MemoryDB is not configured"));
    }
    return out;
  }
  const json* cluster = FindById(s.memorydb_clusters, "Clusters", "Name", name);
  Findings out{MemoryDbExists(s, cluster)};
  if (cluster == nullptr) {
    for (const char* check : kMemoryDbDependentChecks) {
      out.push_back(MakeFinding(check, name, CheckStatus::kSkip,
                                MissingMessage("cluster", name, "memorydb.exists")));
    }
    return out;
  }
  out.push_back(Tls(s, *cluster));
  out.push_back(Replicas(s, *cluster));
  out.push_back(Network(s, *cluster));
  out.push_back(SecurityGroup(s, *cluster));
  out.push_back(MaxmemoryPolicy(s, *cluster));
  return out;
}

}  // namespace raycloud::verify
