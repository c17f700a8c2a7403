#pragma once

#include <cstddef>
#include <map>
#include <string>

#include "aws/client/aws_client.h"
#include "verify/snapshot.h"

namespace raycloud::verify {

/// True for a policy the account manages itself (not `arn:<partition>:iam::aws:policy/...`):
/// the ones GetAccountAuthorizationDetails can return in bulk.
bool IsCustomerManagedPolicy(const std::string& arn);

/// One managed policy's default version: GetPolicy, then GetPolicyVersion.
PolicyDocument ReadManagedPolicy(aws::AwsClient& client, const std::string& arn,
                                 PolicyDocument::Kind kind);

/// One inline policy of a role: GetRolePolicy.
PolicyDocument ReadInlinePolicy(aws::AwsClient& client, const std::string& role,
                                const std::string& name);

/// The default-version documents of the account's customer-managed policies, by ARN, from
/// at most `max_pages` pages of iam:GetAccountAuthorizationDetails. Empty when the call is
/// refused; a policy missing from the answer (an account too large for the pages, a policy
/// created meanwhile) is for the caller to read one by one.
std::map<std::string, nlohmann::json> ReadCustomerManagedPolicies(aws::AwsClient& client,
                                                                  size_t max_pages);

}  // namespace raycloud::verify
