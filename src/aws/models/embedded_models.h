#pragma once

#include <string_view>
#include <vector>

namespace raycloud::aws {

/// One service's model as embedded at build time by scripts/gen_aws_models.py: the
/// operations listed in src/aws/models/operations.txt and the shapes, paginators and waiters
/// they reach, as minified botocore JSON ({metadata, operations, shapes, paginators,
/// waiters}) without documentation.
struct ServiceModelData {
  std::string_view service;  // botocore service name, e.g. "ec2", "service-quotas"
  std::string_view json;
};

/// The embedded model of a botocore service name, or nullptr when raycloud embeds none.
const ServiceModelData* FindEmbeddedModel(std::string_view service);

/// The botocore names of every embedded service, in operations.txt order.
std::vector<std::string_view> EmbeddedServiceNames();

}  // namespace raycloud::aws
