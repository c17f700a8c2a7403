#include "verify/checks/network_acl_eval.h"

#include <algorithm>
#include <array>
#include <vector>

#include "net/cidr.h"
#include "verify/checks/check_util.h"

namespace raycloud::verify {
namespace {

using nlohmann::json;

// A box in (protocol, remote address, port) space, bounds inclusive.
struct Box {
  std::array<int64_t, 3> lo;
  std::array<int64_t, 3> hi;
};

std::optional<Box> Intersect(const Box& a, const Box& b) {
  Box out;
  for (int d = 0; d < 3; ++d) {
    out.lo[d] = std::max(a.lo[d], b.lo[d]);
    out.hi[d] = std::min(a.hi[d], b.hi[d]);
    if (out.lo[d] > out.hi[d]) return std::nullopt;
  }
  return out;
}

// `box` minus `cut` (which lies inside it), as at most six disjoint boxes.
void Subtract(const Box& box, const Box& cut, std::vector<Box>& out) {
  Box rest = box;
  for (int d = 0; d < 3; ++d) {
    if (rest.lo[d] < cut.lo[d]) {
      Box below = rest;
      below.hi[d] = cut.lo[d] - 1;
      out.push_back(below);
    }
    if (rest.hi[d] > cut.hi[d]) {
      Box above = rest;
      above.lo[d] = cut.hi[d] + 1;
      out.push_back(above);
    }
    rest.lo[d] = cut.lo[d];
    rest.hi[d] = cut.hi[d];
  }
}

// The box an ACL entry matches, or nullopt for entries that cannot match IPv4 packets.
std::optional<Box> EntryBox(const json& entry) {
  auto cidr = net::Ipv4Cidr::Parse(entry.value("CidrBlock", ""), false);
  if (!cidr) return std::nullopt;  // IPv6 entries
  Box box{{0, cidr->address(), 0},
          {255, int64_t{cidr->address()} + int64_t(cidr->size()) - 1, 65535}};
  std::string protocol = entry.value("Protocol", "-1");
  if (protocol != "-1") {
    int number = 0;
    try {
      number = std::stoi(protocol);
    } catch (...) {
      return std::nullopt;
    }
    box.lo[0] = box.hi[0] = number;
    // Only TCP and UDP entries carry ports; other protocols match every "port".
    if ((number == 6 || number == 17) && entry.contains("PortRange")) {
      box.lo[2] = entry["PortRange"].value("From", 0);
      box.hi[2] = entry["PortRange"].value("To", 65535);
    }
  }
  return box;
}

std::vector<const json*> SortedEntries(const json& acl, bool egress) {
  std::vector<const json*> entries;
  for (const auto& entry : Items(acl, "Entries")) {
    if (entry.value("Egress", false) == egress) entries.push_back(&entry);
  }
  std::stable_sort(entries.begin(), entries.end(), [](const json* a, const json* b) {
    return a->value("RuleNumber", 0) < b->value("RuleNumber", 0);
  });
  return entries;
}

}  // namespace

AclVerdict EvaluateAcl(const json& acl, const AclFlow& flow) {
  std::vector<Box> remaining = {Box{{flow.protocol_lo, flow.remote_lo, flow.port_lo},
                                    {flow.protocol_hi, flow.remote_hi, flow.port_hi}}};
  for (const json* entry : SortedEntries(acl, flow.egress)) {
    auto rule = EntryBox(*entry);
    if (!rule) continue;
    bool allow = entry->value("RuleAction", "deny") == "allow";
    std::vector<Box> next;
    for (const Box& box : remaining) {
      auto hit = Intersect(box, *rule);
      if (!hit) {
        next.push_back(box);
        continue;
      }
      if (!allow) return {.allowed = false, .deny_rule = entry->value("RuleNumber", 0)};
      Subtract(box, *hit, next);
    }
    remaining = std::move(next);
    if (remaining.empty()) return {.allowed = true};
  }
  // What no rule matched falls to the implicit final deny.
  return {.allowed = false, .deny_rule = std::nullopt};
}

std::optional<int> FreeRuleNumber(const json& acl, bool egress, int below,
                                  const std::set<int>& taken) {
  std::set<int> used = taken;
  int last = 0;
  for (const json* entry : SortedEntries(acl, egress)) {
    int number = entry->value("RuleNumber", 0);
    used.insert(number);
    if (number < kDefaultRuleNumber) last = std::max(last, number);
  }
  if (below >= kDefaultRuleNumber) {
    for (int number = (last / 10 + 1) * 10; number < kDefaultRuleNumber; number += 10) {
      if (!used.contains(number)) return number;
    }
    below = kDefaultRuleNumber;
  }
  for (int number = below - 1; number >= 1; --number) {
    if (!used.contains(number)) return number;
  }
  return std::nullopt;
}

std::optional<AclFlow> MakeAclFlow(bool egress, const std::string& cidr, bool all_traffic,
                                   int port_lo, int port_hi) {
  auto parsed = net::Ipv4Cidr::Parse(cidr, false);
  if (!parsed) return std::nullopt;
  AclFlow flow;
  flow.egress = egress;
  flow.remote_lo = parsed->address();
  flow.remote_hi = static_cast<uint32_t>(uint64_t{parsed->address()} + parsed->size() - 1);
  if (!all_traffic) {
    flow.protocol_lo = flow.protocol_hi = 6;
    flow.port_lo = port_lo;
    flow.port_hi = port_hi;
  }
  return flow;
}

}  // namespace raycloud::verify
