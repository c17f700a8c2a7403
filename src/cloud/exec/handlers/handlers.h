#pragma once

// The handler of each resource kind (resource_kinds.h); FindHandler (handler_registry.cc)
// maps kinds to these. Each returns one stateless, thread-safe instance.

#include "cloud/exec/resource_handler.h"

namespace raycloud::cloud::handlers {

ResourceHandler& VpcHandler();
ResourceHandler& VpcAttributeHandler();
ResourceHandler& SubnetHandler();
ResourceHandler& InternetGatewayHandler();
ResourceHandler& InternetGatewayAttachmentHandler();
ResourceHandler& RouteTableHandler();
ResourceHandler& RouteHandler();
ResourceHandler& RouteTableAssociationHandler();
ResourceHandler& EipHandler();
ResourceHandler& NatGatewayHandler();
ResourceHandler& VpcEndpointHandler();
ResourceHandler& SecurityGroupHandler();
ResourceHandler& SecurityGroupRulesHandler();
ResourceHandler& IamRoleHandler();
ResourceHandler& IamRolePolicyHandler();
ResourceHandler& IamInstanceProfileHandler();
ResourceHandler& BucketHandler();
ResourceHandler& BucketPolicyHandler();
ResourceHandler& BucketEncryptionHandler();
ResourceHandler& PublicAccessBlockHandler();
ResourceHandler& LifecycleHandler();
ResourceHandler& VersioningHandler();
ResourceHandler& CorsHandler();
ResourceHandler& EfsFileSystemHandler();
ResourceHandler& EfsMountTargetHandler();
ResourceHandler& MemoryDbSubnetGroupHandler();
ResourceHandler& MemoryDbParameterGroupHandler();
ResourceHandler& MemoryDbClusterHandler();

}  // namespace raycloud::cloud::handlers
