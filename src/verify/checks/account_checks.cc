// quotas.vpc, quotas.ec2_vcpu, audit.cloudtrail: account-wide checks.
#include <fmt/format.h>

#include <cmath>

#include "verify/checks/check_util.h"
#include "verify/checks/checks.h"

namespace raycloud::verify {
namespace {

struct VcpuQuota {
  const char* code;
  const char* name;
  bool gpu;  // GPU families only need a non-zero quota
};

constexpr VcpuQuota kVcpuQuotas[] = {
    {"L-1216C47A", "On-Demand Standard (A, C, D, H, I, M, R, T, Z) vCPUs", false},
    {"L-34B43A08", "Spot Standard (A, C, D, H, I, M, R, T, Z) vCPUs", false},
    {"L-DB2E81BA", "On-Demand G and VT vCPUs", true},
    {"L-3819A6DF", "Spot G and VT vCPUs", true},
    {"L-417A185B", "On-Demand P vCPUs", true},
    {"L-7212CCBC", "Spot P vCPUs", true},
};
constexpr double kMinStandardVcpus = 64;

struct VpcQuota {
  const char* code;
  const char* name;
  CallResult CloudSnapshot::* usage;
  const char* list_key;
};

constexpr VpcQuota kVpcQuotas[] = {
    {"L-F678F1CE", "VPCs per region", &CloudSnapshot::region_vpcs, "Vpcs"},
    {"L-A4707A72", "internet gateways per region", &CloudSnapshot::region_internet_gateways,
     "InternetGateways"},
};

std::optional<double> QuotaValue(const CloudSnapshot& s, const std::string& key) {
  auto it = s.service_quotas.find(key);
  if (it == s.service_quotas.end() || !it->second.ok()) return std::nullopt;
  const json quota = it->second.output.value("Quota", json::object());
  if (!quota.contains("Value") || !quota["Value"].is_number()) return std::nullopt;
  return quota["Value"].get<double>();
}

std::string WhyUnreadable(const CloudSnapshot& s, const std::string& key) {
  auto it = s.service_quotas.find(key);
  if (it == s.service_quotas.end() || !it->second.called()) return "not read";
  return it->second.failed() ? it->second.Describe() : "no value in the answer";
}

std::string IncreaseCommand(const CloudSnapshot& s, const char* service, const char* code,
                            double value) {
  return fmt::format(
      "aws service-quotas request-service-quota-increase --service-code {} "
      "--quota-code {} --desired-value {}{}",
      service, code, value, RegionFlag(s));
}

}  // namespace

Findings CheckVpcQuota(const CloudSnapshot& s) {
  if (!s.target.check_vpc_quota) {
    return {MakeFinding("quotas.vpc", std::nullopt, CheckStatus::kSkip,
                        "checked before setup only (the cloud's VPC already exists)")};
  }
  Findings out;
  for (const auto& quota : kVpcQuotas) {
    std::string key = std::string("vpc/") + quota.code;
    auto value = QuotaValue(s, key);
    const CallResult& usage = s.*quota.usage;
    if (!value || !usage.ok()) {
      out.push_back(MakeFinding("quotas.vpc", quota.code, CheckStatus::kSkip,
                                fmt::format("could not read the quota of {}: {}", quota.name,
                                            value ? usage.Describe() : WhyUnreadable(s, key))));
      continue;
    }
    double used = static_cast<double>(ListOf(usage, quota.list_key).size());
    double left = *value - used;
    std::string message = fmt::format("{} of {} {} used, {} left", used, *value, quota.name, left);
    CheckStatus status = left < 1   ? CheckStatus::kFail
                         : left < 2 ? CheckStatus::kWarn
                                    : CheckStatus::kPass;
    out.push_back(MakeFinding(
        "quotas.vpc", quota.code, status, message,
        status == CheckStatus::kPass ? "" : IncreaseCommand(s, "vpc", quota.code, used + 5)));
  }
  return out;
}

Findings CheckEc2VcpuQuotas(const CloudSnapshot& s) {
  Findings out;
  for (const auto& quota : kVcpuQuotas) {
    std::string key = std::string("ec2/") + quota.code;
    auto value = QuotaValue(s, key);
    if (!value) {
      out.push_back(MakeFinding(
          "quotas.ec2_vcpu", quota.code, CheckStatus::kSkip,
          fmt::format("could not read the {} quota: {}", quota.name, WhyUnreadable(s, key))));
      continue;
    }
    if (quota.gpu && *value <= 0) {
      out.push_back(MakeFinding("quotas.ec2_vcpu", quota.code, CheckStatus::kWarn,
                                fmt::format("{} quota is 0: GPU clusters of this family cannot "
                                            "start",
                                            quota.name),
                                IncreaseCommand(s, "ec2", quota.code, 8)));
    } else if (!quota.gpu && *value < kMinStandardVcpus) {
      out.push_back(MakeFinding("quotas.ec2_vcpu", quota.code, CheckStatus::kWarn,
                                fmt::format("{} quota is {}, below {}: clusters will hit it",
                                            quota.name, *value, kMinStandardVcpus),
                                IncreaseCommand(s, "ec2", quota.code, kMinStandardVcpus)));
    } else {
      out.push_back(MakeFinding("quotas.ec2_vcpu", quota.code, CheckStatus::kPass,
                                fmt::format("{} quota is {}", quota.name, *value)));
    }
  }
  return out;
}

Findings CheckCloudTrail(const CloudSnapshot& s) {
  constexpr const char* kId = "audit.cloudtrail";
  if (!s.trails.ok()) {
    return {MakeFinding(kId, std::nullopt, CheckStatus::kSkip,
                        "could not list trails: " +
                            (s.trails.called() ? s.trails.Describe() : std::string("not read")))};
  }
  for (const auto& trail : ListOf(s.trails, "trailList")) {
    bool covers =
        trail.value("IsMultiRegionTrail", false) || Text(trail, "HomeRegion") == s.target.region;
    if (!covers) continue;
    auto status = s.trail_status.find(Text(trail, "TrailARN"));
    if (status != s.trail_status.end() && status->second.ok() &&
        status->second.output.value("IsLogging", false)) {
      return {MakeFinding(kId, std::nullopt, CheckStatus::kPass,
                          fmt::format("trail {} logs {}", Text(trail, "Name"), s.target.region))};
    }
  }
  return {MakeFinding(
      kId, std::nullopt, CheckStatus::kWarn,
      fmt::format("no trail is logging {}: API calls in the account leave no audit record",
                  s.target.region),
      fmt::format("aws cloudtrail create-trail --name raycloud-audit --s3-bucket-name <a log "
                  "bucket with the CloudTrail bucket policy> --is-multi-region-trail{} && aws "
                  "cloudtrail start-logging --name raycloud-audit{}",
                  RegionFlag(s), RegionFlag(s)))};
}

}  // namespace raycloud::verify
