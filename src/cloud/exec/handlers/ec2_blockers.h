#pragma once

// What keeps an EC2 network resource from being deleted once the delete timeout has passed:
// the network interfaces still in it and, for a VPC, the resources in it that this cloud
// did not create. Each entry names the blocker so the user can remove it.

#include <string>
#include <vector>

#include "cloud/exec/resource_handler.h"

namespace raycloud::cloud::handlers {

/// Network interfaces whose `filter` (vpc-id, subnet-id, group-id) is `id`, each as
/// "eni-... (type; description; attached to ...)".
Result<std::vector<std::string>> InterfacesBlocking(ResourceContext& context,
                                                    std::string_view filter, const std::string& id);

/// Everything in `vpc_id` that this cloud did not create (subnets, security groups other
/// than the default, internet gateways, NAT gateways, VPC endpoints), then its interfaces.
Result<std::vector<std::string>> VpcBlockers(ResourceContext& context, const std::string& vpc_id);

}  // namespace raycloud::cloud::handlers
