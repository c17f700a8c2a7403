#pragma once

// Stateless network-ACL evaluation: a class of packets (protocols x remote addresses x
// ports) against an ACL's entries of one direction, rule by rule in number order.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>

namespace raycloud::verify {

/// A class of IPv4 packets crossing a subnet boundary in one direction.
struct AclFlow {
  bool egress = false;
  int protocol_lo = 0, protocol_hi = 255;          // IANA protocol numbers; 0-255 is "all"
  uint32_t remote_lo = 0, remote_hi = 0xFFFFFFFF;  // the address outside the subnet
  int port_lo = 0, port_hi = 65535;                // destination port (TCP/UDP)
};

/// Whether every packet of a flow is allowed, and if not, the rule that denies some.
struct AclVerdict {
  bool allowed = true;
  /// The first rule (in number order) that denies part of the flow; nullopt when part of
  /// the flow matches no rule and falls to the final implicit deny (`*`).
  std::optional<int> deny_rule;
};

/// Evaluates `flow` against `acl` (a DescribeNetworkAcls entry). Exact: a flow allowed in
/// pieces by several rules is allowed; a deny rule that only shadows part of it denies.
AclVerdict EvaluateAcl(const nlohmann::json& acl, const AclFlow& flow);

/// The number of the final catch-all entry (`*`) as DescribeNetworkAcls reports it.
inline constexpr int kDefaultRuleNumber = 32767;

/// A rule number for a new allow entry of that direction, unused by the ACL and not in
/// `taken`: the closest below `below` (a denying rule), or, when the flow only fell to the
/// final `*` rule, the next multiple of 10 after the last numbered entry. nullopt when none.
std::optional<int> FreeRuleNumber(const nlohmann::json& acl, bool egress, int below,
                                  const std::set<int>& taken = {});

/// A flow of all traffic or of one TCP port range, to or from an IPv4 CIDR.
std::optional<AclFlow> MakeAclFlow(bool egress, const std::string& cidr, bool all_traffic,
                                   int port_lo, int port_hi);

}  // namespace raycloud::verify
