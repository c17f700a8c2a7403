#pragma once

#include <nlohmann/json.hpp>

#include <string_view>

#include "common/error.h"

namespace raycloud::aws {

/// Evaluates the JMESPath subset botocore waiters and paginators use: dotted field paths
/// with `[]` flatten projections (`Reservations[].Instances[].State.Name`), `a || b`, quoted
/// string literals (`''`), JSON literals in backticks, and `length(expr) OP literal` with
/// `==`, `!=`, `<`, `<=`, `>`, `>=`. Anything else is an error (never a silent guess).
Result<nlohmann::json> EvaluateJmesPath(std::string_view expression, const nlohmann::json& data);

}  // namespace raycloud::aws
