// Runs botocore's endpoint-rules test cases (../shared/testdata/botocore-endpoint-rules, read
// in place) through ResolveEndpoint. Cases using parameters or bucket forms raycloud does not
// support are skipped with a reason; every other case must match exactly: URL, signing
// region and name, or the error message.

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "aws/endpoint/endpoint_resolver.h"
#include "aws/endpoint/endpoint_services.h"

namespace raycloud::aws {
namespace {

using nlohmann::json;

const std::string kRulesDir =
    std::string(RAYCLOUD_SHARED_DIR) + "/testdata/botocore-endpoint-rules";

// Parameters of S3's rules that only concern access points, Object Lambda, Outposts, Multi-
// Region Access Points or S3 Express, none of which raycloud uses.
const std::set<std::string> kUnsupportedS3Params = {"UseArnRegion",
                                                    "DisableAccessPoints",
                                                    "DisableMultiRegionAccessPoints",
                                                    "UseObjectLambdaEndpoint",
                                                    "UseS3ExpressControlEndpoint",
                                                    "DisableS3ExpressSessionAuth"};

// Operation context parameters that never change the S3 endpoint.
const std::set<std::string> kIgnoredS3Params = {"Key", "Prefix", "CopySource"};

// Why a case is out of scope, or "" when the resolver claims to support it.
std::string EndpointSkipReason(const std::string& service, const json& params) {
  for (const auto& [name, value] : params.items()) {
    if (name == "Region" || name == "UseFIPS" || name == "UseDualStack" || name == "Endpoint") {
      continue;
    }
    if (name == "UseGlobalEndpoint" && (service == "sts" || service == "s3")) continue;
    if (service == "acm" && name == "ServiceType") {
      if (value == "ACM") continue;
      return "ServiceType=" + value.get<std::string>() + " (ACME API unused)";
    }
    if (service == "s3") {
      if (name == "Bucket") {
        const auto bucket = value.get<std::string>();
        if (bucket.starts_with("arn:")) return "Bucket is an ARN (access point/Outposts/Lambda)";
        if (bucket.ends_with("--x-s3") || bucket.ends_with("--xa-s3")) {
          return "Bucket is an S3 Express directory bucket";
        }
        if (bucket.ends_with("--op-s3")) return "Bucket is an Outposts access point alias";
        continue;
      }
      if (name == "ForcePathStyle" || name == "Accelerate" || kIgnoredS3Params.contains(name)) {
        continue;
      }
      if (kUnsupportedS3Params.contains(name)) return name;
    }
    return "param " + name;
  }
  return "";
}

EndpointParams ToParams(const json& params) {
  EndpointParams out;
  if (params.contains("Region")) out.region = params["Region"].get<std::string>();
  if (params.contains("Endpoint")) out.endpoint = params["Endpoint"].get<std::string>();
  if (params.contains("Bucket")) out.bucket = params["Bucket"].get<std::string>();
  out.use_fips = params.value("UseFIPS", false);
  out.use_dual_stack = params.value("UseDualStack", false);
  out.use_global_endpoint = params.value("UseGlobalEndpoint", false);
  out.force_path_style = params.value("ForcePathStyle", false);
  out.accelerate = params.value("Accelerate", false);
  return out;
}

struct EndpointTally {
  int passed = 0;
  int failed = 0;
  std::map<std::string, int> skipped;  // reason -> count
  int SkippedTotal() const {
    int total = 0;
    for (const auto& [reason, count] : skipped) total += count;
    return total;
  }
};

// Checks one supported case; returns false (after reporting) on a mismatch.
bool CheckCase(const std::string& service, const json& test) {
  const json params = test.value("params", json::object());
  const json& expect = test["expect"];
  const std::string doc = test.value("documentation", "") + " params=" + params.dump();
  auto result = ResolveEndpoint(service, ToParams(params));

  if (expect.contains("error")) {
    EXPECT_FALSE(result.has_value()) << doc << " resolved to " << result->url;
    if (result) return false;
    EXPECT_EQ(result.error().message, expect["error"].get<std::string>()) << doc;
    return result.error().message == expect["error"].get<std::string>();
  }

  EXPECT_TRUE(result.has_value()) << doc << ": " << result.error().message;
  if (!result) return false;
  const json& endpoint = expect["endpoint"];
  std::string want_region = params.value("Region", "");
  std::string want_name(FindServiceEndpointInfo(service)->signing_name);
  if (endpoint.contains("properties") && endpoint["properties"].contains("authSchemes")) {
    const json& scheme = endpoint["properties"]["authSchemes"][0];
    want_region = scheme.value("signingRegion", want_region);
    want_name = scheme.value("signingName", want_name);
  }
  const bool ok = result->url == endpoint["url"].get<std::string>() &&
                  result->signing_region == want_region && result->signing_name == want_name;
  EXPECT_EQ(result->url, endpoint["url"].get<std::string>()) << doc;
  EXPECT_EQ(result->signing_region, want_region) << doc;
  EXPECT_EQ(result->signing_name, want_name) << doc;
  return ok;
}

class EndpointRulesConformanceTest : public ::testing::TestWithParam<std::string> {};

TEST_P(EndpointRulesConformanceTest, MatchesBotocoreCases) {
  const std::string service = GetParam();
  std::ifstream in(kRulesDir + "/" + service + ".json");
  ASSERT_TRUE(in) << "cannot read " << kRulesDir << "/" << service << ".json";
  const json cases = json::parse(in)["testCases"];
  ASSERT_FALSE(cases.empty());

  EndpointTally tally;
  for (const json& test : cases) {
    const std::string reason = EndpointSkipReason(service, test.value("params", json::object()));
    if (!reason.empty()) {
      ++tally.skipped[reason];
      continue;
    }
    if (CheckCase(service, test)) {
      ++tally.passed;
    } else {
      ++tally.failed;
    }
  }

  std::cout << "[endpoint-rules] " << service << ": " << tally.passed << " passed, " << tally.failed
            << " failed, " << tally.SkippedTotal() << " skipped of " << cases.size() << "\n";
  for (const auto& [reason, count] : tally.skipped) {
    std::cout << "[endpoint-rules]   skipped " << count << ": " << reason << "\n";
  }
  EXPECT_EQ(tally.failed, 0);
  // Only S3 (ARNs, S3 Express...) and ACM (its ACME API) have cases out of scope.
  if (service != "s3" && service != "acm") {
    EXPECT_EQ(tally.SkippedTotal(), 0);
  }
  // A guard against a skip rule that silently swallows the plain-bucket S3 cases.
  if (service == "s3") {
    EXPECT_GE(tally.passed, 150);
  }
  EXPECT_GT(tally.passed, 0);
}

INSTANTIATE_TEST_SUITE_P(Services, EndpointRulesConformanceTest,
                         ::testing::Values("acm", "budgets", "cloudformation", "cloudtrail", "ec2",
                                         "efs", "elbv2", "iam", "memorydb", "pricing", "s3",
                                         "service-quotas", "sts"),
                         [](const auto& info) {
                           std::string name = info.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

}  // namespace
}  // namespace raycloud::aws
