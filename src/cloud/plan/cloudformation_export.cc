#include "cloud/plan/cloudformation_export.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "cloud/plan/cloudformation_resources.h"
#include "cloud/plan/resource_kinds.h"
#include "cloud/plan/resource_names.h"

namespace raycloud::cloud {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

// Stands for the control-plane principal while the plan is built; replaced by a parameter
// that defaults to the deploying account.
constexpr const char* kPrincipalSentinel = "RAYCLOUD-CONTROL-PLANE-PRINCIPAL";
constexpr const char* kOwnAccountCondition = "ControlPlanePrincipalIsOwnAccount";
constexpr size_t kDefaultZoneCount = 3;

std::string ZoneParameter(size_t index) { return fmt::format("AvailabilityZone{}", index + 1); }

ordered_json Parameters(const SetupOptions& options, const CloudIdentity& identity,
                        size_t zone_count) {
  ordered_json parameters = ordered_json::object();
  for (size_t i = 0; i < zone_count; ++i) {
    // Without stored zones, a guess at the region's first ones; the user may pick others.
    std::string zone = i < options.availability_zones.size()
                           ? options.availability_zones[i]
                           : identity.region + static_cast<char>('a' + i);
    parameters[ZoneParameter(i)] = {
        {"Type", "AWS::EC2::AvailabilityZone::Name"},
        {"Default", zone},
        {"Description", fmt::format("zone of cluster subnet {}", i + 1)}};
  }
  parameters["BucketName"] = {
      {"Type", "String"},
      {"Default",
       options.bucket_name.empty() ? DefaultBucketName(identity.cloud_id) : options.bucket_name},
      {"AllowedPattern", "^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$"},
      {"Description", "the cloud's S3 bucket"}};
  ordered_json external_id = {{"Type", "String"},
                              {"MinLength", 2},
                              {"MaxLength", 1224},
                              {"AllowedPattern", "^[\\w+=,.@:/-]+$"},
                              {"Description", "the external id the control plane presents"}};
  if (!identity.external_id.empty()) external_id["Default"] = identity.external_id;
  parameters["ExternalId"] = external_id;
  parameters["ControlPlanePrincipal"] = {
      {"Type", "String"},
      {"Default", options.control_plane_principal},
      {"Description", "who may assume the control-plane role (empty: this account)"}};
  return parameters;
}

ordered_json Output(const char* flag, ordered_json value) {
  return {{"Description", fmt::format("cloud register {}", flag)}, {"Value", std::move(value)}};
}

ordered_json Outputs(const CloudPlan& plan, const SetupOptions& options) {
  auto ref = [](std::string_view logical_name) {
    return ordered_json{{"Ref", CloudFormationLogicalId(logical_name)}};
  };
  ordered_json subnets = ordered_json::array();
  for (const auto& subnet : plan.names.cluster_subnets) subnets.push_back(ref(subnet));
  ordered_json outputs = ordered_json::object();
  outputs["VpcId"] = Output("--vpc-id", ref("vpc"));
  outputs["SubnetIds"] = Output("--subnet-ids", {{"Fn::Join", {",", subnets}}});
  outputs["SecurityGroupIds"] = Output("--security-group-ids", ref("security-group"));
  outputs["S3BucketId"] = Output("--s3-bucket-id", ref("bucket"));
  outputs["ControlPlaneRoleArn"] =
      Output("--control-plane-role-arn",
             {{"Fn::GetAtt", {CloudFormationLogicalId("control-plane-role"), "Arn"}}});
  outputs["InstanceRoleArn"] = Output(
      "--instance-role-arn", {{"Fn::GetAtt", {CloudFormationLogicalId("instance-role"), "Arn"}}});
  outputs["ExternalId"] = Output("--external-id", {{"Ref", "ExternalId"}});
  if (options.nfs()) outputs["EfsId"] = Output("--efs-id", ref("efs"));
  if (options.enable_head_node_fault_tolerance) {
    outputs["MemorydbClusterId"] = Output("--memorydb-cluster-id", ref("memorydb-cluster"));
  }
  outputs["PrivateNetwork"] =
      Output("--private-network (when true)", options.private_network ? "true" : "false");
  // The whole register command, ready to paste.
  std::string command = fmt::format(
      "raycloud cloud register --name {} --provider aws --region ${{AWS::Region}} "
      "--vpc-id ${{{}}} --subnet-ids {} --security-group-ids ${{{}}} --s3-bucket-id ${{{}}} "
      "--control-plane-role-arn ${{{}.Arn}} --instance-role-arn ${{{}.Arn}} "
      "--external-id ${{ExternalId}}",
      options.name, CloudFormationLogicalId("vpc"), "${SubnetList}",
      CloudFormationLogicalId("security-group"), CloudFormationLogicalId("bucket"),
      CloudFormationLogicalId("control-plane-role"), CloudFormationLogicalId("instance-role"));
  if (options.nfs()) command += fmt::format(" --efs-id ${{{}}}", CloudFormationLogicalId("efs"));
  if (options.enable_head_node_fault_tolerance) {
    command +=
        fmt::format(" --memorydb-cluster-id ${{{}}}", CloudFormationLogicalId("memorydb-cluster"));
  }
  if (options.private_network) command += " --private-network";
  outputs["RegisterCommand"] = {
      {"Description", "the cloud register command for these resources"},
      {"Value", {{"Fn::Sub", {command, {{"SubnetList", {{"Fn::Join", {",", subnets}}}}}}}}}};
  return outputs;
}

void EmitYaml(YAML::Emitter& out, const ordered_json& value) {
  if (value.is_object()) {
    out << YAML::BeginMap;
    for (const auto& [key, member] : value.items()) {
      out << YAML::Key << key << YAML::Value;
      EmitYaml(out, member);
    }
    out << YAML::EndMap;
  } else if (value.is_array()) {
    out << YAML::BeginSeq;
    for (const auto& member : value) EmitYaml(out, member);
    out << YAML::EndSeq;
  } else if (value.is_string()) {
    // Quoted always: "2012-10-17", "-1", "true" or "*" must stay strings.
    out << YAML::DoubleQuoted << value.get<std::string>();
  } else if (value.is_boolean()) {
    out << (value.get<bool>() ? "true" : "false");
  } else if (value.is_null()) {
    out << YAML::Null;
  } else {
    out << value.dump();
  }
}

}  // namespace

