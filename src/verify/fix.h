#pragma once

#include <string>
#include <vector>

#include "aws/client/aws_client.h"
#include "verify/finding.h"

namespace raycloud::verify {

/// The safe remediations of a report (verify-checks.md, "What --fix may change"), in report
/// order: those of findings that warn or fail, and the missing-tag fixes that passing
/// `*.exists` findings carry.
std::vector<FixAction> PlannedFixes(const Findings& findings);

/// True for the calls `--fix` may make: VPC DNS attributes, S3 endpoint route-table
/// associations, bucket encryption, public access block, bucket policy, CORS and lifecycle,
/// the MemoryDB parameter group, tags. Never IAM, security groups, network ACLs or deletes.
bool IsSafeFix(const FixAction& action);

struct FixOutcome {
  FixAction action;
  bool applied = false;
  std::string error;  // why it was refused or failed
};

/// Applies each action in order, refusing any that IsSafeFix rejects; never stops at a
/// failure.
std::vector<FixOutcome> ApplyFixes(aws::AwsClient& client, const std::vector<FixAction>& actions);

}  // namespace raycloud::verify
