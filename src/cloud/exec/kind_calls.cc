#include "cloud/exec/kind_calls.h"

#include <map>

#include "cloud/plan/resource_kinds.h"

namespace raycloud::cloud {

std::vector<std::string> CreateCallsFor(std::string_view resource_kind) {
  static const std::map<std::string_view, std::vector<std::string>> kCalls = {
      {kind::kVpc, {"ec2:DescribeVpcs", "ec2:CreateVpc"}},
      {kind::kVpcAttribute, {"ec2:DescribeVpcAttribute", "ec2:ModifyVpcAttribute"}},
      {kind::kSubnet, {"ec2:DescribeSubnets", "ec2:CreateSubnet", "ec2:ModifySubnetAttribute"}},
      {kind::kInternetGateway, {"ec2:DescribeInternetGateways", "ec2:CreateInternetGateway"}},
      {kind::kInternetGatewayAttachment, {"ec2:DescribeInternetGateways", "ec2:AttachInternetGateway"}},
      {kind::kRouteTable, {"ec2:DescribeRouteTables", "ec2:CreateRouteTable"}},
      {kind::kRoute, {"ec2:DescribeRouteTables", "ec2:CreateRoute"}},
      {kind::kRouteTableAssociation, {"ec2:DescribeRouteTables", "ec2:AssociateRouteTable"}},
      {kind::kEip, {"ec2:DescribeAddresses", "ec2:AllocateAddress"}},
      {kind::kNatGateway, {"ec2:DescribeNatGateways", "ec2:CreateNatGateway", "ec2:DescribeNatGateways (until available)"}},
      {kind::kVpcEndpoint, {"ec2:DescribeVpcEndpoints", "ec2:CreateVpcEndpoint"}},
      {kind::kSecurityGroup, {"ec2:DescribeSecurityGroups", "ec2:CreateSecurityGroup"}},
      {kind::kSecurityGroupRules, {"ec2:DescribeSecurityGroupRules", "ec2:AuthorizeSecurityGroupIngress", "ec2:AuthorizeSecurityGroupEgress", "ec2:RevokeSecurityGroupEgress"}},
      {kind::kIamRole, {"iam:GetRole", "iam:CreateRole"}},
      {kind::kIamRolePolicy, {"iam:GetRolePolicy", "iam:PutRolePolicy"}},
      {kind::kIamInstanceProfile, {"iam:GetInstanceProfile", "iam:CreateInstanceProfile", "iam:AddRoleToInstanceProfile"}},
      {kind::kBucket, {"s3:HeadBucket", "s3:CreateBucket", "s3:PutBucketTagging"}},
      {kind::kBucketPolicy, {"s3:PutBucketPolicy"}},
      {kind::kBucketEncryption, {"s3:PutBucketEncryption"}},
      {kind::kPublicAccessBlock, {"s3:PutPublicAccessBlock"}},
      {kind::kLifecycle, {"s3:PutBucketLifecycleConfiguration"}},
      {kind::kVersioning, {"s3:PutBucketVersioning"}},
      {kind::kCors, {"s3:PutBucketCors"}},
      {kind::kEfsFileSystem, {"efs:DescribeFileSystems", "efs:CreateFileSystem", "efs:PutBackupPolicy", "efs:PutLifecycleConfiguration"}},
      {kind::kEfsMountTarget, {"efs:DescribeMountTargets", "efs:CreateMountTarget"}},
      {kind::kMemoryDbSubnetGroup, {"memorydb:DescribeSubnetGroups", "memorydb:CreateSubnetGroup"}},
      {kind::kMemoryDbParameterGroup, {"memorydb:DescribeParameterGroups", "memorydb:CreateParameterGroup", "memorydb:UpdateParameterGroup"}},
      {kind::kMemoryDbCluster, {"memorydb:DescribeClusters", "memorydb:CreateCluster", "memorydb:DescribeClusters (until available)"}},
  };
  auto it = kCalls.find(resource_kind);
  return it == kCalls.end() ? std::vector<std::string>{} : it->second;
}

}  // namespace raycloud::cloud
