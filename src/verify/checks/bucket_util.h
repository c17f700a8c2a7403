#pragma once

#include <optional>
#include <string>

#include "verify/finding.h"
#include "verify/snapshot.h"

namespace raycloud::verify {

/// True when GetBucketLocation found the bucket (and it is the account's).
bool BucketFound(const CloudSnapshot& snapshot);
/// A `skip` finding for `check_id` when the bucket is missing, else nullopt.
std::optional<Finding> SkipWithoutBucket(const CloudSnapshot& snapshot, const char* check_id);
/// " --expected-bucket-owner ACCOUNT" when the account is known, for s3api commands.
std::string OwnerFlag(const CloudSnapshot& snapshot);

}  // namespace raycloud::verify
