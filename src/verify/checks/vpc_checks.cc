// vpc.exists, vpc.cidr_size, vpc.dns_support, vpc.dns_hostnames.
#include <fmt/format.h>

#include "net/cidr.h"
#include "verify/checks/check_util.h"
#include "verify/checks/checks.h"

namespace raycloud::verify {
namespace {

Finding VpcExists(const CloudSnapshot& s, const json* vpc) {
  const std::string& id = s.target.vpc_id;
  if (vpc != nullptr) {
    return MakeFinding("vpc.exists", id, CheckStatus::kPass,
                       fmt::format("VPC {} exists ({})", id, Text(*vpc, "CidrBlock")));
  }
  std::string list = "aws ec2 describe-vpcs" + RegionFlag(s);
  if (id.empty()) {
    return MakeFinding(
        "vpc.exists", std::nullopt, CheckStatus::kFail, "no VPC is configured",
        "Register the cloud with --vpc-id of an existing VPC (list them: " + list + ")");
  }
  if (s.vpcs.failed() && s.vpcs.error_code != "InvalidVpcID.NotFound") {
    return MakeFinding("vpc.exists", id, CheckStatus::kFail,
                       fmt::format("could not describe VPC {}: {}", id, s.vpcs.Describe()),
                       ReadFailureFix(s.vpcs, "ec2:DescribeVpcs"));
  }
  return MakeFinding("vpc.exists", id, CheckStatus::kFail,
                     fmt::format("VPC {} was not found in {}", id, s.target.region),
                     "Register the cloud with --vpc-id of an existing VPC of this region "
                     "(list them: " +
                         list + ")");
}

Finding CidrSize(const CloudSnapshot& s, const json& vpc) {
  const std::string& id = s.target.vpc_id;
  std::string cidr_text = Text(vpc, "CidrBlock");
  auto cidr = net::Ipv4Cidr::Parse(cidr_text, false);
  if (!cidr) {
    return MakeFinding("vpc.cidr_size", id, CheckStatus::kSkip,
                       fmt::format("VPC {} has no readable IPv4 CIDR ({})", id, cidr_text));
  }
  std::string fix =
      "A VPC's primary CIDR cannot change: create a VPC of /19 or larger (raycloud cloud setup "
      "--vpc-cidr 10.0.0.0/16) and move the cloud to it";
  if (cidr->prefix() > 24) {
    return MakeFinding("vpc.cidr_size", id, CheckStatus::kFail,
                       fmt::format("primary CIDR {} is smaller than /24", cidr_text), fix);
  }
  if (cidr->prefix() > 19) {
    return MakeFinding(
        "vpc.cidr_size", id, CheckStatus::kWarn,
        fmt::format("primary CIDR {} is smaller than /19: room for few cluster nodes", cidr_text),
        fix);
  }
  return MakeFinding("vpc.cidr_size", id, CheckStatus::kPass,
                     fmt::format("primary CIDR {} is /19 or larger", cidr_text));
}

// enableDnsSupport / enableDnsHostnames, read from DescribeVpcAttribute.
Finding DnsAttribute(const CloudSnapshot& s, const CallResult& call, const char* check_id,
                     const char* member, const char* flag, const char* what,
                     const char* attribute) {
  const std::string& id = s.target.vpc_id;
  if (!call.ok()) {
    return MakeFinding(check_id, id, CheckStatus::kSkip,
                       fmt::format("could not read the {} attribute: {}", attribute,
                                   call.called() ? call.Describe() : "not read"));
  }
  bool enabled = call.output.value(member, json::object()).value("Value", false);
  if (enabled) {
    return MakeFinding(check_id, id, CheckStatus::kPass, fmt::format("{} is enabled", what));
  }
  Finding finding =
      MakeFinding(check_id, id, CheckStatus::kFail, fmt::format("{} is disabled", what),
                  fmt::format("aws ec2 modify-vpc-attribute --vpc-id {} {} '{{\"Value\":true}}'{}",
                              id, flag, RegionFlag(s)));
  finding.fixes.push_back(FixAction{.service = "ec2",
                                    .operation = "ModifyVpcAttribute",
                                    .params = {{"VpcId", id}, {member, {{"Value", true}}}},
                                    .description = fmt::format("enable {} on {}", what, id)});
  return finding;
}

}  // namespace

Findings CheckVpc(const CloudSnapshot& s) {
  const json* vpc = FindVpc(s);
  Findings out{VpcExists(s, vpc)};
  if (vpc == nullptr) {
    std::string why = MissingMessage("VPC", s.target.vpc_id, "vpc.exists");
    for (const char* id : {"vpc.cidr_size", "vpc.dns_support", "vpc.dns_hostnames"}) {
      out.push_back(MakeFinding(id, s.target.vpc_id, CheckStatus::kSkip, why));
    }
    return out;
  }
  out.push_back(CidrSize(s, *vpc));
  out.push_back(DnsAttribute(s, s.dns_support, "vpc.dns_support", "EnableDnsSupport",
                             "--enable-dns-support", "DNS resolution", "enableDnsSupport"));
  out.push_back(DnsAttribute(s, s.dns_hostnames, "vpc.dns_hostnames", "EnableDnsHostnames",
                             "--enable-dns-hostnames", "DNS hostnames", "enableDnsHostnames"));
  return out;
}

}  // namespace raycloud::verify
