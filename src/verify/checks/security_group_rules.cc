#include "verify/checks/security_group_rules.h"

#include <fmt/format.h>

#include "common/strings.h"
#include "net/cidr.h"
#include "verify/checks/check_util.h"

namespace raycloud::verify {

using nlohmann::json;

std::string PermissionProtocol(const json& permission) {
  json protocol = permission.value("IpProtocol", json("-1"));
  std::string text =
      protocol.is_string() ? strings::Lower(protocol.get<std::string>()) : protocol.dump();
  if (text == "6") return "tcp";
  if (text == "17") return "udp";
  if (text == "1") return "icmp";
  return text;
}

bool IsAllTraffic(const json& permission) { return PermissionProtocol(permission) == "-1"; }

bool CoversTcpPort(const json& permission, int port) {
  std::string protocol = PermissionProtocol(permission);
  if (protocol == "-1") return true;
  if (protocol != "tcp") return false;
  int from = permission.value("FromPort", -1);
  int to = permission.value("ToPort", -1);
  if (from == -1 && to == -1) return true;  // every port
  return from <= port && port <= to;
}

std::vector<std::string> PermissionCidrs(const json& permission) {
  std::vector<std::string> out;
  for (const auto& range : Items(permission, "IpRanges")) {
    if (range.contains("CidrIp")) out.push_back(range["CidrIp"].get<std::string>());
  }
  for (const auto& range : Items(permission, "Ipv6Ranges")) {
    if (range.contains("CidrIpv6")) out.push_back(range["CidrIpv6"].get<std::string>());
  }
  return out;
}

std::vector<std::string> WorldCidrs(const json& permission) {
  std::vector<std::string> out;
  for (const auto& cidr : PermissionCidrs(permission)) {
    if (cidr.ends_with("/0")) out.push_back(cidr);
  }
  return out;
}

bool ReferencesGroup(const json& permission, const std::set<std::string>& groups) {
  for (const auto& pair : Items(permission, "UserIdGroupPairs")) {
    if (groups.contains(pair.value("GroupId", ""))) return true;
  }
  return false;
}

bool CoversCidr(const json& permission, const std::string& cidr) {
  auto wanted = net::Ipv4Cidr::Parse(cidr, false);
  if (!wanted) return false;
  for (const auto& range : Items(permission, "IpRanges")) {
    auto have = net::Ipv4Cidr::Parse(range.value("CidrIp", ""), false);
    if (have && have->Contains(*wanted)) return true;
  }
  return false;
}

std::string DescribePorts(const json& permission) {
  std::string protocol = PermissionProtocol(permission);
  if (protocol == "-1") return "all traffic";
  if (protocol != "tcp" && protocol != "udp") return protocol;
  int from = permission.value("FromPort", -1);
  int to = permission.value("ToPort", -1);
  if (from == -1 || (from == 0 && to == 65535)) return protocol + " all ports";
  if (from == to) return fmt::format("{} {}", protocol, from);
  return fmt::format("{} {}-{}", protocol, from, to);
}

json PermissionWithCidr(const json& permission, const std::string& cidr) {
  json out = {{"IpProtocol", permission.value("IpProtocol", json("-1"))}};
  if (permission.contains("FromPort")) out["FromPort"] = permission["FromPort"];
  if (permission.contains("ToPort")) out["ToPort"] = permission["ToPort"];
  if (cidr.find(':') != std::string::npos) {
    out["Ipv6Ranges"] = json::array({{{"CidrIpv6", cidr}}});
  } else {
    out["IpRanges"] = json::array({{{"CidrIp", cidr}}});
  }
  return out;
}

bool AdmitsTcp(const json& group, int port, const std::set<std::string>& source_groups,
               const std::vector<std::string>& source_cidrs) {
  for (const auto& permission : Items(group, "IpPermissions")) {
    if (!CoversTcpPort(permission, port)) continue;
    if (ReferencesGroup(permission, source_groups)) return true;
    if (source_cidrs.empty()) continue;
    bool covers_all = true;
    for (const auto& cidr : source_cidrs) covers_all = covers_all && CoversCidr(permission, cidr);
    if (covers_all) return true;
  }
  return false;
}

}  // namespace raycloud::verify
