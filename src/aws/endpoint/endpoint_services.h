#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace raycloud::aws {

/// What endpoint resolution needs to know about one AWS service raycloud calls.
struct ServiceEndpointInfo {
  std::string_view name;          // botocore service name: "ec2", "elbv2", "service-quotas"
  std::string_view service_id;    // SDK service id: "EC2", "Elastic Load Balancing v2"
  std::string_view signing_name;  // SigV4 service: "ec2", "elasticloadbalancing"
  std::string_view host_prefix;   // first labels of the host: "ec2", "api.pricing"
};

/// The service by botocore name (the names of src/aws/models/operations.txt), or nullptr.
const ServiceEndpointInfo* FindServiceEndpointInfo(std::string_view name);

/// Every service the resolver knows, in a stable order.
const std::vector<ServiceEndpointInfo>& AllServiceEndpointInfos();

/// `AWS_ENDPOINT_URL_<ID>`: the service id upper-cased with spaces turned to underscores
/// ("Elastic Load Balancing v2" -> AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2).
std::string ServiceEndpointEnvName(const ServiceEndpointInfo& service);

}  // namespace raycloud::aws
