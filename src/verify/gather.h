#pragma once

#include <cstddef>

#include "aws/client/aws_client.h"
#include "verify/snapshot.h"
#include "verify/target.h"

namespace raycloud::verify {

struct GatherOptions {
  /// AWS calls in flight at once.
  size_t concurrency = 8;
  /// The client holding the control plane's credentials (RAYCLOUD_CONTROL_PLANE_PROFILE);
  /// null: the same client as the one gathering.
  aws::AwsClient* control_plane_client = nullptr;
  /// Really call sts:AssumeRole on the control-plane role with the external id
  /// (iam.control_plane_role.assume); the credentials it returns are dropped at once.
  bool try_assume_role = true;
};

/// Reads everything the checks need, with every service in parallel and describe calls
/// filtered by the VPC or by the list of ids, so the number of calls depends on the kinds of
/// resources, not on how many subnets or rules there are. A missing or unreadable resource
/// is recorded in the snapshot as the call's error; it never stops the gathering.
CloudSnapshot GatherSnapshot(aws::AwsClient& client, const VerifyTarget& target,
                             const GatherOptions& options = {});

}  // namespace raycloud::verify
