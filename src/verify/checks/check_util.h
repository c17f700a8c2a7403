#pragma once

// Small lookups over a snapshot shared by the check files. Everything here is pure.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "verify/finding.h"
#include "verify/snapshot.h"

namespace raycloud::verify {

using nlohmann::json;

/// Builds a finding.
Finding MakeFinding(std::string_view id, std::optional<std::string> resource, CheckStatus status,
                    std::string message, std::string remediation = {});

/// The element of `call.output[list_key]` whose `id_key` equals `id`, or nullptr.
const json* FindById(const CallResult& call, const char* list_key, const char* id_key,
                     std::string_view id);

/// The elements of `call.output[list_key]` (empty when the call failed).
const json& ListOf(const CallResult& call, const char* list_key);

/// The array member `key` of an object, by reference; an empty array when absent or not an
/// array (so loops may keep pointers into the snapshot).
const json& Items(const json& object, const char* key);

/// A string member of an object, or "" when absent or not a string.
std::string Text(const json& object, const char* key);
/// The same without a copy (lookups over hundreds of subnets compare ids many times); valid
/// while `object` lives.
std::string_view TextView(const json& object, const char* key);

/// The cloud's VPC, or nullptr when it was not found.
const json* FindVpc(const CloudSnapshot& snapshot);
/// A subnet of the cloud or of its VPC, or nullptr.
const json* FindSubnet(const CloudSnapshot& snapshot, std::string_view subnet_id);
/// A security group of the cloud or of its VPC, or nullptr.
const json* FindSecurityGroup(const CloudSnapshot& snapshot, std::string_view group_id);
/// The route table a subnet uses: its explicit association, else its VPC's main table.
const json* RouteTableOfSubnet(const CloudSnapshot& snapshot, const json& subnet);
/// The active or blackhole IPv4 default route (0.0.0.0/0) of a route table, or nullptr.
const json* DefaultRoute(const json& route_table);
/// True when an internet gateway with this id is attached to the VPC.
bool InternetGatewayAttached(const CloudSnapshot& snapshot, std::string_view igw_id,
                             std::string_view vpc_id);
/// The public subnets holding the NAT gateways the cluster subnets route through, plus
/// any the target names; in first-seen order, without duplicates.
std::vector<std::string> NatSubnetIds(const CloudSnapshot& snapshot);
/// The cloud's subnets that exist, in the target's order.
std::vector<const json*> FoundClusterSubnets(const CloudSnapshot& snapshot);
/// The cloud's security groups that exist, in the target's order.
std::vector<const json*> FoundSecurityGroups(const CloudSnapshot& snapshot);

/// " --region R" for remediation commands.
std::string RegionFlag(const CloudSnapshot& snapshot);
/// Wraps text in single quotes for a POSIX shell.
std::string ShellQuote(std::string_view text);
/// "a, b and c".
std::string JoinList(const std::vector<std::string>& items);
/// The message of a check skipped because a resource it needs is missing.
/// The remediation of a read that failed: grant `action` when AWS refused it; otherwise
/// (throttled past its retries, a 5xx, a reset or a timeout) run verify again, since the
/// failure says nothing about the cloud.
std::string ReadFailureFix(const CallResult& call, std::string_view action);

std::string MissingMessage(std::string_view what, std::string_view id,
                           std::string_view exists_check);

/// The region a bucket is in, from GetBucketLocation's LocationConstraint.
std::string BucketRegion(const json& location_output);

}  // namespace raycloud::verify
