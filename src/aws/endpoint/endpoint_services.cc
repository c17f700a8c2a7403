#include "aws/endpoint/endpoint_services.h"

#include <cctype>

namespace raycloud::aws {

const std::vector<ServiceEndpointInfo>& AllServiceEndpointInfos() {
  // Service ids, signing names and endpoint prefixes as in the botocore service models.
  static const std::vector<ServiceEndpointInfo> services = {
      {"ec2", "EC2", "ec2", "ec2"},
      {"iam", "IAM", "iam", "iam"},
      {"sts", "STS", "sts", "sts"},
      {"s3", "S3", "s3", "s3"},
      {"kms", "KMS", "kms", "kms"},
      {"efs", "EFS", "elasticfilesystem", "elasticfilesystem"},
      {"memorydb", "MemoryDB", "memorydb", "memory-db"},
      {"elbv2", "Elastic Load Balancing v2", "elasticloadbalancing", "elasticloadbalancing"},
      {"cloudformation", "CloudFormation", "cloudformation", "cloudformation"},
      {"service-quotas", "Service Quotas", "servicequotas", "servicequotas"},
      {"cloudtrail", "CloudTrail", "cloudtrail", "cloudtrail"},
      {"acm", "ACM", "acm", "acm"},
      {"budgets", "Budgets", "budgets", "budgets"},
      {"pricing", "Pricing", "pricing", "api.pricing"},
  };
  return services;
}

const ServiceEndpointInfo* FindServiceEndpointInfo(std::string_view name) {
  for (const auto& service : AllServiceEndpointInfos()) {
    if (service.name == name) return &service;
  }
  return nullptr;
}

std::string ServiceEndpointEnvName(const ServiceEndpointInfo& service) {
  std::string name = "AWS_ENDPOINT_URL_";
  for (unsigned char c : service.service_id) {
    name.push_back(c == ' ' ? '_' : static_cast<char>(std::toupper(c)));
  }
  return name;
}

}  // namespace raycloud::aws
