#pragma once

// Reading security-group permissions (IpPermissions / IpPermissionsEgress entries).

#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

namespace raycloud::verify {

/// The protocol of a permission: "-1" (all), "tcp", "udp", "icmp", ... (numbers 6 and 17
/// normalised to tcp and udp).
std::string PermissionProtocol(const nlohmann::json& permission);
/// True for an all-traffic permission (protocol -1).
bool IsAllTraffic(const nlohmann::json& permission);
/// True when the permission admits TCP `port` (all traffic, or TCP with a covering range).
bool CoversTcpPort(const nlohmann::json& permission, int port);
/// The IPv4 and IPv6 CIDR sources or destinations of the permission.
std::vector<std::string> PermissionCidrs(const nlohmann::json& permission);
/// Its CIDRs that cover the whole internet (0.0.0.0/0, ::/0).
std::vector<std::string> WorldCidrs(const nlohmann::json& permission);
/// True when it names one of `groups` as source or destination.
bool ReferencesGroup(const nlohmann::json& permission, const std::set<std::string>& groups);
/// True when the permission covers all of `cidr` (an IPv4 CIDR).
bool CoversCidr(const nlohmann::json& permission, const std::string& cidr);
/// "tcp 22", "tcp 8000-8100", "all traffic", "icmp".
std::string DescribePorts(const nlohmann::json& permission);
/// The permission narrowed to one CIDR source, as the JSON `--ip-permissions` takes.
nlohmann::json PermissionWithCidr(const nlohmann::json& permission, const std::string& cidr);

/// True when some inbound permission of `group` admits TCP `port` from one of
/// `source_groups`, or from a CIDR covering every one of `source_cidrs` (when non-empty).
bool AdmitsTcp(const nlohmann::json& group, int port, const std::set<std::string>& source_groups,
               const std::vector<std::string>& source_cidrs);

}  // namespace raycloud::verify
