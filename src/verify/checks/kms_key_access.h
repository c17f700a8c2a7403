#pragma once

// The SSE-KMS side of iam.instance_role.s3_access: what the bucket's KMS key lets a role do
// when S3 encrypts and decrypts objects on its behalf.

#include <string>
#include <vector>

#include "verify/checks/iam_eval.h"
#include "verify/snapshot.h"

namespace raycloud::verify {

/// The key the bucket encrypts new objects with under SSE-KMS: as the bucket names it, "aws/s3"
/// for the AWS managed key, "" for SSE-S3 (or when the configuration could not be read).
std::string BucketKmsKey(const CloudSnapshot& snapshot);

/// True for S3's AWS managed key as a bucket names it ("aws/s3", its alias name or alias ARN),
/// whose policy admits every principal of the account through S3.
bool IsAwsManagedS3Key(const std::string& key);

/// The ARN of the bucket's customer key (DescribeKey's answer, or the key as the bucket names
/// it when that is a key ARN); "" for SSE-S3, the AWS managed key or a key not read.
std::string BucketKmsKeyArn(const CloudSnapshot& snapshot);

/// What the key allows, evaluated. Empty `denied` and `unknown`: the role may use the key
/// through S3 (or the bucket does not use SSE-KMS).
struct KmsKeyAccess {
  std::vector<std::string> denied;    // "kms:Decrypt on ARN (why)", "KMS key ARN is Disabled"
  std::vector<std::string> unknown;   // why the key could not be evaluated
  bool needs_identity_grant = false;  // the key policy leaves it to IAM, which does not allow
  std::vector<std::string> commands;  // aws CLI commands that fix the key (state, key policy)
  std::vector<std::string> steps;     // what no single command fixes (a boundary, an IAM Deny)
};

/// kms:Decrypt (get) and kms:GenerateDataKey (put) on the bucket's key by `principal` (a
/// session of `role_arn`) through S3. KMS semantics: the key policy must allow the principal
/// itself, or allow the account and leave it to the identity policies (with the permissions
/// boundary); an explicit Deny in either wins. The AWS managed key aws/s3 serves every
/// principal of its account through S3. A key that is not Enabled refuses everyone.
KmsKeyAccess EvaluateKmsKeyAccess(const CloudSnapshot& snapshot, const CompiledRole& role,
                                  const std::string& role_arn, const std::string& principal);

}  // namespace raycloud::verify
