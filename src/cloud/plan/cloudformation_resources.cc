#include "cloud/plan/cloudformation_resources.h"

#include <algorithm>
#include <map>
#include <set>

#include "cloud/plan/cloudformation_export.h"
#include "cloud/plan/resource_kinds.h"

namespace raycloud::cloud {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

// Settings that CloudFormation models as properties of another resource.
std::string FoldedInto(const ResourceSpec& resource) {
  if (resource.kind == kind::kVpcAttribute) return "vpc";
  if (resource.kind == kind::kPublicAccessBlock || resource.kind == kind::kBucketEncryption ||
      resource.kind == kind::kLifecycle || resource.kind == kind::kVersioning ||
      resource.kind == kind::kCors) {
    return "bucket";
  }
  return "";
}

std::string TemplateIdOf(const CloudPlan& plan, const std::string& logical_name) {
  const ResourceSpec* resource = plan.Find(logical_name);
  std::string folded = resource ? FoldedInto(*resource) : "";
  return CloudFormationLogicalId(folded.empty() ? logical_name : folded);
}

void CollectRefs(const ordered_json& value, std::set<std::string>& out) {
  if (value.is_object()) {
    if (auto ref = value.find("Ref"); ref != value.end() && ref->is_string()) {
      out.insert(ref->get<std::string>());
    }
    if (auto get_att = value.find("Fn::GetAtt"); get_att != value.end() && get_att->is_array()) {
      out.insert((*get_att)[0].get<std::string>());
    }
    for (const auto& [key, member] : value.items()) CollectRefs(member, out);
  } else if (value.is_array()) {
    for (const auto& member : value) CollectRefs(member, out);
  }
}

// The plan's dependencies that no Ref or GetAtt in the properties already implies.
void AddDependsOn(const CloudPlan& plan, const ResourceSpec& resource, ordered_json& entry) {
  std::set<std::string> implied;
  CollectRefs(entry["Properties"], implied);
  const std::string self = TemplateIdOf(plan, resource.logical_name);
  ordered_json depends_on = ordered_json::array();
  for (const auto& dependency : resource.depends_on) {
    const std::string id = TemplateIdOf(plan, dependency);
    if (id == self || implied.contains(id)) continue;
    if (std::find(depends_on.begin(), depends_on.end(), id) == depends_on.end()) {
      depends_on.push_back(id);
    }
  }
  if (!depends_on.empty()) entry["DependsOn"] = depends_on;
}

ordered_json Resource(const char* type, ordered_json properties) {
  return {{"Type", type}, {"Properties", std::move(properties)}};
}

ordered_json RefTo(const CloudPlan& plan, const json& ref) {
  return {{"Ref", TemplateIdOf(plan, ref["ref"].get<std::string>())}};
}

ordered_json Lifecycle(const json& rules) {
  ordered_json out = ordered_json::array();
  for (const auto& rule : rules) {
    ordered_json converted = {{"Id", rule["ID"]}, {"Status", rule["Status"]}};
    std::string prefix = rule["Filter"].value("Prefix", "");
    if (!prefix.empty()) converted["Prefix"] = prefix;
    if (rule.contains("Expiration")) converted["ExpirationInDays"] = rule["Expiration"]["Days"];
    if (rule.contains("AbortIncompleteMultipartUpload")) {
      converted["AbortIncompleteMultipartUpload"] = {
          {"DaysAfterInitiation", rule["AbortIncompleteMultipartUpload"]["DaysAfterInitiation"]}};
    }
    if (rule.contains("Transitions")) {
      converted["Transitions"] = ordered_json::array();
      for (const auto& transition : rule["Transitions"]) {
        converted["Transitions"].push_back({{"StorageClass", transition["StorageClass"]},
                                            {"TransitionInDays", transition["Days"]}});
      }
    }
    if (rule.contains("NoncurrentVersionExpiration")) {
      converted["NoncurrentVersionExpiration"] = {
          {"NoncurrentDays", rule["NoncurrentVersionExpiration"]["NoncurrentDays"]}};
    }
    out.push_back(std::move(converted));
  }
  return out;
}

ordered_json Bucket(const CloudPlan& plan, const ResourceSpec& bucket,
                    const TemplateValues& values) {
  ordered_json properties = {{"BucketName", values.Convert(bucket.properties["bucket_name"])}};
  if (const auto* block = plan.Find("bucket-public-access-block")) {
    properties["PublicAccessBlockConfiguration"] =
        values.Convert(block->properties["configuration"]);
  }
  if (const auto* encryption = plan.Find("bucket-encryption")) {
    ordered_json rules = ordered_json::array();
    for (const auto& rule : encryption->properties["rules"]) {
      rules.push_back({{"ServerSideEncryptionByDefault",
                        values.Convert(rule["ApplyServerSideEncryptionByDefault"])},
                       {"BucketKeyEnabled", rule["BucketKeyEnabled"]}});
    }
    properties["BucketEncryption"] = {{"ServerSideEncryptionConfiguration", rules}};
  }
  if (const auto* lifecycle = plan.Find("bucket-lifecycle")) {
    properties["LifecycleConfiguration"] = {{"Rules", Lifecycle(lifecycle->properties["rules"])}};
  }
  if (const auto* versioning = plan.Find("bucket-versioning")) {
    properties["VersioningConfiguration"] = {{"Status", versioning->properties["status"]}};
  }
  if (const auto* cors = plan.Find("bucket-cors")) {
    properties["CorsConfiguration"] = {
        {"CorsRules", values.Convert(cors->properties["cors_rules"])}};
  }
  properties["Tags"] = values.Convert(bucket.properties["tags"]);
  ordered_json entry = Resource("AWS::S3::Bucket", std::move(properties));
  // The data outlives the stack, as `cloud delete` keeps a bucket holding objects.
  entry["DeletionPolicy"] = "Retain";
  entry["UpdateReplacePolicy"] = "Retain";
  return entry;
}

// Rules with an address range go inline; rules naming the group itself need their own
// resources (a group cannot reference itself while it is being created).
void SecurityGroup(const CloudPlan& plan, const ResourceSpec& group, const TemplateValues& values,
                   ordered_json& resources) {
  const std::string id = TemplateIdOf(plan, group.logical_name);
  ordered_json ingress = ordered_json::array();
  ordered_json egress = ordered_json::array();
  const ResourceSpec* rules = plan.Find("security-group-rules");
  std::map<std::string, int> self_rules;  // per suffix, to name a second rule apart
  auto self_rule = [&](const json& rule, const char* type, const char* peer_key,
                       const std::string& suffix) {
    ordered_json properties = {{"GroupId", {{"Ref", id}}},
                               {"IpProtocol", rule["ip_protocol"]},
                               {peer_key, {{"Ref", id}}},
                               {"Description", rule["description"]}};
    int count = ++self_rules[suffix];
    resources[id + suffix + (count > 1 ? std::to_string(count) : "")] =
        Resource(type, std::move(properties));
  };
  for (const auto& rule : rules ? rules->properties["ingress"] : json::array()) {
    if (rule.contains("cidr_ip")) {
      ordered_json entry = {{"IpProtocol", rule["ip_protocol"]}, {"CidrIp", rule["cidr_ip"]}};
      if (rule.contains("from_port")) {
        entry["FromPort"] = rule["from_port"];
        entry["ToPort"] = rule["to_port"];
      }
      entry["Description"] = rule["description"];
      ingress.push_back(std::move(entry));
    } else {
      self_rule(rule, "AWS::EC2::SecurityGroupIngress", "SourceSecurityGroupId", "SelfIngress");
    }
  }
  for (const auto& rule : rules ? rules->properties["egress"] : json::array()) {
    if (rule.contains("cidr_ip")) {
      egress.push_back({{"IpProtocol", rule["ip_protocol"]},
                        {"CidrIp", rule["cidr_ip"]},
                        {"Description", rule["description"]}});
    } else {
      self_rule(rule, "AWS::EC2::SecurityGroupEgress", "DestinationSecurityGroupId", "SelfEgress");
    }
  }
  resources[id] = Resource("AWS::EC2::SecurityGroup",
                           {{"GroupName", values.Convert(group.properties["group_name"])},
                            {"GroupDescription", values.Convert(group.properties["description"])},
                            {"VpcId", RefTo(plan, group.properties["vpc"])},
                            {"SecurityGroupIngress", ingress},
                            {"SecurityGroupEgress", egress},
                            {"Tags", values.Convert(group.properties["tags"])}});
}

}  // namespace

