// FindHandler as an explicit table: static libraries drop objects nothing references, so
// handlers cannot register themselves.
#include <string_view>
#include <utility>

#include "cloud/exec/handlers/handlers.h"
#include "cloud/exec/resource_handler.h"
#include "cloud/plan/resource_kinds.h"

namespace raycloud::cloud {

ResourceHandler* FindHandler(std::string_view kind_name) {
  using Getter = ResourceHandler& (*)();
  static constexpr std::pair<std::string_view, Getter> kTable[] = {
      {kind::kVpc, handlers::VpcHandler},
      {kind::kVpcAttribute, handlers::VpcAttributeHandler},
      {kind::kSubnet, handlers::SubnetHandler},
      {kind::kInternetGateway, handlers::InternetGatewayHandler},
      {kind::kInternetGatewayAttachment, handlers::InternetGatewayAttachmentHandler},
      {kind::kRouteTable, handlers::RouteTableHandler},
      {kind::kRoute, handlers::RouteHandler},
      {kind::kRouteTableAssociation, handlers::RouteTableAssociationHandler},
      {kind::kEip, handlers::EipHandler},
      {kind::kNatGateway, handlers::NatGatewayHandler},
      {kind::kVpcEndpoint, handlers::VpcEndpointHandler},
      {kind::kSecurityGroup, handlers::SecurityGroupHandler},
      {kind::kSecurityGroupRules, handlers::SecurityGroupRulesHandler},
      {kind::kIamRole, handlers::IamRoleHandler},
      {kind::kIamRolePolicy, handlers::IamRolePolicyHandler},
      {kind::kIamInstanceProfile, handlers::IamInstanceProfileHandler},
      {kind::kBucket, handlers::BucketHandler},
      {kind::kBucketPolicy, handlers::BucketPolicyHandler},
      {kind::kBucketEncryption, handlers::BucketEncryptionHandler},
      {kind::kPublicAccessBlock, handlers::PublicAccessBlockHandler},
      {kind::kLifecycle, handlers::LifecycleHandler},
      {kind::kVersioning, handlers::VersioningHandler},
      {kind::kCors, handlers::CorsHandler},
      {kind::kEfsFileSystem, handlers::EfsFileSystemHandler},
      {kind::kEfsMountTarget, handlers::EfsMountTargetHandler},
      {kind::kMemoryDbSubnetGroup, handlers::MemoryDbSubnetGroupHandler},
      {kind::kMemoryDbParameterGroup, handlers::MemoryDbParameterGroupHandler},
      {kind::kMemoryDbCluster, handlers::MemoryDbClusterHandler},
  };
  for (const auto& [name, getter] : kTable) {
    if (name == kind_name) return &getter();
  }
  return nullptr;
}

}  // namespace raycloud::cloud
