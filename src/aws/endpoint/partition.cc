#include "aws/endpoint/partition.h"

#include <algorithm>
#include <regex>
#include <string>

namespace raycloud::aws {
namespace {

struct PartitionRule {
  Partition partition;
  std::regex pattern;
  std::vector<std::string_view> explicit_regions;  // names the pattern does not match
};

const std::vector<PartitionRule>& Rules() {
  static const std::vector<PartitionRule> rules = {
      {{"aws", "amazonaws.com", "api.aws", "us-east-1"},
       std::regex(R"(^(us|eu|ap|sa|ca|me|af|il|mx)\-\w+\-\d+$)"),
       {"aws-global"}},
      {{"aws-cn", "amazonaws.com.cn", "api.amazonwebservices.com.cn", "cn-northwest-1"},
       std::regex(R"(^cn\-\w+\-\d+$)"),
       {"aws-cn-global"}},
      {{"aws-us-gov", "amazonaws.com", "api.aws", "us-gov-west-1"},
       std::regex(R"(^us\-gov\-\w+\-\d+$)"),
       {"aws-us-gov-global"}},
      {{"aws-iso", "c2s.ic.gov", "api.aws.ic.gov", "us-iso-east-1"},
       std::regex(R"(^us\-iso\-\w+\-\d+$)"),
       {"aws-iso-global"}},
      {{"aws-iso-b", "sc2s.sgov.gov", "api.aws.scloud", "us-isob-east-1"},
       std::regex(R"(^us\-isob\-\w+\-\d+$)"),
       {"aws-iso-b-global"}},
      {{"aws-iso-e", "cloud.adc-e.uk", "api.cloud-aws.adc-e.uk", "eu-isoe-west-1"},
       std::regex(R"(^eu\-isoe\-\w+\-\d+$)"),
       {"aws-iso-e-global"}},
      {{"aws-iso-f", "csp.hci.ic.gov", "api.aws.hci.ic.gov", "us-isof-south-1"},
       std::regex(R"(^us\-isof\-\w+\-\d+$)"),
       {"aws-iso-f-global"}},
      {{"aws-eusc", "amazonaws.eu", "api.amazonwebservices.eu", "eusc-de-east-1"},
       std::regex(R"(^eusc\-(de)\-\w+\-\d+$)"),
       {}},
  };
  return rules;
}

}  // namespace

const Partition& PartitionForRegion(std::string_view region) {
  const auto& rules = Rules();
  for (const auto& rule : rules) {
    if (std::find(rule.explicit_regions.begin(), rule.explicit_regions.end(), region) !=
        rule.explicit_regions.end()) {
      return rule.partition;
    }
  }
  const std::string text(region);
  for (const auto& rule : rules) {
    if (std::regex_match(text, rule.pattern)) return rule.partition;
  }
  return rules.front().partition;
}

const std::vector<Partition>& AllPartitions() {
  static const std::vector<Partition> partitions = [] {
    std::vector<Partition> out;
    for (const auto& rule : Rules()) out.push_back(rule.partition);
    return out;
  }();
  return partitions;
}

}  // namespace raycloud::aws
