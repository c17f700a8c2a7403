#pragma once

// "Missing raycloud tags" (verify-checks.md, "What --fix may change"): the cloud's VPC,
// subnets and security groups that lack the `raycloud-cloud-id` tag get a CreateTags fix on
// their `*.exists` finding, so `--fix` adds it (gc, import and the control-plane policy's
// tag conditions find a cloud's resources by that tag). The finding keeps its status.

#include "verify/finding.h"
#include "verify/snapshot.h"

namespace raycloud::verify {

/// Attaches the tag fixes to the `vpc.exists`, `subnets.exists` and
/// `security_groups.exists` findings of resources found untagged.
void AddMissingTagFixes(const CloudSnapshot& snapshot, Findings& findings);

}  // namespace raycloud::verify
