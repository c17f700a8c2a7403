#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace raycloud::cloud {

/// Which feature needs an action: `core` to run clusters at all, `services` for Ray
/// services behind load balancers (verify warns, not fails, when one is missing).
enum class ActionGroup { kCore, kServices };

std::string_view ActionGroupName(ActionGroup group);

/// One action the control plane calls through the cloud's role, on one resource pattern,
/// with the request context raycloud sends. Patterns and context values may hold the
/// placeholders ${Partition}, ${Account}, ${Region}, ${CloudId}, ${InstanceRoleArn} and
/// ${InstanceProfileName} (see ExpandPlaceholders).
struct RequiredAction {
  std::string action;    // "ec2:RunInstances"
  std::string resource;  // "arn:${Partition}:ec2:${Region}:${Account}:instance/*"
  /// Context keys and values raycloud sends with the call; the permissions policy grants
  /// the action only under exactly these values (StringEquals).
  std::vector<std::pair<std::string, std::string>> context;
  ActionGroup group = ActionGroup::kCore;
  std::string purpose;  // one phrase for the README table
};

/// The single source of the control-plane role's permissions (cloud-resources.md,
/// "Identity"): setup writes the policy from it, verify evaluates the role against it,
/// `cloud policies` prints it, docs/required-actions.md documents it.
const std::vector<RequiredAction>& RequiredActions();

/// The tag key that scopes every resource of a cloud.
inline constexpr std::string_view kCloudIdTag = "raycloud-cloud-id";

}  // namespace raycloud::cloud
