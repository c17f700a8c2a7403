#include "cloud/names.h"

#include <openssl/sha.h>

#include <regex>

#include "common/strings.h"

namespace raycloud::cloud {
namespace {

bool IsLowerAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

}  // namespace

Status ValidateCloudId(std::string_view cloud_id, std::string_view flag) {
  static const std::regex kCloudId("cld_[a-z0-9]{24}");
  if (std::regex_match(cloud_id.begin(), cloud_id.end(), kCloudId)) return {};
  return Fail(Error::InvalidFlag(
      flag, "'" + std::string(cloud_id) + "' is not a cloud id (cld_ followed by 24 of [a-z0-9])"));
}

Status ValidateCloudName(std::string_view name, std::string_view flag) {
  static const std::regex kPattern("[a-z][a-z0-9-]{0,39}");
  if (!std::regex_match(name.begin(), name.end(), kPattern)) {
    return Fail(
        Error::InvalidFlag(flag, "'" + std::string(name) +
                                     "' is not a valid cloud name; use 1-40 lowercase letters, "
                                     "digits and hyphens, starting with a letter"));
  }
  if (name.ends_with("-") || name.find("--") != std::string_view::npos) {
    return Fail(
        Error::InvalidFlag(flag, "'" + std::string(name) +
                                     "' is not a valid cloud name; it may not end with a hyphen "
                                     "or contain two hyphens in a row (MemoryDB rejects those)"));
  }
  return {};
}

Status ValidateBucketName(std::string_view name, std::string_view flag) {
  const std::string quoted = "'" + std::string(name) + "'";
  if (name.size() < 3 || name.size() > 63) {
    return Fail(Error::InvalidFlag(flag, quoted + " must be 3-63 characters long"));
  }
  for (char c : name) {
    if (!IsLowerAlnum(c) && c != '-' && c != '.') {
      return Fail(
          Error::InvalidFlag(flag, quoted + " may contain only lowercase letters, digits, dots and "
                                            "hyphens"));
    }
  }
  if (!IsLowerAlnum(name.front()) || !IsLowerAlnum(name.back())) {
    return Fail(Error::InvalidFlag(flag, quoted + " must start and end with a letter or digit"));
  }
  if (name.find("..") != std::string_view::npos) {
    return Fail(Error::InvalidFlag(flag, quoted + " may not contain two adjacent dots"));
  }
  static const std::regex kIp(R"(\d+\.\d+\.\d+\.\d+)");
  if (std::regex_match(name.begin(), name.end(), kIp)) {
    return Fail(Error::InvalidFlag(flag, quoted + " may not be formatted as an IP address"));
  }
  for (std::string_view prefix : {"xn--", "sthree-", "amzn-s3-demo-"}) {
    if (name.starts_with(prefix)) {
      return Fail(Error::InvalidFlag(
          flag, quoted + " may not start with the reserved prefix " + std::string(prefix)));
    }
  }
  for (std::string_view suffix : {"-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"}) {
    if (name.ends_with(suffix)) {
      return Fail(Error::InvalidFlag(
          flag, quoted + " may not end with the reserved suffix " + std::string(suffix)));
    }
  }
  return {};
}

Status ValidateTag(std::string_view key, std::string_view value, std::string_view flag) {
  // The intersection of the tag character sets of EC2, IAM, S3, EFS and MemoryDB.
  static const std::regex kAllowed(R"([A-Za-z0-9 _.:/=+\-@]*)");
  if (key.empty() || key.size() > 128) {
    return Fail(
        Error::InvalidFlag(flag, "tag key '" + std::string(key) + "' must be 1-128 characters"));
  }
  if (value.size() > 256) {
    return Fail(Error::InvalidFlag(
        flag, "tag value for '" + std::string(key) + "' must be at most 256 characters"));
  }
  if (strings::Lower(key).starts_with("aws:")) {
    return Fail(Error::InvalidFlag(
        flag, "tag key '" + std::string(key) + "' may not start with 'aws:' (reserved by AWS)"));
  }
  if (key.starts_with("raycloud-")) {
    return Fail(
        Error::InvalidFlag(flag, "tag key '" + std::string(key) +
                                     "' may not start with 'raycloud-' (used by raycloud itself)"));
  }
  if (!std::regex_match(key.begin(), key.end(), kAllowed) ||
      !std::regex_match(value.begin(), value.end(), kAllowed)) {
    return Fail(Error::InvalidFlag(
        flag, "tag '" + std::string(key) + "=" + std::string(value) +
                  "' may contain only letters, digits, spaces and _ . : / = + - @"));
  }
  return {};
}

Status ValidateRegionFormat(std::string_view region, std::string_view flag) {
  static const std::regex kPattern(R"([a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2})");
  if (!std::regex_match(region.begin(), region.end(), kPattern)) {
    return Fail(Error::InvalidFlag(
        flag, "'" + std::string(region) + "' is not an AWS region name (for example us-west-2)"));
  }
  return {};
}

Status ValidatePrincipalArn(std::string_view arn, std::string_view flag) {
  static const std::regex kAccount(R"(\d{12})");
  static const std::regex kArn(
      R"(arn:aws(-cn|-us-gov|-iso|-iso-b)?:(iam|sts)::\d{12}:(root|(role|user)/([\w+=,.@-]+/)*[\w+=,.@-]{1,64}|assumed-role/[\w+=,.@-]{1,64}/[\w+=,.@-]{2,64}))");
  if (std::regex_match(arn.begin(), arn.end(), kAccount) ||
      std::regex_match(arn.begin(), arn.end(), kArn)) {
    return {};
  }
  return Fail(Error::InvalidFlag(
      flag, "'" + std::string(arn) +
                "' is not an IAM principal; use an account id (123456789012) or an "
                "ARN such as arn:aws:iam::123456789012:root or "
                "arn:aws:iam::123456789012:role/NAME"));
}

Status ValidateRoleArn(std::string_view arn, std::string_view flag) {
  static const std::regex kArn(
      R"(arn:aws(-cn|-us-gov|-iso|-iso-b)?:iam::\d{12}:role/([\w+=,.@-]+/)*[\w+=,.@-]{1,64})");
  if (!std::regex_match(arn.begin(), arn.end(), kArn)) {
    return Fail(Error::InvalidFlag(
        flag,
        "'" + std::string(arn) + "' is not an IAM role ARN (arn:aws:iam::123456789012:role/NAME)"));
  }
  return {};
}

std::string ResourceName(std::string_view cloud_name, std::string_view role, size_t max_length) {
  std::string name = std::string(cloud_name) + "-" + std::string(role);
  if (name.size() <= max_length) return name;
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(name.data()), name.size(), digest);
  std::string suffix = strings::HexEncode(std::string_view(reinterpret_cast<char*>(digest), 4));
  std::string shortened = name.substr(0, max_length - suffix.size() - 1);
  while (!shortened.empty() && shortened.back() == '-') shortened.pop_back();
  return shortened + "-" + suffix;
}

}  // namespace raycloud::cloud
