#include "aws/protocol/fuzz_parse.h"

#include <cstdlib>
#include <string_view>

#include "aws/protocol/response_parser.h"

namespace raycloud::aws {
namespace {

struct Target {
  const char* service;
  const char* operation;
};

// A few operations per protocol, chosen for wide output shapes (lists, maps, timestamps,
// headers, payloads) and for each protocol's error shape.
constexpr Target kTargets[] = {
    // ec2
    {"ec2", "DescribeSecurityGroups"},
    {"ec2", "DescribeInstances"},
    {"ec2", "DescribeSubnets"},
    // query
    {"iam", "GetRole"},
    {"iam", "ListRolePolicies"},
    {"sts", "AssumeRole"},
    {"cloudformation", "DescribeStacks"},
    // rest-xml
    {"s3", "ListObjectsV2"},
    {"s3", "GetObject"},
    {"s3", "GetBucketLifecycleConfiguration"},
    {"s3", "GetBucketPolicy"},
    // rest-json
    {"efs", "DescribeFileSystems"},
    {"efs", "DescribeMountTargets"},
    // json
    {"memorydb", "DescribeClusters"},
    {"pricing", "GetProducts"},
    {"cloudtrail", "LookupEvents"},
};

}  // namespace

int FuzzParseResponse(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const Target& target = kTargets[data[0] % std::size(kTargets)];
  // A target missing from the embedded models is a mistake in the table above: fail loudly
  // rather than fuzz nothing.
  auto model = ServiceModel::Embedded(target.service);
  if (!model) std::abort();
  const Operation* operation = (*model)->FindOperation(target.operation);
  if (!operation) std::abort();

  HttpResponse response;
  response.status = (data[1] & 1) ? 400 + data[1] % 100 : 200;
  std::string_view rest(reinterpret_cast<const char*>(data + 2), size - 2);
  // Optional header block: "Name: value" lines ended by an empty line.
  if (size_t end = rest.find("\n\n"); end != std::string_view::npos && (data[1] & 2)) {
    std::string_view block = rest.substr(0, end);
    rest.remove_prefix(end + 2);
    while (!block.empty()) {
      size_t eol = block.find('\n');
      std::string_view line = block.substr(0, eol);
      if (size_t colon = line.find(':'); colon != std::string_view::npos) {
        std::string_view value = line.substr(colon + 1);
        while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
        response.headers.emplace_back(std::string(line.substr(0, colon)), std::string(value));
      }
      if (eol == std::string_view::npos) break;
      block.remove_prefix(eol + 1);
    }
  }
  response.body = std::string(rest);
  if (response.status < 300) {
    (void)ParseResponse(**model, *operation, response);
  } else {
    (void)ParseErrorDetails(**model, *operation, response);
  }
  return 0;
}

}  // namespace raycloud::aws
