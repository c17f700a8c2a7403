#include "verify/fix.h"

#include <array>
#include <utility>

#include "common/log.h"

namespace raycloud::verify {
namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 10> kSafeCalls = {{
    {"ec2", "ModifyVpcAttribute"},
    {"ec2", "ModifyVpcEndpoint"},
    {"ec2", "CreateTags"},
    {"s3", "PutBucketEncryption"},
    {"s3", "PutPublicAccessBlock"},
    {"s3", "PutBucketPolicy"},
    {"s3", "PutBucketCors"},
    {"s3", "PutBucketLifecycleConfiguration"},
    {"s3", "PutBucketTagging"},
    {"memorydb", "UpdateParameterGroup"},
}};

}  // namespace

bool IsSafeFix(const FixAction& action) {
  for (const auto& [service, operation] : kSafeCalls) {
    if (action.service != service || action.operation != operation) continue;
    // An endpoint fix only adds route tables: it must not remove any or touch its policy.
    if (operation == "ModifyVpcEndpoint") {
      for (const auto& [key, value] : action.params.items()) {
        if (key != "VpcEndpointId" && key != "AddRouteTableIds") return false;
      }
    }
    return true;
  }
  return false;
}

std::vector<FixAction> PlannedFixes(const Findings& findings) {
  std::vector<FixAction> out;
  for (const auto& finding : findings) {
    const bool finding_fails =
        finding.status == CheckStatus::kWarn || finding.status == CheckStatus::kFail;
    for (const auto& fix : finding.fixes) {
      // A passing finding carries only a missing-tag fix (checks/tag_fixes.h).
      if (finding_fails || fix.operation == "CreateTags") out.push_back(fix);
    }
  }
  return out;
}

std::vector<FixOutcome> ApplyFixes(aws::AwsClient& client, const std::vector<FixAction>& actions) {
  std::vector<FixOutcome> outcomes;
  auto logger = log::Get("verify");
  for (const auto& action : actions) {
    FixOutcome outcome{.action = action};
    if (!IsSafeFix(action)) {
      outcome.error = "not a safe remediation: " + action.service + ":" + action.operation;
    } else if (auto answer = client.Call(action.service, action.operation, action.params)) {
      outcome.applied = true;
    } else {
      outcome.error = answer.error().message;
    }
    logger->info("fix operation={}:{} applied={}", action.service, action.operation,
                 outcome.applied);
    outcomes.push_back(std::move(outcome));
  }
  return outcomes;
}

}  // namespace raycloud::verify
