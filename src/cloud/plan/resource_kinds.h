#pragma once

#include <string_view>

namespace raycloud::cloud::kind {

// The kinds of ResourceSpec: "<service>:<resource>", one create/delete recipe each.
inline constexpr std::string_view kVpc = "ec2:vpc";
inline constexpr std::string_view kVpcAttribute = "ec2:vpc-attribute";
inline constexpr std::string_view kSubnet = "ec2:subnet";
inline constexpr std::string_view kInternetGateway = "ec2:internet-gateway";
inline constexpr std::string_view kInternetGatewayAttachment = "ec2:internet-gateway-attachment";
inline constexpr std::string_view kRouteTable = "ec2:route-table";
inline constexpr std::string_view kRoute = "ec2:route";
inline constexpr std::string_view kRouteTableAssociation = "ec2:route-table-association";
inline constexpr std::string_view kEip = "ec2:eip";
inline constexpr std::string_view kNatGateway = "ec2:nat-gateway";
inline constexpr std::string_view kVpcEndpoint = "ec2:vpc-endpoint";
inline constexpr std::string_view kSecurityGroup = "ec2:security-group";
inline constexpr std::string_view kSecurityGroupRules = "ec2:security-group-rules";
inline constexpr std::string_view kIamRole = "iam:role";
inline constexpr std::string_view kIamRolePolicy = "iam:role-policy";
inline constexpr std::string_view kIamInstanceProfile = "iam:instance-profile";
inline constexpr std::string_view kBucket = "s3:bucket";
inline constexpr std::string_view kBucketPolicy = "s3:bucket-policy";
inline constexpr std::string_view kBucketEncryption = "s3:bucket-encryption";
inline constexpr std::string_view kPublicAccessBlock = "s3:public-access-block";
inline constexpr std::string_view kLifecycle = "s3:lifecycle";
inline constexpr std::string_view kVersioning = "s3:versioning";
inline constexpr std::string_view kCors = "s3:cors";
inline constexpr std::string_view kEfsFileSystem = "efs:file-system";
inline constexpr std::string_view kEfsMountTarget = "efs:mount-target";
inline constexpr std::string_view kMemoryDbSubnetGroup = "memorydb:subnet-group";
inline constexpr std::string_view kMemoryDbParameterGroup = "memorydb:parameter-group";
inline constexpr std::string_view kMemoryDbCluster = "memorydb:cluster";

}  // namespace raycloud::cloud::kind
