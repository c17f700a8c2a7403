#include "cloud/plan/cloud_plan.h"

#include <algorithm>

#include "cloud/plan/resource_kinds.h"

namespace raycloud::cloud {
namespace {

void CollectRefs(const nlohmann::json& value, std::vector<std::string>& out) {
  if (value.is_object()) {
    if (value.size() == 1 && value.contains("ref") && value["ref"].is_string()) {
      auto name = value["ref"].get<std::string>();
      if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(std::move(name));
      return;
    }
    for (const auto& [key, member] : value.items()) CollectRefs(member, out);
  } else if (value.is_array()) {
    for (const auto& member : value) CollectRefs(member, out);
  }
}

}  // namespace

const ResourceSpec* CloudPlan::Find(std::string_view logical_name) const {
  for (const auto& resource : resources) {
    if (resource.logical_name == logical_name) return &resource;
  }
  return nullptr;
}

std::vector<const ResourceSpec*> CloudPlan::OfKind(std::string_view kind) const {
  std::vector<const ResourceSpec*> out;
  for (const auto& resource : resources) {
    if (resource.kind == kind) out.push_back(&resource);
  }
  return out;
}

double ProvisioningDelaySeconds(std::string_view resource_kind) {
  if (resource_kind == kind::kNatGateway) return 60;
  if (resource_kind == kind::kEfsFileSystem) return 10;
  if (resource_kind == kind::kEfsMountTarget) return 90;
  if (resource_kind == kind::kMemoryDbCluster) return 600;
  return 0;
}

double CriticalPathSeconds(const CloudPlan& plan) {
  return plan.dag.CriticalPath([&plan](const std::string& name) {
    const ResourceSpec* resource = plan.Find(name);
    return resource ? ProvisioningDelaySeconds(resource->kind) : 0.0;
  });
}

std::vector<std::string> CreateCalls(const ResourceSpec& resource) {
  const std::string_view k = resource.kind;
  const auto& p = resource.properties;
  if (k == kind::kVpc) return {"ec2:CreateVpc"};
  if (k == kind::kVpcAttribute) return {"ec2:ModifyVpcAttribute"};
  if (k == kind::kSubnet) {
    if (p.value("map_public_ip_on_launch", false)) {
      return {"ec2:CreateSubnet", "ec2:ModifySubnetAttribute"};
    }
    return {"ec2:CreateSubnet"};
  }
  if (k == kind::kInternetGateway) return {"ec2:CreateInternetGateway"};
  if (k == kind::kInternetGatewayAttachment) return {"ec2:AttachInternetGateway"};
  if (k == kind::kRouteTable) return {"ec2:CreateRouteTable"};
  if (k == kind::kRoute) return {"ec2:CreateRoute"};
  if (k == kind::kRouteTableAssociation) return {"ec2:AssociateRouteTable"};
  if (k == kind::kEip) return {"ec2:AllocateAddress"};
  if (k == kind::kNatGateway) return {"ec2:CreateNatGateway", "ec2:DescribeNatGateways"};
  if (k == kind::kVpcEndpoint) return {"ec2:CreateVpcEndpoint"};
  if (k == kind::kSecurityGroup) return {"ec2:CreateSecurityGroup"};
  // A new group already allows all egress to 0.0.0.0/0; the rest is authorised.
  if (k == kind::kSecurityGroupRules) {
    return {"ec2:AuthorizeSecurityGroupIngress", "ec2:AuthorizeSecurityGroupEgress"};
  }
  if (k == kind::kIamRole) return {"iam:CreateRole"};
  if (k == kind::kIamRolePolicy) return {"iam:PutRolePolicy"};
  if (k == kind::kIamInstanceProfile) {
    return {"iam:CreateInstanceProfile", "iam:TagInstanceProfile", "iam:AddRoleToInstanceProfile"};
  }
  if (k == kind::kBucket) return {"s3:CreateBucket", "s3:PutBucketTagging"};
  if (k == kind::kBucketPolicy) return {"s3:PutBucketPolicy"};
  if (k == kind::kBucketEncryption) return {"s3:PutBucketEncryption"};
  if (k == kind::kPublicAccessBlock) return {"s3:PutPublicAccessBlock"};
  if (k == kind::kLifecycle) return {"s3:PutBucketLifecycleConfiguration"};
  if (k == kind::kVersioning) return {"s3:PutBucketVersioning"};
  if (k == kind::kCors) return {"s3:PutBucketCors"};
  if (k == kind::kEfsFileSystem) {
    return {"elasticfilesystem:CreateFileSystem", "elasticfilesystem:PutLifecycleConfiguration",
            "elasticfilesystem:DescribeFileSystems"};
  }
  if (k == kind::kEfsMountTarget) {
    return {"elasticfilesystem:CreateMountTarget", "elasticfilesystem:DescribeMountTargets"};
  }
  if (k == kind::kMemoryDbSubnetGroup) return {"memorydb:CreateSubnetGroup"};
  if (k == kind::kMemoryDbParameterGroup) {
    return {"memorydb:CreateParameterGroup", "memorydb:UpdateParameterGroup"};
  }
  if (k == kind::kMemoryDbCluster) return {"memorydb:CreateCluster", "memorydb:DescribeClusters"};
  return {};
}

nlohmann::json Ref(std::string_view logical_name) { return {{"ref", logical_name}}; }

std::vector<std::string> RefsIn(const nlohmann::json& value) {
  std::vector<std::string> out;
  CollectRefs(value, out);
  return out;
}

}  // namespace raycloud::cloud
