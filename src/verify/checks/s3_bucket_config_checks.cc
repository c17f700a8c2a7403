// s3.bucket.cors and s3.bucket.lifecycle.
#include <fmt/format.h>

#include <algorithm>

#include "verify/checks/bucket_util.h"
#include "verify/checks/check_util.h"
#include "verify/checks/checks.h"

namespace raycloud::verify {
namespace {

bool Contains(const json& list, std::string_view value) {
  if (!list.is_array()) return false;
  return std::any_of(list.begin(), list.end(),
                     [&](const json& item) { return item.is_string() && item == value; });
}

// S3 allows one '*' wildcard in an allowed origin ("https://*.example.com").
bool OriginMatches(const std::string& pattern, const std::string& origin) {
  auto star = pattern.find('*');
  if (star == std::string::npos) return pattern == origin;
  std::string_view head(pattern.data(), star);
  std::string_view tail(pattern.data() + star + 1, pattern.size() - star - 1);
  return origin.size() >= head.size() + tail.size() && origin.starts_with(head) &&
         origin.ends_with(tail);
}

bool RuleAllows(const json& rule, const std::string& origin) {
  const json origins = rule.value("AllowedOrigins", json::array());
  bool origin_ok = std::any_of(origins.begin(), origins.end(), [&](const json& pattern) {
    return pattern.is_string() && OriginMatches(pattern.get<std::string>(), origin);
  });
  return origin_ok && Contains(rule.value("AllowedMethods", json::array()), "GET") &&
         Contains(rule.value("AllowedHeaders", json::array()), "*");
}

// The rules of a lifecycle configuration as PutBucketLifecycleConfiguration takes them.
json ExistingRules(const CallResult& call) {
  return call.ok() ? call.output.value("Rules", json::array()) : json::array();
}

// The prefix a rule applies to, or nullopt when it also filters on tags or object size
// (then it does not cover every log object).
std::optional<std::string> RulePrefix(const json& rule) {
  if (rule.contains("Prefix") && !rule.contains("Filter")) return Text(rule, "Prefix");
  const json filter = rule.value("Filter", json::object());
  if (filter.contains("Tag") || filter.contains("ObjectSizeGreaterThan") ||
      filter.contains("ObjectSizeLessThan")) {
    return std::nullopt;
  }
  if (filter.contains("And")) {
    const json& both = filter["And"];
    if (!both.value("Tags", json::array()).empty() || both.contains("ObjectSizeGreaterThan") ||
        both.contains("ObjectSizeLessThan")) {
      return std::nullopt;
    }
    return Text(both, "Prefix");
  }
  return Text(filter, "Prefix");
}

bool Enabled(const json& rule) { return Text(rule, "Status") == "Enabled"; }

bool ExpiresLogs(const json& rule, const std::string& logs_prefix) {
  if (!Enabled(rule)) return false;
  const json expiration = rule.value("Expiration", json::object());
  if (!expiration.contains("Days") && !expiration.contains("Date")) return false;
  auto prefix = RulePrefix(rule);
  return prefix && logs_prefix.starts_with(*prefix);
}

bool AbortsMultipart(const json& rule) {
  return Enabled(rule) && rule.value("AbortIncompleteMultipartUpload", json::object())
                              .contains("DaysAfterInitiation");
}

}  // namespace

Findings CheckBucketCors(const CloudSnapshot& s) {
  constexpr const char* kId = "s3.bucket.cors";
  const std::string& bucket = s.target.bucket;
  if (s.target.console_origins.empty()) {
    return {MakeFinding(kId, bucket, CheckStatus::kSkip, "no console origin is configured")};
  }
  if (auto skip = SkipWithoutBucket(s, kId)) return {*skip};
  const CallResult& call = s.bucket_cors;
  if (call.failed() && call.error_code != "NoSuchCORSConfiguration") {
    return {MakeFinding(kId, bucket, CheckStatus::kSkip,
                        "could not read the CORS configuration: " + call.Describe())};
  }
  json rules = call.ok() ? call.output.value("CORSRules", json::array()) : json::array();
  std::vector<std::string> missing;
  for (const auto& origin : s.target.console_origins) {
    bool allowed = std::any_of(rules.begin(), rules.end(),
                               [&](const json& rule) { return RuleAllows(rule, origin); });
    if (!allowed) missing.push_back(origin);
  }
  if (missing.empty()) {
    return {MakeFinding(kId, bucket, CheckStatus::kPass,
                        "a CORS rule allows GET with every header from each console origin")};
  }
  rules.push_back({{"AllowedHeaders", {"*"}},
                   {"AllowedMethods", {"GET", "PUT", "POST", "HEAD", "DELETE"}},
                   {"AllowedOrigins", missing},
                   {"ExposeHeaders", json::array()}});
  json configuration = {{"CORSRules", rules}};
  Finding finding = MakeFinding(
      kId, bucket, CheckStatus::kWarn,
      fmt::format("no CORS rule allows GET with headers * from {}: the console cannot read logs",
                  JoinList(missing)),
      fmt::format("aws s3api put-bucket-cors --bucket {} --cors-configuration {}{}{}", bucket,
                  ShellQuote(configuration.dump()), OwnerFlag(s), RegionFlag(s)));
  finding.fixes.push_back(FixAction{
      .service = "s3",
      .operation = "PutBucketCors",
      .params = {{"Bucket", bucket}, {"CORSConfiguration", configuration}},
      .description = fmt::format("add a CORS rule for {} to {}", JoinList(missing), bucket)});
  return {finding};
}

Findings CheckBucketLifecycle(const CloudSnapshot& s) {
  constexpr const char* kId = "s3.bucket.lifecycle";
  const std::string& bucket = s.target.bucket;
  if (auto skip = SkipWithoutBucket(s, kId)) return {*skip};
  const CallResult& call = s.bucket_lifecycle;
  if (call.failed() && call.error_code != "NoSuchLifecycleConfiguration") {
    return {MakeFinding(kId, bucket, CheckStatus::kSkip,
                        "could not read the lifecycle configuration: " + call.Describe())};
  }
  const std::string logs_prefix = fmt::format("{}/{}/logs/", s.target.org_id, s.target.cloud_id);
  json rules = ExistingRules(call);
  bool expires = std::any_of(rules.begin(), rules.end(),
                             [&](const json& rule) { return ExpiresLogs(rule, logs_prefix); });
  bool aborts = std::any_of(rules.begin(), rules.end(), AbortsMultipart);
  if (expires && aborts) {
    return {MakeFinding(kId, bucket, CheckStatus::kPass,
                        fmt::format("logs under {} expire and incomplete multipart uploads are "
                                    "aborted",
                                    logs_prefix))};
  }
  std::vector<std::string> problems;
  if (!expires) {
    problems.push_back(fmt::format("no rule expires logs under {}", logs_prefix));
    rules.push_back({{"ID", "raycloud-expire-logs"},
                     {"Filter", {{"Prefix", logs_prefix}}},
                     {"Status", "Enabled"},
                     {"Expiration", {{"Days", s.target.log_retention_days}}}});
  }
  if (!aborts) {
    problems.push_back("no rule aborts incomplete multipart uploads");
    rules.push_back({{"ID", "raycloud-abort-incomplete-uploads"},
                     {"Filter", {{"Prefix", ""}}},
                     {"Status", "Enabled"},
                     {"AbortIncompleteMultipartUpload", {{"DaysAfterInitiation", 7}}}});
  }
  json configuration = {{"Rules", rules}};
  Finding finding = MakeFinding(
      kId, bucket, CheckStatus::kWarn, JoinList(problems) + ": storage grows without bound",
      fmt::format("aws s3api put-bucket-lifecycle-configuration --bucket {} "
                  "--lifecycle-configuration {}{}{}",
                  bucket, ShellQuote(configuration.dump()), OwnerFlag(s), RegionFlag(s)));
  finding.fixes.push_back(
      FixAction{.service = "s3",
                .operation = "PutBucketLifecycleConfiguration",
                .params = {{"Bucket", bucket}, {"LifecycleConfiguration", configuration}},
                .description = fmt::format("add the missing lifecycle rules to {}", bucket)});
  return {finding};
}

}  // namespace raycloud::verify