ordered_json TemplateValues::Convert(const json& value) const {
  if (value.is_string()) {
    const auto& text = value.get_ref<const std::string&>();
    if (auto exact = exact_.find(text); exact != exact_.end()) return exact->second;
    if (text.find("${") != std::string::npos) return {{"Fn::Sub", text}};
    return text;
  }
  if (value.is_array()) {
    ordered_json out = ordered_json::array();
    for (const auto& member : value) out.push_back(Convert(member));
    return out;
  }
  if (value.is_object()) {
    if (value.size() == 1 && value.contains("ref")) {
      return {{"Ref", CloudFormationLogicalId(value["ref"].get<std::string>())}};
    }
    ordered_json out = ordered_json::object();
    for (const auto& [key, member] : value.items()) out[key] = Convert(member);
    return out;
  }
  return ordered_json::parse(value.dump());
}

void AddTemplateResources(const CloudPlan& plan, const ResourceSpec& resource,
                          const TemplateValues& values, ordered_json& resources) {
  if (!FoldedInto(resource).empty() || resource.kind == kind::kSecurityGroupRules) return;
  const json& p = resource.properties;
  auto v = [&values](const json& value) { return values.Convert(value); };
  auto ref = [&plan](const json& value) { return RefTo(plan, value); };
  auto refs = [&plan](const json& list) {
    ordered_json out = ordered_json::array();
    for (const auto& item : list) out.push_back(RefTo(plan, item));
    return out;
  };
  const std::string id = TemplateIdOf(plan, resource.logical_name);
  const std::string_view k = resource.kind;
  ordered_json entry;
  if (k == kind::kVpc) {
    entry = Resource("AWS::EC2::VPC", {{"CidrBlock", v(p["cidr_block"])},
                                       {"EnableDnsSupport", true},
                                       {"EnableDnsHostnames", true},
                                       {"Tags", v(p["tags"])}});
  } else if (k == kind::kInternetGateway) {
    entry = Resource("AWS::EC2::InternetGateway", {{"Tags", v(p["tags"])}});
  } else if (k == kind::kInternetGatewayAttachment) {
    entry = Resource("AWS::EC2::VPCGatewayAttachment",
                     {{"VpcId", ref(p["vpc"])}, {"InternetGatewayId", ref(p["internet_gateway"])}});
  } else if (k == kind::kSubnet) {
    entry = Resource("AWS::EC2::Subnet", {{"VpcId", ref(p["vpc"])},
                                          {"CidrBlock", v(p["cidr_block"])},
                                          {"AvailabilityZone", v(p["availability_zone"])},
                                          {"MapPublicIpOnLaunch", p["map_public_ip_on_launch"]},
                                          {"Tags", v(p["tags"])}});
  } else if (k == kind::kRouteTable) {
    entry = Resource("AWS::EC2::RouteTable", {{"VpcId", ref(p["vpc"])}, {"Tags", v(p["tags"])}});
  } else if (k == kind::kRoute) {
    ordered_json properties = {{"RouteTableId", ref(p["route_table"])},
                               {"DestinationCidrBlock", v(p["destination_cidr_block"])}};
    if (p.contains("gateway")) properties["GatewayId"] = ref(p["gateway"]);
    if (p.contains("nat_gateway")) properties["NatGatewayId"] = ref(p["nat_gateway"]);
    entry = Resource("AWS::EC2::Route", std::move(properties));
  } else if (k == kind::kRouteTableAssociation) {
    entry = Resource("AWS::EC2::SubnetRouteTableAssociation",
                     {{"SubnetId", ref(p["subnet"])}, {"RouteTableId", ref(p["route_table"])}});
  } else if (k == kind::kEip) {
    entry = Resource("AWS::EC2::EIP", {{"Domain", v(p["domain"])}, {"Tags", v(p["tags"])}});
  } else if (k == kind::kNatGateway) {
    entry = Resource(
        "AWS::EC2::NatGateway",
        {{"SubnetId", ref(p["subnet"])},
         {"AllocationId",
          {{"Fn::GetAtt",
            {TemplateIdOf(plan, p["allocation"]["ref"].get<std::string>()), "AllocationId"}}}},
         {"ConnectivityType", v(p["connectivity_type"])},
         {"Tags", v(p["tags"])}});
  } else if (k == kind::kVpcEndpoint) {
    entry = Resource("AWS::EC2::VPCEndpoint", {{"VpcId", ref(p["vpc"])},
                                               {"ServiceName", v(p["service_name"])},
                                               {"VpcEndpointType", v(p["vpc_endpoint_type"])},
                                               {"RouteTableIds", refs(p["route_tables"])},
                                               {"Tags", v(p["tags"])}});
  } else if (k == kind::kSecurityGroup) {
    SecurityGroup(plan, resource, values, resources);
    entry = resources[id];
  } else if (k == kind::kIamRole) {
    entry = Resource("AWS::IAM::Role",
                     {{"RoleName", v(p["role_name"])},
                      {"Description", v(p["description"])},
                      {"AssumeRolePolicyDocument", v(p["assume_role_policy_document"])},
                      {"MaxSessionDuration", p["max_session_duration"]},
                      {"Tags", v(p["tags"])}});
  } else if (k == kind::kIamRolePolicy) {
    entry = Resource("AWS::IAM::RolePolicy", {{"RoleName", ref(p["role"])},
                                              {"PolicyName", v(p["policy_name"])},
                                              {"PolicyDocument", v(p["policy_document"])}});
  } else if (k == kind::kIamInstanceProfile) {
    entry = Resource("AWS::IAM::InstanceProfile",
                     {{"InstanceProfileName", v(p["instance_profile_name"])},
                      {"Roles", ordered_json::array({ref(p["role"])})}});
  } else if (k == kind::kBucket) {
    entry = Bucket(plan, resource, values);
  } else if (k == kind::kBucketPolicy) {
    entry = Resource("AWS::S3::BucketPolicy",
                     {{"Bucket", ref(p["bucket"])}, {"PolicyDocument", v(p["policy"])}});
  } else if (k == kind::kEfsFileSystem) {
    entry =
        Resource("AWS::EFS::FileSystem",
                 {{"Encrypted", p["encrypted"]},
                  {"PerformanceMode", v(p["performance_mode"])},
                  {"ThroughputMode", v(p["throughput_mode"])},
                  {"BackupPolicy", {{"Status", p["backup"].get<bool>() ? "ENABLED" : "DISABLED"}}},
                  {"LifecyclePolicies", v(p["lifecycle_policies"])},
                  {"FileSystemTags", v(p["tags"])}});
  } else if (k == kind::kEfsMountTarget) {
    entry = Resource("AWS::EFS::MountTarget", {{"FileSystemId", ref(p["file_system"])},
                                               {"SubnetId", ref(p["subnet"])},
                                               {"SecurityGroups", refs(p["security_groups"])}});
  } else if (k == kind::kMemoryDbSubnetGroup) {
    entry = Resource("AWS::MemoryDB::SubnetGroup", {{"SubnetGroupName", v(p["subnet_group_name"])},
                                                    {"Description", v(p["description"])},
                                                    {"SubnetIds", refs(p["subnets"])},
                                                    {"Tags", v(p["tags"])}});
  } else if (k == kind::kMemoryDbParameterGroup) {
    ordered_json parameters = ordered_json::object();
    for (const auto& parameter : p["parameters"]) {
      parameters[parameter["Name"].get<std::string>()] = parameter["Value"];
    }
    entry = Resource("AWS::MemoryDB::ParameterGroup",
                     {{"ParameterGroupName", v(p["parameter_group_name"])},
                      {"Family", v(p["family"])},
                      {"Description", v(p["description"])},
                      {"Parameters", parameters},
                      {"Tags", v(p["tags"])}});
  } else if (k == kind::kMemoryDbCluster) {
    entry =
        Resource("AWS::MemoryDB::Cluster", {{"ClusterName", v(p["cluster_name"])},
                                            {"NodeType", v(p["node_type"])},
                                            {"Engine", v(p["engine"])},
                                            {"EngineVersion", v(p["engine_version"])},
                                            {"NumShards", p["num_shards"]},
                                            {"NumReplicasPerShard", p["num_replicas_per_shard"]},
                                            {"TLSEnabled", p["tls_enabled"]},
                                            {"ACLName", v(p["acl_name"])},
                                            {"SubnetGroupName", ref(p["subnet_group"])},
                                            {"ParameterGroupName", ref(p["parameter_group"])},
                                            {"SecurityGroupIds", refs(p["security_groups"])},
                                            {"Tags", v(p["tags"])}});
  } else {
    return;  // every kind is handled above; a new kind shows up as a missing resource in tests
  }
  AddDependsOn(plan, resource, entry);
  resources[id] = std::move(entry);
}

}  // namespace raycloud::cloud
