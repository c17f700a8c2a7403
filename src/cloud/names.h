#pragma once

#include <string>
#include <string_view>

#include "common/error.h"

namespace raycloud::cloud {

/// Format checks for user input, done before any AWS call. Each returns an Error of kind
/// kInvalidArgument naming `flag` and saying what is allowed.

/// Cloud names: 1-40 chars of lowercase letters, digits and hyphens, starting with a letter.
Status ValidateCloudName(std::string_view name, std::string_view flag = "--name");
/// S3 bucket naming rules (3-63 chars, lowercase letters, digits, dots and hyphens, starts
/// and ends with a letter or digit, no "..", not an IP address, no reserved prefixes or
/// suffixes).
Status ValidateBucketName(std::string_view name, std::string_view flag = "--bucket-name");
/// A tag "KEY=VALUE" under the strictest rules of the services a cloud uses.
Status ValidateTag(std::string_view key, std::string_view value, std::string_view flag = "--tag");
/// An AWS region name such as us-west-2, cn-north-1 or us-gov-west-1 (format only).
Status ValidateRegionFormat(std::string_view region, std::string_view flag = "--region");
/// An IAM principal ARN (account root, role, user, assumed-role) or a 12-digit account id.
Status ValidatePrincipalArn(std::string_view arn, std::string_view flag);
/// A cloud id: `cld_` and 24 of [a-z0-9].
Status ValidateCloudId(std::string_view cloud_id, std::string_view flag = "--cloud-id");
/// An IAM role ARN: arn:<partition>:iam::<12 digits>:role/<path/>name.
Status ValidateRoleArn(std::string_view arn, std::string_view flag);

/// `<cloud-name>-<role>` shortened to `max_length` with a stable hash suffix when needed.
std::string ResourceName(std::string_view cloud_name, std::string_view role, size_t max_length);

}  // namespace raycloud::cloud