std::string CloudFormationLogicalId(std::string_view logical_name) {
  std::string id;
  bool upper = true;
  for (char c : logical_name) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      id += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
      upper = false;
    } else {
      upper = true;  // '-', and the "${...}" of zone placeholders
    }
  }
  return id;
}

Result<ordered_json> CloudFormationTemplate(const SetupOptions& stored,
                                            const CloudIdentity& stored_identity) {
  // Build the plan with template expressions where the user or the stack decides.
  SetupOptions options = stored;
  const size_t zone_count =
      stored.availability_zones.empty() ? kDefaultZoneCount : stored.availability_zones.size();
  options.availability_zones.clear();
  for (size_t i = 0; i < zone_count; ++i) {
    options.availability_zones.push_back("${" + ZoneParameter(i) + "}");
  }
  options.bucket_name = "${BucketName}";
  options.control_plane_principal = kPrincipalSentinel;
  CloudIdentity identity = stored_identity;
  identity.account_id = "${AWS::AccountId}";
  identity.partition = "${AWS::Partition}";
  identity.region = "${AWS::Region}";
  identity.external_id = "${ExternalId}";
  options.region = identity.region;
  auto plan = BuildPlan(options, identity, {});
  if (!plan) return Fail(plan.error());

  TemplateValues values({{kPrincipalSentinel,
                          {{"Fn::If",
                            {kOwnAccountCondition,
                             {{"Fn::Sub", "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"}},
                             {{"Ref", "ControlPlanePrincipal"}}}}}}});
  ordered_json resources = ordered_json::object();
  for (const auto& resource : plan->resources) {
    AddTemplateResources(*plan, resource, values, resources);
  }
  CloudIdentity defaults = stored_identity;
  if (defaults.region.empty()) defaults.region = stored.region;
  ordered_json document = ordered_json::object();
  document["AWSTemplateFormatVersion"] = "2010-09-09";
  document["Description"] = fmt::format("raycloud cloud {} ({}): the resources of cloud setup",
                                        stored.name, stored_identity.cloud_id);
  document["Parameters"] = Parameters(stored, defaults, zone_count);
  document["Conditions"] = {
      {kOwnAccountCondition, {{"Fn::Equals", {{{"Ref", "ControlPlanePrincipal"}}, ""}}}}};
  document["Resources"] = std::move(resources);
  document["Outputs"] = Outputs(*plan, stored);
  return document;
}

Result<std::string> CloudFormationYaml(const SetupOptions& options, const CloudIdentity& identity) {
  auto document = CloudFormationTemplate(options, identity);
  if (!document) return Fail(document.error());
  YAML::Emitter out;
  out.SetIndent(2);
  EmitYaml(out, *document);
  if (!out.good()) return Fail(Error::Internal("YAML emission failed: " + out.GetLastError()));
  return std::string(out.c_str()) + "\n";
}

}  // namespace raycloud::cloud
