// s3.bucket.exists, s3.bucket.region, s3.bucket.encryption, s3.bucket.public_access_block.
#include <fmt/format.h>

#include "verify/checks/bucket_util.h"
#include "verify/checks/check_util.h"
#include "verify/checks/checks.h"

namespace raycloud::verify {
namespace {

std::string CreateBucketCommand(const CloudSnapshot& s) {
  const std::string& region = s.target.region;
  // us-east-1 rejects an explicit LocationConstraint.
  std::string location = region == "us-east-1" || region.empty()
                             ? ""
                             : " --create-bucket-configuration LocationConstraint=" + region;
  return fmt::format("aws s3api create-bucket --bucket {}{}{}", s.target.bucket, location,
                     RegionFlag(s));
}

Finding Exists(const CloudSnapshot& s) {
  const std::string& bucket = s.target.bucket;
  const CallResult& call = s.bucket_location;
  if (bucket.empty()) {
    return MakeFinding("s3.bucket.exists", std::nullopt, CheckStatus::kFail,
                       "no bucket is configured", "Register the cloud with --s3-bucket-id");
  }
  if (call.ok()) {
    return MakeFinding("s3.bucket.exists", bucket, CheckStatus::kPass,
                       fmt::format("bucket {} exists in {}", bucket, BucketRegion(call.output)));
  }
  if (call.error_code == "NoSuchBucket") {
    return MakeFinding("s3.bucket.exists", bucket, CheckStatus::kFail,
                       fmt::format("bucket {} does not exist", bucket), CreateBucketCommand(s));
  }
  if (call.error_code == "AccessDenied" || call.error_code == "403") {
    return MakeFinding(
        "s3.bucket.exists", bucket, CheckStatus::kFail,
        fmt::format("bucket {} is not owned by account {} (or is not readable by it): {}", bucket,
                    s.target.account_id, call.Describe()),
        "Use a bucket of this account, or allow s3:GetBucketLocation on it to the credentials "
        "raycloud runs with");
  }
  return MakeFinding("s3.bucket.exists", bucket, CheckStatus::kFail,
                     fmt::format("could not read bucket {}: {}", bucket, call.Describe()),
                     ReadFailureFix(call, "s3:GetBucketLocation"));
}

Finding Region(const CloudSnapshot& s) {
  std::string region = BucketRegion(s.bucket_location.output);
  if (region == s.target.region) {
    return MakeFinding("s3.bucket.region", s.target.bucket, CheckStatus::kPass,
                       fmt::format("bucket is in the cloud's region {}", region));
  }
  return MakeFinding(
      "s3.bucket.region", s.target.bucket, CheckStatus::kWarn,
      fmt::format("bucket is in {}, the cloud in {}: cross-region transfer costs and latency",
                  region, s.target.region),
      "A bucket cannot move regions: " + CreateBucketCommand(s) +
          " (with a new name) and register the cloud with it");
}

// A key given as id, key ARN, alias name or alias ARN, reduced to what identifies it.
std::string KeyName(const std::string& key) {
  if (auto pos = key.find(":key/"); pos != std::string::npos) return key.substr(pos + 5);
  if (auto pos = key.find(":alias/"); pos != std::string::npos) return key.substr(pos + 1);
  return key;
}

bool SameKey(const CloudSnapshot& s, const std::string& actual) {
  std::string have = KeyName(actual);
  if (have == KeyName(s.target.kms_key_id)) return true;
  // DescribeKey resolves an alias to the key it names.
  if (s.kms_key.ok()) {
    const json meta = s.kms_key.output.value("KeyMetadata", json::object());
    return have == Text(meta, "KeyId") || have == KeyName(Text(meta, "Arn"));
  }
  return false;
}

Finding Encryption(const CloudSnapshot& s) {
  const std::string& bucket = s.target.bucket;
  const CallResult& call = s.bucket_encryption;
  bool none = call.failed() && call.error_code == "ServerSideEncryptionConfigurationNotFoundError";
  if (call.failed() && !none) {
    return MakeFinding("s3.bucket.encryption", bucket, CheckStatus::kSkip,
                       "could not read the default encryption: " + call.Describe());
  }
  std::string algorithm = "AES256";
  std::string key;
  if (call.ok()) {
    const json rules = call.output.value("ServerSideEncryptionConfiguration", json::object())
                           .value("Rules", json::array());
    for (const auto& rule : rules) {
      const json by_default = rule.value("ApplyServerSideEncryptionByDefault", json::object());
      if (!Text(by_default, "SSEAlgorithm").empty()) {
        algorithm = Text(by_default, "SSEAlgorithm");
        key = Text(by_default, "KMSMasterKeyID");
        break;
      }
    }
  }
  const std::string& wanted = s.target.kms_key_id;
  if (wanted.empty()) {
    return MakeFinding("s3.bucket.encryption", bucket, CheckStatus::kPass,
                       algorithm == "AES256"
                           ? "objects are encrypted with SSE-S3"
                           : fmt::format("objects are encrypted with {} ({})", algorithm, key));
  }
  if (algorithm.starts_with("aws:kms") && SameKey(s, key)) {
    return MakeFinding("s3.bucket.encryption", bucket, CheckStatus::kPass,
                       fmt::format("objects are encrypted with KMS key {}", key));
  }
  json configuration = {
      {"Rules", json::array({{{"ApplyServerSideEncryptionByDefault",
                               {{"SSEAlgorithm", "aws:kms"}, {"KMSMasterKeyID", wanted}}},
                              {"BucketKeyEnabled", true}}})}};
  Finding finding = MakeFinding(
      "s3.bucket.encryption", bucket, CheckStatus::kWarn,
      fmt::format("SSE-KMS with key {} was asked for, but the default encryption is {}{}", wanted,
                  algorithm == "AES256" ? "SSE-S3" : algorithm, key.empty() ? "" : " " + key),
      fmt::format("aws s3api put-bucket-encryption --bucket {} "
                  "--server-side-encryption-configuration {}{}{}",
                  bucket, ShellQuote(configuration.dump()), OwnerFlag(s), RegionFlag(s)));
  finding.fixes.push_back(FixAction{
      .service = "s3",
      .operation = "PutBucketEncryption",
      .params = {{"Bucket", bucket}, {"ServerSideEncryptionConfiguration", configuration}},
      .description =
          fmt::format("set the default encryption of {} to KMS key {}", bucket, wanted)});
  return finding;
}

Finding PublicAccessBlock(const CloudSnapshot& s) {
  const std::string& bucket = s.target.bucket;
  const CallResult& call = s.public_access_block;
  bool none = call.failed() && call.error_code == "NoSuchPublicAccessBlockConfiguration";
  if (call.failed() && !none) {
    return MakeFinding("s3.bucket.public_access_block", bucket, CheckStatus::kSkip,
                       "could not read the public access block: " + call.Describe());
  }
  const json config = call.ok()
                          ? call.output.value("PublicAccessBlockConfiguration", json::object())
                          : json::object();
  std::vector<std::string> off;
  for (const char* setting :
       {"BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"}) {
    if (!config.value(setting, false)) off.push_back(setting);
  }
  if (off.empty()) {
    return MakeFinding("s3.bucket.public_access_block", bucket, CheckStatus::kPass,
                       "all four public access block settings are on");
  }
  json all_on = {{"BlockPublicAcls", true},
                 {"IgnorePublicAcls", true},
                 {"BlockPublicPolicy", true},
                 {"RestrictPublicBuckets", true}};
  Finding finding =
      MakeFinding("s3.bucket.public_access_block", bucket, CheckStatus::kWarn,
                  fmt::format("public access block setting{} off: {}", off.size() > 1 ? "s" : "",
                              JoinList(off)),
                  fmt::format("aws s3api put-public-access-block --bucket {} "
                              "--public-access-block-configuration "
                              "BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,"
                              "RestrictPublicBuckets=true{}{}",
                              bucket, OwnerFlag(s), RegionFlag(s)));
  finding.fixes.push_back(FixAction{
      .service = "s3",
      .operation = "PutPublicAccessBlock",
      .params = {{"Bucket", bucket}, {"PublicAccessBlockConfiguration", all_on}},
      .description = fmt::format("turn on every public access block setting of {}", bucket)});
  return finding;
}

}  // namespace

bool BucketFound(const CloudSnapshot& s) {
  return !s.target.bucket.empty() && s.bucket_location.ok();
}

std::optional<Finding> SkipWithoutBucket(const CloudSnapshot& s, const char* check_id) {
  if (BucketFound(s)) return std::nullopt;
  return MakeFinding(check_id, s.target.bucket, CheckStatus::kSkip,
                     MissingMessage("bucket", s.target.bucket, "s3.bucket.exists"));
}

std::string OwnerFlag(const CloudSnapshot& s) {
  return s.target.account_id.empty() ? "" : " --expected-bucket-owner " + s.target.account_id;
}

Findings CheckBucket(const CloudSnapshot& s) {
  Findings out{Exists(s)};
  if (auto skip = SkipWithoutBucket(s, "s3.bucket.region")) {
    out.push_back(*skip);
  } else {
    out.push_back(Region(s));
  }
  return out;
}

Findings CheckBucketEncryption(const CloudSnapshot& s) {
  if (auto skip = SkipWithoutBucket(s, "s3.bucket.encryption")) return {*skip};
  return {Encryption(s)};
}

Findings CheckBucketPublicAccessBlock(const CloudSnapshot& s) {
  if (auto skip = SkipWithoutBucket(s, "s3.bucket.public_access_block")) return {*skip};
  return {PublicAccessBlock(s)};
}

}  // namespace raycloud::verify
