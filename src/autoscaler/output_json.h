#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "autoscaler/types.h"

namespace raycloud::autoscaler {

/// The decision as cli.md's document: `launch`, `terminate`, `infeasible`,
/// `hourly_cost_before`, `hourly_cost_after`, plus `deferred` (demand a limit held back,
/// with the `limit`). `decision_ms` is the caller's to add: the engine reads no clock.
nlohmann::json DecisionToJson(const Decision& decision);

/// A few lines for a person: what to launch and terminate, and what cannot be served.
std::string DecisionToText(const Decision& decision, double decision_ms);

}  // namespace raycloud::autoscaler
