#pragma once

#include <string_view>
#include <vector>

#include "verify/finding.h"
#include "verify/snapshot.h"

namespace raycloud::verify {

/// A check function: pure, snapshot in, findings out.
using CheckFn = Findings (*)(const CloudSnapshot&);

/// One registered check function and the ids it reports.
struct CheckEntry {
  std::vector<std::string_view> ids;
  CheckFn run;
};

/// Every check, in report order (the order of verify-checks.md).
const std::vector<CheckEntry>& Registry();

/// Every check id, in report order.
std::vector<std::string_view> AllCheckIds();

/// The area a check id belongs to: "Network", "Identity", "Storage" or "Account".
std::string_view AreaOf(std::string_view check_id);

/// Runs every check on the snapshot; never stops at a failure. Findings come in registry
/// order, and within a check in the order it reports them.
Findings RunChecks(const CloudSnapshot& snapshot);

}  // namespace raycloud::verify
